"""The storefront (SPEC E1): each storefront served with its theme, beside /graphql (the app's
router hands it every request no API route matches).

A page is a template plus the documents its theme names. The engine runs those documents
in-process against the very schema /graphql serves, as the visitor (identify(): the same bearer
token or session cookie), and renders the template with their data. A form posts back to its
page's route; the engine runs the page's mutation document and redirects (post/redirect/get),
or shows the form again with the errors next to their fields.

The engine is a plain ASGI callable, not a Starlette app, so `request.app` stays the main
application whose state (settings, signer) identify() reads."""

from __future__ import annotations

import hashlib
import logging
import secrets
import traceback
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import strawberry
from graphql import GraphQLError
from jinja2 import ChoiceLoader, DictLoader, TemplateError
from markupsafe import escape
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import compile_path, get_route_path
from starlette.types import Receive, Scope, Send

from graphql_api.auth.principal import ANONYMOUS, PARTNER_KIND, Principal
from graphql_api.auth.tokens import TokenSigner
from graphql_api.models import Storefront
from graphql_api.services import access, partners
from graphql_api.services.errors import ErrorCode
from graphql_api.services.themes import installed_themes
from graphql_api.settings import Settings
from graphql_api.web.downloads import orders_csv, price_table_csv, products_csv, purchases_csv
from graphql_api.web.forms import FORM_TYPE, FormError, media_type, read_form
from graphql_api.web.identity import (
    COOKIE,
    STOREFRONT_HEADER,
    Identity,
    IdentityError,
    clear_session_cookies,
    csrf_token_for,
    identify,
    is_own_origin,
    refuse_cross_site,
    set_session_cookies,
    storefront_of,
)
from graphql_api.web.storefront import contract, embed
from graphql_api.web.storefront.i18n import Language, native_name, negotiate, supported
from graphql_api.web.storefront.manifest import Page
from graphql_api.web.storefront.theme import Document, Theme, ThemeError, ThemeRegistry
from graphql_api.web.storefront.variables import (
    BadValue,
    field_of,
    user_errors,
    variable_paths,
    variables_for,
)
from resolvers.context import Context

logger = logging.getLogger("vitrine.storefront")

LANGUAGE_COOKIE = "vitrine_lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
IMMUTABLE = "public, max-age=31536000, immutable"
# Pages carry a visitor's own prices and its CSRF token: never kept by shared caches.
PAGE_HEADERS = {
    "cache-control": "private, no-store",
    "vary": "Cookie, Accept-Language",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "content-security-policy": (
        "default-src 'self'; img-src 'self' https: data:; style-src 'self'; "
        "script-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'self'"
    ),
}
SIGN_IN_STATUS = {
    ErrorCode.TOO_MANY_ATTEMPTS: 429,
    ErrorCode.NOT_APPROVED: 403,
}
HUES = 12
# The engine's downloads under a storefront's prefix; the same handlers as the API's routes.
DOWNLOADS = {
    contract.ENGINE_ROUTES["price_table_csv"]: price_table_csv,
    contract.ENGINE_ROUTES["purchases_csv"]: purchases_csv,
    contract.ENGINE_ROUTES["products_csv"]: products_csv,
    contract.ENGINE_ROUTES["orders_csv"]: orders_csv,
}


class PageFailure(Exception):
    """The page cannot be shown: an HTTP status, and for development the detail."""

    def __init__(self, status: int, detail: str = "", message: str | None = None) -> None:
        super().__init__(detail or str(status))
        self.status = status
        self.detail = detail
        self.message = message


class SignInFirst(Exception):
    """The page needs a signed-in buyer: to the sign-in page, then back to `back` (default:
    the address asked for)."""

    def __init__(self, back: str | None = None) -> None:
        super().__init__(back or "")
        self.back = back


