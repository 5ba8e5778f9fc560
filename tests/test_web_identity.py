"""One request identity (web/identity.py): bearer token or session cookie, the storefront header,
and the CSRF rules of cookie sessions, the same on /graphql, /price-table.csv and /session."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from graphql_api.app import create_app
from graphql_api.settings import Settings
from tests.catalog_helpers import product, supplier
from tests.factories import create_company
from tests.identity_helpers import BLOCK, BUYER_PASSWORD, LOGIN, VIEWER, activate, add_contact

EMAIL = "ana@cliente.com.br"
EVIL = "https://evil.example"
STOREFRONT = """mutation($input: UpdateStorefrontInput!) { updateStorefront(input: $input) {
  userErrors { field message code } } }"""

Browser = Callable[..., Any]


@pytest.fixture
async def browser(database: Settings) -> AsyncIterator[Browser]:
    """`await browser()` is a fresh httpx client with its own cookie jar, as a browser would
    have; `browser("https://testserver")` reaches the app over HTTPS."""
    async with contextlib.AsyncExitStack() as stack:
        app = create_app(database, manage_database=False)

        proxied = ProxyHeadersMiddleware(app)

        async def make(
            base_url: str = "http://testserver", behind_proxy: bool = False
        ) -> httpx.AsyncClient:
            transport = httpx.ASGITransport(app=proxied if behind_proxy else app)
            return await stack.enter_async_context(
                httpx.AsyncClient(transport=transport, base_url=base_url)
            )

        yield make


@pytest.fixture
async def ana(api: Any, admin: Any) -> dict[str, Any]:
    """A buyer with a password set, in a validated company."""
    company = await create_company(admin)
    contact = await add_contact(admin, company["id"], EMAIL)
    await activate(api, admin, contact["id"])
    return contact


async def sign_in(http: httpx.AsyncClient, **headers: str) -> httpx.Response:
    return await http.post(
        "/session", json={"email": EMAIL, "password": BUYER_PASSWORD}, headers=headers
    )


async def graphql(http: httpx.AsyncClient, query: str = VIEWER, **headers: str) -> httpx.Response:
    return await http.post("/graphql", json={"query": query}, headers=headers)


def cookie_lines(response: httpx.Response) -> dict[str, str]:
    """Set-Cookie lines by cookie name."""
    return {line.split("=", 1)[0]: line for line in response.headers.get_list("set-cookie")}


def attributes(line: str) -> set[str]:
    return {part.strip().lower() for part in line.split(";")[1:]}


def error_of(response: httpx.Response) -> tuple[int, str, str]:
    error = response.json()["errors"][0]
    return response.status_code, error["extensions"]["code"], error["message"]


async def test_sign_in_sets_an_httponly_lax_session_cookie_and_a_readable_csrf_cookie(
    ana: Any, browser: Browser
) -> None:
    http = await browser()
    response = await sign_in(http)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["contact"] == {"email": EMAIL}
    # Scripts get the CSRF token, never the session token.
    assert set(body) == {"contact", "expiresAt", "csrfToken"}
    assert http.cookies["vitrine_session"] not in response.text
    lines = cookie_lines(response)
    assert set(lines) == {"vitrine_session", "vitrine_csrf"}
    session = attributes(lines["vitrine_session"])
    assert {"httponly", "samesite=lax", "path=/"} <= session
    assert "secure" not in session  # plain HTTP: a Secure cookie would never come back
    csrf = attributes(lines["vitrine_csrf"])
    assert {"samesite=lax", "path=/"} <= csrf and "httponly" not in csrf
    assert http.cookies["vitrine_csrf"] == body["csrfToken"]
    max_age = next(a for a in session if a.startswith("max-age="))
    assert 3500 <= int(max_age.split("=")[1]) <= 3600  # the contact token's lifetime


async def test_sign_in_over_https_sets_secure_cookies(ana: Any, browser: Browser) -> None:
    http = await browser("https://testserver")
    response = await sign_in(http)
    assert response.status_code == 200, response.text
    for line in cookie_lines(response).values():
        assert "secure" in attributes(line), line
    viewer = await graphql(http, **{"X-CSRF-Token": http.cookies["vitrine_csrf"]})
    assert viewer.json()["data"]["viewer"]["contact"] == {"email": EMAIL}


async def test_sign_in_by_form_behind_a_tls_proxy_sets_secure_cookies(
    ana: Any, browser: Browser
) -> None:
    # `vitrine serve` runs uvicorn with proxy_headers: X-Forwarded-Proto from a trusted proxy
    # (127.0.0.1 by default, the ASGI transport's client) becomes the request's scheme.
    http = await browser("http://vitrine.example", behind_proxy=True)
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    response = await http.post(
        "/session",
        data={"email": EMAIL, "password": BUYER_PASSWORD},
        headers={**forwarded, "Origin": "https://vitrine.example"},
    )
    assert response.status_code == 200, response.text
    assert "secure" in attributes(cookie_lines(response)["vitrine_session"])
    # Without the proxy's word the request is plain HTTP, and an https Origin is another site.
    direct = await browser("http://vitrine.example")
    plain = await direct.post(
        "/session",
        data={"email": EMAIL, "password": BUYER_PASSWORD},
        headers={"Origin": "https://vitrine.example"},
    )
    assert error_of(plain)[:2] == (403, "CSRF_FAILED")


async def test_cookie_session_with_the_csrf_header_is_the_contact(
    ana: Any, browser: Browser
) -> None:
    http = await browser()
    csrf = (await sign_in(http)).json()["csrfToken"]
    response = await graphql(
        http,
        **{"X-CSRF-Token": csrf, "Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 200, response.text
    viewer = response.json()["data"]["viewer"]
    assert (viewer["kind"], viewer["contact"]) == ("CONTACT", {"email": EMAIL})


async def test_cookie_post_without_the_right_csrf_token_is_403(ana: Any, browser: Browser) -> None:
    http = await browser()
    csrf = (await sign_in(http)).json()["csrfToken"]
    missing = await graphql(http)
    assert missing.status_code == 403
    assert error_of(missing)[:2] == (403, "CSRF_FAILED")
    assert "X-CSRF-Token" in error_of(missing)[2]
    wrong = await graphql(http, **{"X-CSRF-Token": csrf[:-2] + "xx"})
    assert error_of(wrong)[:2] == (403, "CSRF_FAILED")
    # A cookie and header that agree are not enough: the token is bound to the session, so a
    # cookie planted by a sibling subdomain does not pass.
    http.cookies.set("vitrine_csrf", "planted", domain="testserver.local")
    planted = await graphql(http, **{"X-CSRF-Token": "planted"})
    assert error_of(planted)[:2] == (403, "CSRF_FAILED")
    http.cookies.set("vitrine_csrf", csrf, domain="testserver.local")
    assert (await graphql(http, **{"X-CSRF-Token": csrf})).status_code == 200


async def test_cross_site_cookie_post_is_403_even_with_the_token(
    ana: Any, browser: Browser
) -> None:
    http = await browser()
    csrf = (await sign_in(http)).json()["csrfToken"]
    for headers in ({"Origin": EVIL}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
        only_cookie = await graphql(http, **headers)
        assert error_of(only_cookie) == (403, "CSRF_FAILED", "Cross-site requests are refused.")
        with_token = await graphql(http, **headers, **{"X-CSRF-Token": csrf})
        assert error_of(with_token)[:2] == (403, "CSRF_FAILED"), headers
    # The public URL is ours as well (a proxy may rewrite the Host header).
    public = await graphql(http, **{"Origin": "http://127.0.0.1:8000", "X-CSRF-Token": csrf})
    assert public.json()["data"]["viewer"]["contact"] == {"email": EMAIL}


async def test_cross_site_sign_in_is_refused(ana: Any, browser: Browser) -> None:
    http = await browser()
    response = await sign_in(http, Origin=EVIL)
    assert error_of(response)[:2] == (403, "CSRF_FAILED")
    assert response.headers.get_list("set-cookie") == []


async def test_bearer_needs_no_csrf_token(ana: Any, api: Any) -> None:
    token = (await api.data(LOGIN, {"email": EMAIL, "password": BUYER_PASSWORD}))["contactLogin"]
    response = await graphql(
        api.http, **{"Authorization": f"Bearer {token['session']['token']}", "Origin": EVIL}
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["viewer"]["contact"] == {"email": EMAIL}


async def test_a_blocked_contact_loses_its_cookie_session_as_its_bearer_token(
    ana: Any, api: Any, admin: Any, browser: Browser
) -> None:
    http = await browser()
    csrf = (await sign_in(http)).json()["csrfToken"]
    bearer = (await api.data(LOGIN, {"email": EMAIL, "password": BUYER_PASSWORD}))["contactLogin"]
    by_bearer = api.as_(bearer["session"]["token"])
    assert (await by_bearer.data(VIEWER))["viewer"]["contact"] == {"email": EMAIL}
    assert (await graphql(http, **{"X-CSRF-Token": csrf})).status_code == 200

    blocked = await admin.data(BLOCK, {"id": ana["id"]})
    assert blocked["blockContactAccess"]["contact"] == {"accessState": "BLOCKED"}

    bearer_refused = await by_bearer.raw(VIEWER)
    cookie_refused = await graphql(http, **{"X-CSRF-Token": csrf})
    for refused in (bearer_refused, cookie_refused):
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"] == "Bearer"
        assert error_of(refused)[1] == "UNAUTHENTICATED"
        assert "invalid, expired or revoked" in error_of(refused)[2]
    # The dead cookie is dropped, so the browser goes on as a visitor instead of a 401 loop.
    assert set(cookie_lines(cookie_refused)) == {"vitrine_session", "vitrine_csrf"}
    assert all("max-age=0" in attributes(x) for x in cookie_lines(cookie_refused).values())
    assert "vitrine_session" not in http.cookies
    visitor = await graphql(http)
    assert visitor.json()["data"]["viewer"]["kind"] == "ANONYMOUS"


async def test_a_blocked_contact_cookie_is_refused_on_a_get_download(
    ana: Any, admin: Any, browser: Browser
) -> None:
    http = await browser()
    await sign_in(http)
    assert (await http.get("/price-table.csv")).status_code == 200
    await admin.data(BLOCK, {"id": ana["id"]})
    refused = await http.get("/price-table.csv")
    assert error_of(refused)[:2] == (401, "UNAUTHENTICATED")


async def test_logout_revokes_the_token_and_clears_the_cookies(
    ana: Any, api: Any, browser: Browser
) -> None:
    http = await browser()
    csrf = (await sign_in(http)).json()["csrfToken"]
    token = http.cookies["vitrine_session"]
    # Logging out is an unsafe request like any other: no token, no logout.
    forged = await http.post("/session/logout", headers={"Origin": EVIL})
    assert error_of(forged)[:2] == (403, "CSRF_FAILED")
    assert (await graphql(http, **{"X-CSRF-Token": csrf})).status_code == 200

    response = await http.post("/session/logout", headers={"X-CSRF-Token": csrf})
    assert response.status_code == 200, response.text
    assert response.json() == {"ok": True}
    assert all("max-age=0" in attributes(x) for x in cookie_lines(response).values())
    assert "vitrine_session" not in http.cookies and "vitrine_csrf" not in http.cookies
    # The token itself is revoked, not only forgotten by this browser.
    assert (await api.raw(VIEWER, token=token)).status_code == 401
    again = await http.post("/session/logout")
    assert again.json() == {"ok": True}


async def test_logout_by_form_takes_the_csrf_token_as_a_field(
    ana: Any, api: Any, browser: Browser
) -> None:
    http = await browser()
    csrf = (await sign_in(http)).json()["csrfToken"]
    token = http.cookies["vitrine_session"]
    wrong = await http.post("/session/logout", data={"csrf_token": "nope"})
    assert error_of(wrong)[:2] == (403, "CSRF_FAILED")
    response = await http.post("/session/logout", data={"csrf_token": csrf})
    assert response.status_code == 200, response.text
    assert (await api.raw(VIEWER, token=token)).status_code == 401


async def test_the_price_table_accepts_the_cookie_without_csrf(
    ana: Any, api: Any, admin: Any, browser: Browser
) -> None:
    await product(admin, "SKU-1", "10.00", await supplier(admin, "Fornecedor"))
    body = await admin.data(STOREFRONT, {"input": {"catalogVisibility": "PRIVATE"}})
    assert body["updateStorefront"]["userErrors"] == []
    assert (await api.http.get("/price-table.csv")).status_code == 401
    http = await browser()
    await sign_in(http)
    response = await http.get("/price-table.csv", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "SKU-1" in response.text


async def test_unknown_storefront_is_the_same_400_everywhere(browser: Browser) -> None:
    http = await browser()
    headers = {"Vitrine-Storefront": "nope"}
    answers = [
        await graphql(http, **headers),
        await http.get("/price-table.csv", headers=headers),
        await sign_in(http, **headers),
    ]
    expected = (400, "BAD_REQUEST", "There is no storefront 'nope'.")
    assert [error_of(a) for a in answers] == [expected] * 3


async def test_invalid_token_is_the_same_401_everywhere(browser: Browser) -> None:
    http = await browser()
    bearer = {"Authorization": "Bearer not-a-token"}
    answers = [await graphql(http, **bearer), await http.get("/price-table.csv", headers=bearer)]
    for answer in answers:
        assert answer.headers["www-authenticate"] == "Bearer"
        assert answer.headers.get_list("set-cookie") == []
    expected = (401, "UNAUTHENTICATED", "The bearer token is invalid, expired or revoked.")
    assert [error_of(a) for a in answers] == [expected] * 2

    http.cookies.set("vitrine_session", "not-a-token", domain="testserver.local")
    by_cookie = [await http.get("/price-table.csv")]
    http.cookies.set("vitrine_session", "not-a-token", domain="testserver.local")
    by_cookie.append(await graphql(http, **{"Sec-Fetch-Site": "same-origin"}))
    # An unsafe request must pass the CSRF check before its cookie is even looked at.
    assert error_of(by_cookie[1])[:2] == (403, "CSRF_FAILED")
    first = by_cookie[0]
    assert first.headers["www-authenticate"] == "Bearer"
    assert error_of(first) == (
        401,
        "UNAUTHENTICATED",
        "The session is invalid, expired or revoked. Sign in again.",
    )


async def test_sign_in_shares_answers_and_throttling_with_contact_login(
    ana: Any, api: Any, browser: Browser, settings: Settings
) -> None:
    http = await browser()
    wrong = await http.post("/session", json={"email": EMAIL, "password": "wrong-password"})
    assert error_of(wrong) == (400, "INVALID_CREDENTIALS", "Email or password is incorrect.")
    assert wrong.headers.get_list("set-cookie") == []
    for _ in range(settings.login_free_failures - 1):
        await http.post("/session", data={"email": EMAIL, "password": "wrong-password"})
    # The failures by cookie sign-in count for the mutation too: one throttle per email.
    body = await api.data(LOGIN, {"email": EMAIL, "password": BUYER_PASSWORD})
    assert body["contactLogin"]["userErrors"][0]["code"] == "TOO_MANY_ATTEMPTS"
    throttled = await sign_in(http)
    assert error_of(throttled)[:2] == (429, "TOO_MANY_ATTEMPTS")


async def test_sign_in_needs_its_fields(browser: Browser) -> None:
    http = await browser()
    missing = await http.post("/session", json={"email": EMAIL})
    assert error_of(missing) == (400, "REQUIRED", "'password' is required.")
    assert missing.json()["errors"][0]["extensions"]["field"] == ["password"]
    text = await http.post("/session", content=b"email=x", headers={"Content-Type": "text/plain"})
    assert error_of(text)[:2] == (400, "BAD_REQUEST")
    not_object = await http.post("/session", json=["x"])
    assert error_of(not_object) == (400, "BAD_REQUEST", "The request body must be a JSON object.")


async def test_the_schema_is_built_once_per_app(settings: Settings) -> None:
    app = create_app(settings, manage_database=False)
    graphql_route = next(r for r in app.routes if getattr(r, "path", "") == "/graphql")
    assert graphql_route.app.schema is app.state.schema  # type: ignore[attr-defined]