@dataclass
class Visit:
    """One request to a storefront page: who, where, in which theme and language."""

    request: Request
    prefix: str
    identity: Identity
    storefront: Storefront
    theme: Theme
    language: Language
    preview: str | None = None
    clear_session: bool = False
    set_language: str | None = None
    extra_headers: dict[str, str] = field(default_factory=dict)

    @property
    def signed_in(self) -> bool:
        return self.identity.principal.is_contact

    @property
    def csrf(self) -> str:
        if self.identity.via != COOKIE:
            return ""
        token = self.request.cookies.get("vitrine_session", "")
        return csrf_token_for(self.request.app.state.settings, token) if token else ""


def _hue(text: Any) -> int:
    return hashlib.sha256(str(text).encode()).digest()[0] % HUES


def _local_path(target: str | None) -> str | None:
    """A `next` address only when it stays on this site. Browsers drop tabs and newlines from
    an address and read a backslash as a slash: "/", a tab, "/evil.example" would leave it."""
    if not target or not target.startswith("/"):
        return None
    if any(ord(c) < 0x21 or c == "\\" for c in target) or target.startswith("//"):
        return None
    return target


class StorefrontEngine:
    def __init__(self, settings: Settings, schema: strawberry.Schema, signer: TokenSigner):
        self.settings = settings
        self.schema = schema
        self.signer = signer
        self.themes = ThemeRegistry(settings)
        self._embed_environments: dict[str, tuple[Theme, Any]] = {}
        self._routes = {
            route.path: compile_path(route.path)[0]
            for spec in contract.PAGES.values()
            for route in spec.routes
        }

    # ASGI entry point

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path = get_route_path(scope)
        if path.startswith(contract.STATIC_PREFIX):
            response = self._static(path, scope)
        else:
            response = await self._storefront(scope, receive, path)
        await response(scope, receive, send)

    def _static(self, path: str, scope: Scope) -> Response:
        """`/static/<theme>/<hash>/<file>`: a year in caches when the hash is the file's
        own (the address changes with the content), revalidated otherwise."""
        parts = path[len(contract.STATIC_PREFIX) :].split("/", 2)
        found = self.themes.static_file(parts[0], parts[2]) if len(parts) == 3 else None
        if found is None or scope["method"] not in ("GET", "HEAD"):
            return Response("Not found", status_code=404, media_type="text/plain")
        file, digest = found
        cache = IMMUTABLE if parts[1] == digest else "no-cache"
        return FileResponse(
            file, headers={"cache-control": cache, "x-content-type-options": "nosniff"}
        )

    async def _storefront(self, scope: Scope, receive: Receive, path: str) -> Response:
        slug: str | None = None
        prefix = ""
        if path.startswith(contract.STOREFRONT_PREFIX):
            slug, slash, rest = path[len(contract.STOREFRONT_PREFIX) :].partition("/")
            if not slash:
                return RedirectResponse(f"{contract.STOREFRONT_PREFIX}{slug}/", 308)
            prefix, path = f"{contract.STOREFRONT_PREFIX}{slug}", "/" + rest
        else:
            host = Request(scope).url.hostname or ""
            slug = self.settings.storefront_domains.get(host.lower())
        # The storefront comes from the address, never from a header the browser sent.
        headers = [(k, v) for k, v in scope["headers"] if k.decode("latin-1") != STOREFRONT_HEADER]
        if slug:
            headers.append((STOREFRONT_HEADER.encode(), slug.encode("utf-8", "replace")))
        request = Request({**scope, "headers": headers}, receive)
        try:
            if path in embed.ROUTES:
                return await self._embed(request, prefix, path)
            return await self._serve(request, prefix, path)
        except Exception:
            logger.exception("storefront page failed: %s", path)
            return self._bare_error(500)

    # Requests

    async def _serve(self, request: Request, prefix: str, path: str) -> Response:
        form: dict[str, str] | None = None
        if request.method == "POST":
            if media_type(request) != FORM_TYPE:
                return self._bare_error(415)
            try:
                form = await read_form(request)
            except FormError:
                return self._bare_error(400)
        visit = await self._visit(request, prefix, form)
        if isinstance(visit, Response):
            return visit
        response = await self._dispatch(visit, path, form)
        return self._finish(visit, response)

    async def _visit(
        self, request: Request, prefix: str, form: dict[str, str] | None
    ) -> Visit | Response:
        clear_session = False
        try:
            if form is not None:
                refuse_cross_site(request)
            identity = await identify(request, form=form)
        except IdentityError as exc:
            if exc.status == 401 and request.method in ("GET", "HEAD"):
                # An expired session: the page is shown as to a visitor, and the cookie goes.
                try:
                    storefront = await storefront_of(request)
                except IdentityError:
                    return self._bare_error(404)
                identity = Identity(ANONYMOUS, storefront, None)
                clear_session = True
            elif exc.status == 400:
                return self._bare_error(404)
            elif exc.status == 401:
                response = RedirectResponse(self._sign_in_url(prefix, request), 303)
                clear_session_cookies(response, request)
                return response
            else:
                return self._bare_error(exc.status)
        storefront = identity.storefront
        if storefront is None:
            return self._bare_error(404)
        principal = identity.principal
        if principal.is_contact and principal.contact.storefront_id != storefront.id:  # type: ignore[union-attr]  # is_contact means contact is set
            # A buyer of another storefront is a visitor here.
            identity = Identity(ANONYMOUS, storefront, None)
        preview = request.query_params.get(contract.PREVIEW_PARAM)
        if not (preview and principal.is_staff and preview in installed_themes(self.settings)):
            preview = None
        try:
            theme = self.themes.get(preview or storefront.theme)
        except ThemeError as exc:
            logger.error("theme of storefront %s cannot be served: %s", storefront.slug, exc)
            return self._bare_error(500, str(exc))
        visit = Visit(
            request=request,
            prefix=prefix,
            identity=identity,
            storefront=storefront,
            theme=theme,
            language=theme.language(self._language(request, theme, identity)),
            preview=preview,
            clear_session=clear_session,
        )
        return visit

    def _language(self, request: Request, theme: Theme, identity: Identity) -> str:
        """The visitor's own choice (the switcher), else the buyer's company's, else the
        browser's, else the storefront's, else the theme's first."""
        available = theme.locales
        chosen = request.cookies.get(LANGUAGE_COOKIE)
        if chosen in available:
            return chosen
        company = identity.principal.company
        if company is not None and company.preferred_language in available:
            return company.preferred_language
        browser = negotiate(request.headers.get("accept-language", ""), available)
        if browser:
            return browser
        default = identity.storefront.default_language if identity.storefront else None
        if default in available:
            return default
        return available[0]

    async def _dispatch(self, visit: Visit, path: str, form: dict[str, str] | None) -> Response:
        request = visit.request
        wanted = supported(request.query_params.get(contract.LANGUAGE_PARAM))
        if contract.LANGUAGE_PARAM in request.query_params and form is None:
            # The switcher: remember the choice, then show the same address without it.
            query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
            target = visit.prefix + path + (f"?{urlencode(query)}" if query else "")
            response = RedirectResponse(target, 303)
            if wanted in visit.theme.locales:
                visit.set_language = wanted
            return response
        download = DOWNLOADS.get(path)
        if download is not None and form is None:
            return await download(request)
        if path == contract.ENGINE_ROUTES["sign_out"]:
            if form is None:
                return self._error(visit, 405)
            return await self._sign_out(visit)
        match = self._match(visit.theme, path)
        if match is None:
            return self._error(visit, 404)
        page, params = match
        try:
            if page.sign_in and not visit.signed_in:
                raise SignInFirst
            if form is None:
                if request.method not in ("GET", "HEAD"):
                    return self._error(visit, 405)
                return await self._render_page(visit, page, params)
            if page.name == "sign_in":
                return await self._sign_in(visit, page, params, form)
            if page.action is None:
                return self._error(visit, 405)
            return await self._run_action(visit, page, params, form)
        except SignInFirst as first:
            url = self._sign_in_url(visit.prefix, request, visit.preview, first.back)
            return RedirectResponse(url, 303)
        except PageFailure as failure:
            return self._error(visit, failure.status, failure.detail, failure.message, page.name)

    def _match(self, theme: Theme, path: str) -> tuple[Page, dict[str, str]] | None:
        for page in theme.manifest.pages.values():
            for route in page.routes:
                pattern = self._routes.get(route.path)
                if pattern is None:
                    pattern = self._routes[route.path] = compile_path(route.path)[0]
                found = pattern.match(path)
                if found:
                    return page, {**route.constants, **found.groupdict()}
        return None

    def _finish(self, visit: Visit, response: Response) -> Response:
        if visit.clear_session:
            clear_session_cookies(response, visit.request)
        if visit.set_language:
            response.set_cookie(
                LANGUAGE_COOKIE,
                visit.set_language,
                LANGUAGE_COOKIE_AGE,
                path="/",
                secure=visit.request.url.scheme == "https",
                httponly=True,
                samesite="lax",
            )
        return response

    # Documents

    def _context(self, visit: Visit) -> Context:
        return Context(
            settings=self.settings,
            signer=self.signer,
            principal=visit.identity.principal,
            storefront=visit.storefront,
            request=visit.request,
        )

    async def _execute(
        self, document: Document, variables: dict[str, Any], context: Context
    ) -> dict[str, Any]:
        result = await self.schema.execute(
            document.source, variable_values=variables, context_value=context
        )
        if result.errors:
            raise self._failure(document, result.errors)
        return dict(result.data or {})

    def _failure(self, document: Document, errors: list[GraphQLError]) -> Exception:
        codes = {(e.extensions or {}).get("code") for e in errors}
        detail = f"queries/{document.name}.graphql:\n" + "\n".join(
            f"  {e.message} (path {e.path}, code {(e.extensions or {}).get('code')})"
            for e in errors
        )
        if ErrorCode.UNAUTHENTICATED in codes:
            return SignInFirst()
        if ErrorCode.FORBIDDEN in codes:
            return PageFailure(403, detail)
        if codes <= {ErrorCode.BAD_USER_INPUT} or all(
            e.message.startswith("Variable '$") for e in errors
        ):
            return PageFailure(400, detail)
        logger.error("theme document failed: %s", detail)
        return PageFailure(500, detail)

    def _page_variables(
        self, visit: Visit, page: Page, params: dict[str, str], document: Document
    ) -> dict[str, Any]:
        spec = contract.PAGES.get(page.name)
        texts = dict(spec.defaults()) if spec is not None and spec.defaults else {}
        query = visit.request.query_params
        texts.update((k, v) for k, v in query.items() if k not in contract.RESERVED_PARAMS)
        try:
            return variables_for(document, constants={**page.variables, **params}, texts=texts)
        except BadValue as exc:
            raise PageFailure(400, str(exc)) from None

    async def _page_data(self, visit: Visit, page: Page, params: dict[str, str]) -> dict[str, Any]:
        theme = visit.theme
        context = self._context(visit)
        data: dict[str, Any] = {}
        for name in (*theme.manifest.layout, *page.documents):
            document = theme.documents[name]
            variables = self._page_variables(visit, page, params, document)
            data.update(await self._execute(document, variables, context))
        for key in page.require:
            if data.get(key) is None:
                raise PageFailure(404, f"'{key}' is null")
        return data

    # Rendering

    def _url_builder(self, visit: Visit) -> Any:
        pages = visit.theme.manifest.pages

        def url(name: str, **params: Any) -> str:
            """A page's address (`url('product', sku=p.sku)`); parameters the route does not
            take become the query string."""
            params = {k: v for k, v in params.items() if v is not None and v != ""}
            if name in contract.ENGINE_ROUTES:
                path = contract.ENGINE_ROUTES[name]
            else:
                page = pages.get(name)
                spec = contract.PAGES.get(name)
                routes = page.routes if page else spec.routes if spec else ()
                if not routes:
                    raise ValueError(f"url(): there is no page '{name}'")
                route = routes[0]
                _, template, convertors = compile_path(route.path)
                missing = set(convertors) - set(params)
                if missing:
                    raise ValueError(f"url('{name}') needs {', '.join(sorted(missing))}")
                path = route.path
                for key in convertors:
                    path = path.replace("{" + key + "}", quote(str(params.pop(key)), safe=""))
            if visit.preview:
                params.setdefault(contract.PREVIEW_PARAM, visit.preview)
            query = f"?{urlencode(params)}" if params else ""
            return visit.prefix + path + query

        return url

    def _helpers(self, visit: Visit) -> dict[str, Any]:
        theme = visit.theme
        language = visit.language

        def static(path: str) -> str:
            digest = theme.static.get(path)
            if digest is None:
                raise ValueError(f"static(): there is no static/{path}")
            return f"{contract.STATIC_PREFIX}{theme.name}/{digest}/{path}"

        def language_url(code: str) -> str:
            query = [(k, v) for k, v in visit.request.query_params.multi_items() if k != "lang"]
            query.append((contract.LANGUAGE_PARAM, code))
            return visit.request.url.path + "?" + urlencode(query)

        return {
            "t": language.t,
            "money": language.money,
            "number": language.number,
            "percent": language.percent,
            "date": language.date,
            "datetime": language.datetime,
            "url": self._url_builder(visit),
            "static": static,
            "language_url": language_url,
            "hue": _hue,
            # A fresh value per render: a form's idempotency key, so a resubmitted form
            # (a double click, a retry after a timeout) places one order, a new render another.
            "nonce": lambda: secrets.token_urlsafe(18),
        }

    def _template_context(self, visit: Visit, page_name: str, params: dict[str, str]) -> dict:
        request = visit.request
        storefront = visit.storefront
        principal = visit.identity.principal
        notice_key = request.query_params.get(contract.NOTICE_PARAM, "")
        notice = None
        if notice_key.startswith("notices.") and notice_key in visit.language.messages:
            notice = visit.language.t(notice_key)
        helpers = self._helpers(visit)
        return {
            **helpers,
            "page": {
                "name": page_name,
                "params": dict(params),
                "query": dict(request.query_params),
                "path": request.url.path,
            },
            "storefront": {
                "name": storefront.name,
                "slug": storefront.slug,
                "defaultCurrency": storefront.default_currency,
                "catalogVisibility": str(storefront.catalog_visibility),
                "priceVisibility": str(storefront.price_visibility),
                "registrationMode": str(storefront.registration_mode),
            },
            "viewer": {
                "signedIn": visit.signed_in,
                "isStaff": principal.is_staff,
                "kind": str(principal.kind),
            },
            "language": visit.language.code,
            "languages": [
                {
                    "code": code,
                    "name": native_name(code),
                    "url": helpers["language_url"](code),
                    "current": code == visit.language.code,
                }
                for code in visit.theme.locales
            ],
            "theme": {
                "name": visit.theme.name,
                "version": visit.theme.manifest.version,
                "preview": visit.preview is not None,
            },
            "notice": notice,
            "csrf_token": visit.csrf,
            "development": self.settings.development,
            "form": {"values": {}, "errors": [], "fields": {}},
            "data": {},
        }

    def _render(
        self, visit: Visit, template: str, context: dict[str, Any], status: int = 200
    ) -> Response:
        try:
            html = visit.theme.environment.get_template(template).render(context)
        except (TemplateError, ValueError, TypeError, AttributeError, KeyError) as exc:
            logger.error("theme %s: template %s failed: %s", visit.theme.name, template, exc)
            raise PageFailure(500, _template_detail(exc)) from exc
        return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)

    async def _render_page(
        self,
        visit: Visit,
        page: Page,
        params: dict[str, str],
        *,
        form: dict[str, Any] | None = None,
        status: int = 200,
    ) -> Response:
        context = self._template_context(visit, page.name, params)
        context["data"] = await self._page_data(visit, page, params)
        if form is not None:
            context["form"] = form
        return self._render(visit, page.template, context, status)

    def _error(
        self,
        visit: Visit,
        status: int,
        detail: str = "",
        message: str | None = None,
        failed: str = "",
    ) -> Response:
        """The theme's error page; the engine's own when that fails too. `failed` names the
        page that could not be shown, so a theme can say why in its terms (a 403 on invoices:
        not for your role)."""
        language = visit.language
        context = self._template_context(visit, contract.ERROR_PAGE, {})
        context["error"] = {
            "page": failed,
            "status": status,
            "title": language.t(f"engine.error.{_error_kind(status)}.title"),
            "message": message or language.t(f"engine.error.{_error_kind(status)}.message"),
            "detail": detail if self.settings.development else "",
        }
        page = visit.theme.manifest.pages.get(contract.ERROR_PAGE)
        if page is None:
            return self._bare_error(status, detail)
        try:
            return self._render(visit, page.template, context, status)
        except PageFailure as failure:
            return self._bare_error(status, f"{detail}\n\nThe error page failed: {failure.detail}")

    def _bare_error(
        self, status: int, detail: str = "", headers: dict[str, str] | None = None
    ) -> Response:
        """For when no theme can say it: the storefront is unknown or its theme is broken."""
        kind = _error_kind(status)
        title = {"not_found": "Not found", "forbidden": "Forbidden", "bad_request": "Bad request"}
        text = title.get(kind, "Something went wrong")
        body = f"<!doctype html><meta charset=utf-8><title>{text}</title><h1>{text}</h1>"
        if self.settings.development and detail:
            body += f"<pre>{escape(detail)}</pre>"
        return HTMLResponse(body, status_code=status, headers=headers or PAGE_HEADERS)

    # The partner embed (embed.py)

    async def _embed(self, request: Request, prefix: str, path: str) -> Response:
        """The embed's page, its loader script and its own files. Everything but the files
        needs a live client's key for this storefront, from a page on one of its origins."""
        if request.method not in ("GET", "HEAD"):
            return self._bare_error(405)
        if path == embed.SCRIPT:
            return self._embed_file("frame.js", "text/javascript")
        if path == embed.STYLESHEET:
            return self._embed_file("embed.css", "text/css")
        client = await partners.embed_client(request.query_params.get(embed.KEY_PARAM, ""))
        try:
            storefront = await storefront_of(request)
        except IdentityError:
            storefront = None
        headers = {**PAGE_HEADERS, "content-security-policy": embed.page_policy(client)}
        if client is None or storefront is None or storefront.id not in client.storefront_ids:
            return self._bare_error(404, headers=headers)
        refused = embed.refusal(request, client)
        if refused:
            logger.info("embed of partner client %s refused: %s", client.client_id, refused)
            return self._bare_error(403, refused, headers=headers)
        if path == embed.LOADER:
            return Response(
                embed.loader_script(storefront.name),
                media_type="text/javascript",
                headers={**headers, "cache-control": "no-cache"},
            )
        try:
            theme = self.themes.get(storefront.theme)
        except ThemeError as exc:
            logger.error("theme of storefront %s cannot be served: %s", storefront.slug, exc)
            return self._bare_error(500, str(exc), headers=headers)
        # The partner's page is on another site: the frame has no cookies to read, so the
        # language is the snippet's, else the browser's, else the storefront's.
        wanted = supported(request.query_params.get(contract.LANGUAGE_PARAM))
        browser = negotiate(request.headers.get("accept-language", ""), theme.locales)
        code = next(
            (c for c in (wanted, browser, storefront.default_language) if c in theme.locales),
            theme.locales[0],
        )
        principal = Principal(
            kind=PARTNER_KIND, partner=client, scopes=tuple(partners.token_scopes(client, None))
        )
        visit = Visit(
            request=request,
            prefix=prefix,
            identity=Identity(principal, storefront, None),
            storefront=storefront,
            theme=theme,
            language=theme.language(code),
        )
        page = theme.manifest.pages[contract.HOME_PAGE]
        try:
            context = self._template_context(visit, page.name, {})
            context["embed"] = {
                "stylesheets": [
                    context["static"](name)
                    for name in theme.static
                    if name.endswith(".css") and "/" not in name
                ],
                "stylesheet": prefix + embed.STYLESHEET,
                "script": prefix + embed.SCRIPT,
            }
            # The catalog's documents only: the layout's ones feed the header the embed has not.
            data: dict[str, Any] = {}
            for name in page.documents:
                document = theme.documents[name]
                variables = self._page_variables(visit, page, {}, document)
                data.update(await self._execute(document, variables, self._context(visit)))
            context["data"] = data
            html = self._embed_environment(theme).get_template(page.template).render(context)
        except (PageFailure, SignInFirst, TemplateError, ValueError, TypeError) as exc:
            logger.error("embed of storefront %s failed: %s", storefront.slug, exc)
            return self._bare_error(500, str(exc), headers=headers)
        return HTMLResponse(html, headers=headers)

    def _embed_environment(self, theme: Theme) -> Any:
        """The theme's templates with the engine's embed layout in place of its base.html."""
        found = self._embed_environments.get(theme.name)
        if found is None or found[0] is not theme:
            environment = theme.environment.overlay(
                loader=ChoiceLoader(
                    [
                        DictLoader({embed.THEME_LAYOUT: embed.read("layout.html")}),
                        theme.environment.loader,  # type: ignore[list-item]  # the theme's loader is always set
                    ]
                )
            )
            found = self._embed_environments[theme.name] = (theme, environment)
        return found[1]

    def _embed_file(self, name: str, media_type: str) -> Response:
        return Response(
            embed.read(name),
            media_type=media_type,
            headers={"cache-control": "public, max-age=3600", "x-content-type-options": "nosniff"},
        )

    # Forms

    async def _run_action(
        self, visit: Visit, page: Page, params: dict[str, str], form: dict[str, str]
    ) -> Response:
        document = visit.theme.documents[page.action]  # type: ignore[index]  # the caller answers 405 when page.action is None
        texts = {k: v for k, v in form.items() if k != "csrf_token"}
        paths = variable_paths(document)
        try:
            variables = variables_for(document, constants={**page.variables, **params}, texts=texts)
        except BadValue as exc:
            errors = [{"field": [exc.name], "message": str(exc), "code": ErrorCode.INVALID}]
            return await self._form_again(visit, page, params, form, errors, paths)
        data = await self._execute(document, variables, self._context(visit))
        errors = user_errors(data)
        if not visit.signed_in and any(e.get("code") == ErrorCode.UNAUTHENTICATED for e in errors):
            # A visitor's "add to cart": sign in first, then back to the page the form was on.
            raise SignInFirst(self._form_page(visit))
        if errors:
            return await self._form_again(visit, page, params, form, errors, paths)
        target = page.success or page.name
        query = {contract.NOTICE_PARAM: page.notice} if page.notice else {}
        # A success page with a path parameter this page has too (a quote's accept form back
        # to the quote) keeps it.
        query.update((k, v) for k, v in params.items() if k in self._path_params(visit, target))
        return RedirectResponse(self._url_builder(visit)(target, **query), 303)

    def _path_params(self, visit: Visit, name: str) -> set[str]:
        page = visit.theme.manifest.pages.get(name)
        spec = contract.PAGES.get(name)
        routes = page.routes if page else spec.routes if spec else ()
        return set(compile_path(routes[0].path)[2]) if routes else set()

    async def _form_again(
        self,
        visit: Visit,
        page: Page,
        params: dict[str, str],
        form: dict[str, str],
        errors: list[dict[str, Any]],
        paths: dict[str, tuple[str, ...]],
        status: int = 422,
    ) -> Response:
        """The page again, with what was typed (never a password) and each error beside the
        field that caused it; errors about no field in particular under `form.errors`."""
        language = visit.language
        state: dict[str, Any] = {
            "values": {k: v for k, v in form.items() if "password" not in k.lower()},
            "errors": [],
            "fields": {},
        }
        for error in errors:
            code = str(error.get("code") or "")
            text = str(error.get("message") or "")
            key = f"errors.{code}"
            # English keeps the service's own sentence, the most precise one.
            if language.code != "en" and key in language.messages:
                text = language.t(key)
            name = field_of(error.get("field"), paths) if error.get("field") else None
            if name is None and error.get("field"):
                # A BadValue names its variable directly.
                candidate = error["field"][-1]
                name = candidate if candidate in form else None
            if name is None:
                state["errors"].append(text)
            else:
                state["fields"].setdefault(name, []).append(text)
        return await self._render_page(visit, page, params, form=state, status=status)

    async def _sign_in(
        self, visit: Visit, page: Page, params: dict[str, str], form: dict[str, str]
    ) -> Response:
        """The engine's own action: the same service as `contactLogin` and POST /session, with
        the token in the HttpOnly cookie."""
        request = visit.request
        email, password = form.get("email", ""), form.get("password", "")
        result = await access.contact_login(
            self.signer,
            self.settings,
            visit.storefront,
            email,
            password,
            request.client.host if request.client else None,
        )
        if not result.ok:
            errors = [
                {"field": None, "message": e.message, "code": str(e.code)} for e in result.errors
            ]
            status = SIGN_IN_STATUS.get(result.errors[0].code, 422)
            return await self._form_again(visit, page, params, form, errors, {}, status)
        session = result.value
        assert session is not None
        target = _local_path(form.get(contract.NEXT_FIELD)) or self._url_builder(visit)("account")
        response = RedirectResponse(target, 303)
        set_session_cookies(response, request, self.settings, session.token, session.expires_at)
        visit.clear_session = False
        return response

    async def _sign_out(self, visit: Visit) -> Response:
        if visit.identity.via is not None:
            await access.logout(visit.identity.principal)
        url = self._url_builder(visit)("home", notice="notices.signed_out")
        response = RedirectResponse(url, 303)
        clear_session_cookies(response, visit.request)
        return response

    def _form_page(self, visit: Visit) -> str | None:
        """The page a form was posted from, when the browser names it and it is ours: a
        catalog row's form posts to /cart/add, but the buyer was on the catalog."""
        referer = visit.request.headers.get("referer", "")
        if not referer or not is_own_origin(visit.request, referer):
            return None
        parts = urlsplit(referer)
        return _local_path(parts.path + (f"?{parts.query}" if parts.query else ""))

    def _sign_in_url(
        self, prefix: str, request: Request, preview: str | None = None, back: str | None = None
    ) -> str:
        here = back or request.url.path + (f"?{request.url.query}" if request.url.query else "")
        query = {contract.NEXT_FIELD: here}
        if preview:
            query[contract.PREVIEW_PARAM] = preview
        return f"{prefix}{contract.PAGES['sign_in'].routes[0].path}?{urlencode(query)}"


def _error_kind(status: int) -> str:
    return {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "not_allowed"}.get(
        status, "internal"
    )


def _template_detail(exc: Exception) -> str:
    lines = traceback.format_exception_only(type(exc), exc)
    # Jinja puts the template's own frames in the traceback with their file and line.
    frames = [
        f"  {frame.filename}, line {frame.lineno}"
        for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename.endswith((".html", ".txt", ".xml", ".svg"))
    ]
    return "".join(lines) + "\n".join(frames)
