"""The storefront engine (SPEC E1, E2, E4) through the real app over HTTP: pages run their theme's
documents as the visitor, forms post and redirect, languages, storefront prefixes and hosts,
theme switching and preview, static files, errors, and the sandbox. Pages are read as text."""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from graphql_api.app import create_app
from graphql_api.models import Storefront
from graphql_api.settings import Settings
from tests import catalog_helpers as catalog
from tests.factories import create_company
from tests.identity_helpers import BUYER_PASSWORD, activate, add_contact, invite, token_from
from tests.theme_helpers import BASE, BUYER, STOREFRONT, cookies_set, copy_theme, hrefs, sign_in
from tests.theme_helpers import text as text_of

Site = Callable[..., Any]


@pytest.fixture
async def site(database: Settings) -> AsyncIterator[Site]:
    """`await site(**settings)`: a fresh browser (an httpx client with its own cookie jar,
    asking for English) on an app built with those settings changed."""
    async with contextlib.AsyncExitStack() as stack:
        apps: dict[tuple[tuple[str, str], ...], Any] = {}

        async def make(
            base_url: str = BASE, language: str | None = "en", **changes: Any
        ) -> httpx.AsyncClient:
            key = tuple(sorted((k, str(v)) for k, v in changes.items()))
            if key not in apps:
                apps[key] = create_app(replace(database, **changes), manage_database=False)
            headers = {"accept-language": language} if language else {}
            return await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=apps[key]), base_url=base_url, headers=headers
                )
            )

        yield make


@pytest.fixture
async def shop(api: Any, admin: Any) -> dict[str, Any]:
    """Two products, a price list with a tier for Ana's company, and Ana able to sign in."""
    supplier = await catalog.supplier(admin, "Forja Teste")
    category = await catalog.category(admin, "Cadeados")
    lock = await catalog.product(
        admin, "LOCK-20", "12.90", supplier, category, name="Cadeado 20 mm", stock=7
    )
    await catalog.product(admin, "KEY-01", "4.00", supplier, category, name="Chave mestra")
    company = await create_company(admin, preferredLanguage="pt-BR", tradeName="Cliente Ana")
    contact = await add_contact(admin, company["id"], BUYER, lastName="Souza", roles=["PURCHASING"])
    await activate(api, admin, contact["id"])
    price_list = await catalog.price_list(admin, "Contrato Ana", "BRL")
    tiers = [{"minQuantity": 10, "price": "9.00"}]
    await catalog.entries(admin, price_list, {"productId": lock, "price": "10.00", "tiers": tiers})
    await catalog.assign(admin, price_list, companyId=company["id"])
    return {"category": category, "company": company, "contact": contact}


def row_of(page: str, sku: str) -> str:
    """The text of a product table row."""
    for row in re.findall(r"<tr>.*?</tr>", page, flags=re.S):
        if f">{sku}<" in row:
            return text_of(row)
    raise AssertionError(f"no row for {sku}")


# Pages for visitors


async def test_a_visitor_browses_the_catalog_with_public_prices(site: Site, shop: Any) -> None:
    http = await site()
    response = await http.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert '<html lang="en">' in page
    assert "2 products" in text_of(page)
    assert row_of(page, "LOCK-20").startswith("LOCK-20 Cadeado 20 mm Forja Teste un R$12.90")
    assert row_of(page, "KEY-01").startswith("KEY-01 Chave mestra Forja Teste un R$4.00")
    assert "/p/LOCK-20" in hrefs(page)
    assert "Sign in" in text_of(page)

    category = await http.get(f"/c/{shop['category']}")
    assert category.status_code == 200
    assert "<h1>Cadeados</h1>" in category.text
    assert "2 products" in text_of(category.text)

    product = await http.get("/p/LOCK-20?quantity=3")
    assert product.status_code == 200
    body = text_of(product.text)
    assert "Unit price for 3: R$12.90" in body
    assert "Line total: R$38.70" in body
    assert "In stock 7" in body
    assert "The store's base price." in body


@pytest.mark.parametrize(
    ("setting", "reason"),
    [("LOGGED_IN", "Sign in to see prices"), ("HIDDEN", "Price on request")],
)
async def test_withheld_prices_show_their_reason_as_text(
    site: Site, shop: Any, admin: Any, setting: str, reason: str
) -> None:
    await admin.data(STOREFRONT, {"input": {"priceVisibility": setting}})
    http = await site()
    page = (await http.get("/")).text
    assert row_of(page, "LOCK-20").startswith(f"LOCK-20 Cadeado 20 mm Forja Teste un {reason}")
    assert "R$" not in text_of(page)
    product = text_of((await http.get("/p/LOCK-20")).text)
    assert reason in product
    assert "R$" not in product


async def test_search_finds_by_words_and_shows_an_exact_sku_first(site: Site, shop: Any) -> None:
    http = await site()
    words = text_of((await http.get("/search?q=chave")).text)
    assert "1 product for “chave”" in words
    assert "Exact SKU" not in words
    exact = (await http.get("/search?q=LOCK-20")).text
    assert "Exact SKU" in text_of(exact)
    assert row_of(exact, "LOCK-20").startswith("LOCK-20 Cadeado 20 mm")
    prompt = text_of((await http.get("/search")).text)
    assert "Type a SKU or some words of a product name above." in prompt


async def test_unknown_pages_and_products_are_404_in_the_theme(site: Site, shop: Any) -> None:
    http = await site()
    for path in ("/nowhere", "/p/NO-SUCH-SKU"):
        response = await http.get(path)
        assert response.status_code == 404, path
        assert "Page not found" in text_of(response.text)
        assert "Catalog" not in text_of(response.text).split("Page not found")[1]
    bad = await http.get("/p/LOCK-20?quantity=lots")
    assert bad.status_code == 400
    assert "Bad request" in text_of(bad.text)


async def test_the_api_routes_keep_their_own_answers(site: Site, shop: Any) -> None:
    http = await site()
    # A wrong method on an API route is that route's 405, not a storefront page.
    for path in ("/session", "/oauth/token"):
        assert (await http.get(path)).status_code == 405, path
    assert (await http.get("/healthz")).text == "ok"
    graphiql = await http.get("/graphql", headers={"accept": "text/html"})
    assert graphiql.status_code == 200
    assert "graphiql" in graphiql.text.lower()


async def test_pages_are_private_and_locked_down(site: Site, shop: Any) -> None:
    response = await (await site()).get("/")
    assert response.headers["cache-control"] == "private, no-store"
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


# Buyers


async def test_a_buyer_signs_in_with_the_form_and_sees_its_own_prices(
    site: Site, shop: Any
) -> None:
    http = await site()
    answer = await sign_in(http)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/account"
    cookies = cookies_set(answer)
    assert "httponly" in cookies["vitrine_session"].lower()
    assert "samesite=lax" in cookies["vitrine_session"].lower()

    account = await http.get("/account")
    assert account.status_code == 200
    # The company's preferred language wins over the browser's.
    assert '<html lang="pt-BR">' in account.text
    body = text_of(account.text)
    assert "Cliente Ana" in body
    assert f"Conectado como Bia Souza ({BUYER})" in body

    catalog_page = (await http.get("/")).text
    assert row_of(catalog_page, "LOCK-20").startswith(
        "LOCK-20 Cadeado 20 mm Forja Teste un R$ 10,00 10+: R$ 9,00"
    )
    product = text_of((await http.get("/p/LOCK-20?quantity=10")).text)
    assert "Preço unitário para 10: R$ 9,00" in product
    assert "Tabela “Contrato Ana”" in product
    assert "Faixa de quantidade a partir de 10" in product


async def test_sign_in_returns_to_the_page_that_asked_for_it(site: Site, shop: Any) -> None:
    http = await site()
    asked = await http.get("/prices")
    assert asked.status_code == 303
    target = asked.headers["location"]
    assert target == "/sign-in?next=%2Fprices"
    form = (await http.get(target)).text
    assert 'name="next" value="/prices"' in form
    answer = await sign_in(http, next="/prices")
    assert answer.headers["location"] == "/prices"
    # Only local addresses: another site is never a redirect target.
    for elsewhere in ("//evil.example/", "/\t/evil.example/", "/\\evil.example/", "https://x.y/"):
        other = await sign_in(await site(), next=elsewhere)
        assert other.headers["location"] == "/account", elsewhere


async def test_a_wrong_password_shows_the_form_again_without_a_session(
    site: Site, shop: Any
) -> None:
    http = await site()
    answer = await sign_in(http, password="not-the-password")
    assert answer.status_code == 422
    body = text_of(answer.text)
    assert "Email or password is incorrect." in body
    assert f'value="{BUYER}"' in answer.text
    assert "not-the-password" not in answer.text
    assert "vitrine_session" not in http.cookies


async def test_sign_in_from_another_site_is_refused(site: Site, shop: Any) -> None:
    http = await site()
    answer = await sign_in_from(http, "https://evil.example")
    assert answer.status_code == 403
    assert "vitrine_session" not in http.cookies


async def sign_in_from(http: httpx.AsyncClient, origin: str) -> httpx.Response:
    data = {"email": BUYER, "password": BUYER_PASSWORD}
    return await http.post("/sign-in", data=data, headers={"origin": origin})


async def test_forms_of_a_session_need_the_csrf_token_and_sign_out_revokes(
    site: Site, shop: Any, api: Any
) -> None:
    http = await site()
    await sign_in(http)
    token = http.cookies["vitrine_session"]
    forged = await http.post("/sign-out", data={"csrf_token": "guessed"})
    assert forged.status_code == 403
    assert (await api.raw("{ viewer { kind } }", token=token)).status_code == 200

    page = (await http.get("/account")).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf is not None and csrf.group(1) == http.cookies["vitrine_csrf"]
    out = await http.post("/sign-out", data={"csrf_token": csrf.group(1)})
    assert out.status_code == 303
    assert out.headers["location"] == "/?notice=notices.signed_out"
    assert "vitrine_session" not in http.cookies
    assert (await api.raw("{ viewer { kind } }", token=token)).status_code == 401
    home = text_of((await http.get(out.headers["location"])).text)
    assert "You are signed out." in home


async def test_an_expired_session_is_dropped_and_the_page_shown_to_a_visitor(
    site: Site, shop: Any
) -> None:
    http = await site()
    http.cookies.set("vitrine_session", "not-a-token")
    response = await http.get("/")
    assert response.status_code == 200
    assert "max-age=0" in cookies_set(response)["vitrine_session"].lower()
    row = row_of(response.text, "LOCK-20")
    assert row.startswith("LOCK-20 Cadeado 20 mm Forja Teste un R$12.90")


async def test_the_price_table_and_its_csv_for_the_signed_in_buyer(site: Site, shop: Any) -> None:
    http = await site()
    await sign_in(http)
    page = (await http.get("/prices")).text
    assert row_of(page, "LOCK-20").startswith("LOCK-20 Cadeado 20 mm Forja Teste un R$ 10,00")
    assert "/prices.csv" in hrefs(page)
    csv = await http.get("/prices.csv")
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.splitlines()
    assert lines[0].lstrip("\ufeff").startswith("sku,name,supplier")
    assert any(line.startswith("LOCK-20,Cadeado 20 mm,") and ",10.00," in line for line in lines)


# Forms run the theme's mutation documents


async def test_register_shows_errors_beside_their_fields_then_succeeds(
    site: Site, shop: Any
) -> None:
    http = await site()
    bad = await http.post(
        "/register",
        data={"legalName": "", "firstName": "Rui", "email": "rui@novo.com", "password": "short"},
    )
    assert bad.status_code == 422
    field = re.search(r'<p class="field invalid">.*?</p>', bad.text, flags=re.S)
    assert field is not None and 'name="legalName"' in field.group(0)
    assert "Legal name is required." in text_of(field.group(0))
    assert 'value="rui@novo.com"' in bad.text
    assert "short" not in bad.text

    good = await http.post(
        "/register",
        data={
            "legalName": "Nova Loja Ltda",
            "firstName": "Rui",
            "email": "rui@novo.com",
            "password": "a-long-password",
            "preferredLanguage": "en",
        },
    )
    assert good.status_code == 303
    assert good.headers["location"] == "/sign-in?notice=notices.registered"
    notice = text_of((await http.get(good.headers["location"])).text)
    assert "Your registration was received." in notice
    signed = await http.post(
        "/sign-in", data={"email": "rui@novo.com", "password": "a-long-password"}
    )
    assert signed.headers["location"] == "/account"


async def test_an_invitation_link_opens_the_set_password_page(
    site: Site, shop: Any, admin: Any
) -> None:
    contact = await add_contact(admin, shop["company"]["id"], "novo@cliente.com.br")
    link = (await invite(admin, contact["id"]))["invitationUrl"]
    path = urlsplit(link).path + "?" + urlsplit(link).query
    assert urlsplit(link).path == "/account/set-password"
    http = await site()
    page = await http.get(path)
    assert page.status_code == 200
    assert "You were invited to order online. Choose your password." in text_of(page.text)
    assert f'name="token" value="{token_from(link)}"' in page.text

    answer = await http.post(path, data={"token": token_from(link), "password": "brand-new-pw"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?notice=notices.password_set"
    again = await http.post(path, data={"token": token_from(link), "password": "brand-new-pw"})
    assert again.status_code == 422
    assert "This link is invalid, used or expired. Ask for a new one." in text_of(again.text)
    signed = await http.post(
        "/sign-in", data={"email": "novo@cliente.com.br", "password": "brand-new-pw"}
    )
    assert signed.status_code == 303


async def test_claim_and_reset_requests_answer_alike_for_any_email(site: Site, shop: Any) -> None:
    http = await site()
    for path in ("/claim", "/forgot-password"):
        for email in (BUYER, "nobody@nowhere.com"):
            answer = await http.post(path, data={"email": email})
            assert answer.status_code == 303, (path, answer.text)
            assert answer.headers["location"] == f"{path}?notice=notices.link_sent"


# Languages


async def test_language_from_browser_then_switcher_then_storefront_default(
    site: Site, shop: Any
) -> None:
    spanish = await site(language="es-AR,es;q=0.9,en;q=0.5")
    page = (await spanish.get("/")).text
    assert '<html lang="es">' in page
    assert "Catálogo" in text_of(page)
    assert row_of(page, "LOCK-20").startswith("LOCK-20 Cadeado 20 mm Forja Teste un 12,90 BRL")

    switched = await spanish.get("/p/LOCK-20?lang=ro&quantity=2")
    assert switched.status_code == 303
    assert switched.headers["location"] == "/p/LOCK-20?quantity=2"
    assert "httponly" in cookies_set(switched)["vitrine_lang"].lower()
    romanian = (await spanish.get(switched.headers["location"])).text
    assert '<html lang="ro">' in romanian
    assert "Preț unitar pentru 2:" in text_of(romanian)

    nothing = await site(language=None)
    assert '<html lang="pt-BR">' in (await nothing.get("/")).text
    unknown = await nothing.get("/?lang=xx")
    assert "vitrine_lang" not in cookies_set(unknown)


async def test_the_switcher_lists_every_language_with_its_own_name(site: Site, shop: Any) -> None:
    page = (await (await site()).get("/search?q=chave")).text
    switcher = re.search(r'<nav class="languages".*?</nav>', page, flags=re.S)
    assert switcher is not None
    links = dict(re.findall(r'href="([^"]+)" hreflang="([^"]+)"', switcher.group(0)))
    assert set(links.values()) == {"en", "pt-BR", "es", "ro"}
    assert "/search?q=chave&amp;lang=ro" in links
    assert 'title="Română"' in switcher.group(0)


# Storefronts and themes


async def test_a_storefront_by_prefix_and_by_host(site: Site, shop: Any) -> None:
    other = await Storefront.create(slug="atacado", name="Atacado Sul", default_language="en")
    http = await site(storefront_domains={"shop.example": "atacado"})
    by_prefix = await http.get("/s/atacado/")
    assert by_prefix.status_code == 200
    assert "Atacado Sul" in text_of(by_prefix.text)
    assert "0 products" in text_of(by_prefix.text)
    assert "/s/atacado/sign-in?next=%2Fs%2Fatacado%2F" in hrefs(by_prefix.text)
    assert (await http.get("/s/atacado")).headers["location"] == "/s/atacado/"
    assert (await http.get("/s/nowhere/")).status_code == 404
    # The header a browser might send never picks the storefront of a page.
    header = await http.get("/", headers={"vitrine-storefront": "atacado"})
    assert "2 products" in text_of(header.text)

    by_host = await site("http://shop.example", storefront_domains={"shop.example": "atacado"})
    page = await by_host.get("/")
    assert "Atacado Sul" in text_of(page.text)
    assert "/sign-in?next=%2F" in hrefs(page.text)
    assert other.default_language == "en"


async def test_a_buyer_of_another_storefront_is_a_visitor_there(site: Site, shop: Any) -> None:
    await Storefront.create(slug="outra", name="Outra Loja")
    http = await site()
    await sign_in(http)
    elsewhere = await http.get("/s/outra/account")
    assert elsewhere.status_code == 303
    assert elsewhere.headers["location"].startswith("/s/outra/sign-in")


async def test_update_storefront_switches_the_theme_on_the_next_request(
    site: Site, shop: Any, admin: Any, tmp_path: Path
) -> None:
    copy = copy_theme("orderpad", tmp_path, "pad2")
    base = copy / "templates" / "base.html"
    base.write_text(base.read_text().replace('class="orderpad', 'class="pad2'), "utf-8")
    http = await site(themes_dir=tmp_path)
    before = (await http.get("/")).text
    assert 'class="orderpad page-home"' in before

    refused = await admin.data(STOREFRONT, {"input": {"theme": "no-such-theme"}})
    errors = refused["updateStorefront"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [(["input", "theme"], "INVALID")]

    switched = await site(themes_dir=tmp_path)
    staff = admin.as_(admin.token)
    staff.http = switched
    done = await staff.data(STOREFRONT, {"input": {"theme": "pad2"}})
    assert done["updateStorefront"] == {"storefront": {"theme": "pad2"}, "userErrors": []}
    after = (await http.get("/")).text
    assert 'class="pad2 page-home"' in after


async def test_staff_preview_another_theme_and_visitors_cannot(
    site: Site, shop: Any, admin: Any, tmp_path: Path
) -> None:
    copy = copy_theme("orderpad", tmp_path, "pad3")
    base = copy / "templates" / "base.html"
    base.write_text(base.read_text().replace('class="orderpad', 'class="pad3'), "utf-8")
    http = await site(themes_dir=tmp_path)
    visitor = (await http.get("/?theme=pad3")).text
    assert 'class="orderpad page-home"' in visitor

    staff = {"authorization": f"Bearer {admin.token}"}
    preview = (await http.get("/?theme=pad3", headers=staff)).text
    assert 'class="pad3 page-home"' in preview
    assert "Previewing the theme pad3: only you see it." in text_of(preview)
    # Links keep the preview going.
    assert "/p/LOCK-20?theme=pad3" in hrefs(preview)


async def test_static_files_have_content_hashes_and_long_caching(site: Site, shop: Any) -> None:
    http = await site()
    page = (await http.get("/")).text
    css = re.search(r'href="(/static/orderpad/([0-9a-f]{12})/orderpad.css)"', page)
    assert css is not None
    fresh = await http.get(css.group(1))
    assert fresh.status_code == 200
    assert fresh.headers["content-type"].startswith("text/css")
    assert fresh.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "--accent" in fresh.text
    stale = await http.get("/static/orderpad/000000000000/orderpad.css")
    assert stale.status_code == 200
    assert stale.headers["cache-control"] == "no-cache"
    for path in (
        "/static/orderpad/x/../theme.toml",
        "/static/orderpad/x/%2e%2e/theme.toml",
        "/static/orderpad/x/nothing.css",
        "/static/nothing/x/orderpad.css",
    ):
        assert (await http.get(path)).status_code == 404, path


# Errors, development and the sandbox


def _broken_theme(tmp_path: Path, name: str = "broken") -> Path:
    """orderpad with a home document that asks for a field the schema has not: only check.py
    would say so beforehand."""
    folder = copy_theme("orderpad", tmp_path, name)
    (folder / "queries" / "catalog.graphql").write_text(
        "query { products { nodes { sku notAField } } }", "utf-8"
    )
    return folder


async def test_a_failing_page_is_generic_in_production_and_detailed_in_development(
    site: Site, shop: Any, admin: Any, tmp_path: Path
) -> None:
    _broken_theme(tmp_path)
    production = await site(themes_dir=tmp_path)
    development = await site(themes_dir=tmp_path, development=True)
    staff = admin.as_(admin.token)
    staff.http = production
    await staff.data(STOREFRONT, {"input": {"theme": "broken"}})

    generic = await production.get("/")
    assert generic.status_code == 500
    assert "Something went wrong" in text_of(generic.text)
    assert "notAField" not in generic.text

    detailed = await development.get("/")
    assert detailed.status_code == 500
    assert "Something went wrong" in text_of(detailed.text)
    assert "queries/catalog.graphql" in text_of(detailed.text)
    assert "Cannot query field 'notAField' on type 'Product'." in text_of(detailed.text)
    # Other pages of the same theme still work.
    assert (await production.get("/p/LOCK-20")).status_code == 200


async def test_development_reloads_an_edited_template_without_restart(
    site: Site, shop: Any, admin: Any, tmp_path: Path
) -> None:
    folder = copy_theme("orderpad", tmp_path, "live")
    http = await site(themes_dir=tmp_path, development=True)
    staff = admin.as_(admin.token)
    staff.http = http
    await staff.data(STOREFRONT, {"input": {"theme": "live"}})
    assert "Edited live" not in (await http.get("/")).text
    home = folder / "templates" / "home.html"
    home.write_text(home.read_text().replace("{% block main %}", "{% block main %}Edited live"))
    assert "Edited live" in (await http.get("/")).text


async def test_templates_cannot_reach_python_objects(
    site: Site, shop: Any, admin: Any, tmp_path: Path
) -> None:
    folder = copy_theme("orderpad", tmp_path, "sneaky")
    home = folder / "templates" / "home.html"
    probes = (
        "[{{ data.__class__ }}|{{ t.__self__ }}|{{ money.__globals__ }}|"
        "{{ ''.__class__.__mro__ }}|{{ data.products.nodes.append }}]"
    )
    home.write_text(home.read_text().replace("{% block main %}", "{% block main %}" + probes))
    http = await site(themes_dir=tmp_path)
    staff = admin.as_(admin.token)
    staff.http = http
    await staff.data(STOREFRONT, {"input": {"theme": "sneaky"}})
    page = await http.get("/")
    assert page.status_code == 200
    assert "[||||]" in page.text
    calling = folder / "templates" / "search.html"
    calling.write_text("{{ data.__class__.__init__() }}", "utf-8")
    assert (await http.get("/search")).status_code == 500


async def test_a_page_runs_no_more_sql_than_its_documents_through_graphql(
    site: Site, shop: Any, api: Any, count_sql: Any
) -> None:
    http = await site()
    await sign_in(http)
    buyer = api.as_(http.cookies["vitrine_session"])
    documents = [
        (Path("themes/orderpad/queries") / name).read_text()
        for name in ("layout.graphql", "catalog.graphql")
    ]
    with count_sql() as identify_only:
        await buyer.data("{ __typename }")
    with count_sql() as through_graphql:
        for document in documents:
            assert await buyer.data(document, {"first": 50})
    with count_sql() as through_page:
        assert (await http.get("/")).status_code == 200
    # Two requests to /graphql identify the caller twice; the page does it once.
    assert identify_only.count > 0
    assert through_page.count <= through_graphql.count - identify_only.count


# Carts, checkout and orders (issue 12)

POLICY_TERMS = ["30 dias", "60 dias"]


def field_value(page: str, name: str) -> str:
    """The value of the first input or selected/first option named `name`."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    if found:
        return html.unescape(found.group(1))
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, flags=re.S)
    assert select, f"no field {name}"
    return html.unescape(re.findall(r'<option value="([^"]*)"', select.group(1))[0])


async def ordering_shop(admin: Any) -> str:
    """A minimum order of R$ 50, two payment terms and one carrier for every buyer."""
    carrier = await catalog.carrier(admin, "Transportadora Rápida")
    await catalog.policy(
        admin,
        minOrderValue={"amount": "50", "currency": "BRL"},
        paymentTerms=POLICY_TERMS,
        carrierIds=[carrier],
    )
    return carrier


@pytest.mark.parametrize("theme", ["orderpad", "showcase"])
async def test_a_buyer_fails_the_minimum_fixes_it_orders_and_sees_it_in_history(
    site: Site, shop: Any, admin: Any, theme: str
) -> None:
    await admin.data(STOREFRONT, {"input": {"theme": theme}})
    carrier = await ordering_shop(admin)
    http = await site()
    await sign_in(http)
    product = (await http.get("/p/LOCK-20")).text
    csrf = field_value(product, "csrf_token")
    added = await http.post(
        "/p/LOCK-20",
        data={"csrf_token": csrf, "productId": field_value(product, "productId"), "quantity": "2"},
    )
    assert added.status_code == 303
    assert added.headers["location"] == "/cart?notice=notices.added_to_cart"

    cart = (await http.get(added.headers["location"])).text
    body = text_of(cart)
    assert "Adicionado ao carrinho." in body
    assert 'data-code="BELOW_MINIMUM"' in cart
    assert "O pedido está abaixo do valor mínimo. (mínimo R$ 50,00)" in body
    assert "R$ 20,00" in body
    assert 'data-testid="to-checkout"' not in cart
    # The checkout refuses the same cart with the problem shown, and places nothing.
    checkout = (await http.get("/checkout")).text
    refused = await http.post(
        "/checkout",
        data={
            "csrf_token": csrf,
            "idempotencyKey": field_value(checkout, "idempotencyKey"),
            "carrierId": carrier,
            "paymentTerm": "30 dias",
        },
    )
    assert refused.status_code == 422
    assert "O pedido está abaixo do valor mínimo." in text_of(refused.text)

    fixed = await http.post(
        "/cart", data={"csrf_token": csrf, "lineId": field_value(cart, "lineId"), "quantity": "6"}
    )
    assert (fixed.status_code, fixed.headers["location"]) == (303, "/cart")
    cart = (await http.get("/cart")).text
    assert "checkout-problems" not in cart
    assert re.search(r'data-testid="cart-total"><strong>R\$\s60,00<', cart)

    checkout = (await http.get("/checkout")).text
    key = field_value(checkout, "idempotencyKey")
    # A new render, a new key: each render of the form is one order.
    assert key != field_value((await http.get("/checkout")).text, "idempotencyKey")
    assert field_value(checkout, "carrierId") == carrier
    assert [field_value(checkout, "paymentTerm")] == POLICY_TERMS[:1]
    form = {
        "csrf_token": csrf,
        "idempotencyKey": key,
        "carrierId": carrier,
        "paymentTerm": "60 dias",
        "purchaseOrderNumber": "PC-77",
    }
    placed = await http.post("/checkout", data=form)
    assert (placed.status_code, placed.headers["location"]) == (
        303,
        "/orders?notice=notices.order_placed",
    )
    # The same form sent again (a double click) is the same order.
    assert (await http.post("/checkout", data=form)).status_code == 303

    history = text_of((await http.get(placed.headers["location"])).text)
    assert "Seu pedido foi feito." in history
    assert "1 pedido " in history
    assert "VT-000001" in history and "Pendente" in history and "R$ 60,00" in history
    pending = text_of((await http.get("/orders?filtered=true&status=PENDING")).text)
    assert "VT-000001" in pending
    shipped = text_of((await http.get("/orders?filtered=true&status=SHIPPED")).text)
    assert "VT-000001" not in shipped and "Nenhum pedido ainda." in shipped

    orders_page = (await http.get("/orders")).text
    link = next(h for h in hrefs(orders_page) if h.startswith("/orders/"))
    detail = text_of((await http.get(link)).text)
    assert "Pedido VT-000001" in detail
    assert "LOCK-20 Cadeado 20 mm 6 un R$ 10,00 R$ 60,00" in detail
    assert "Transportadora Rápida" in detail and "60 dias" in detail and "PC-77" in detail
    assert "Ainda não enviado" in detail
    assert "Pendente" in detail

    reordered = await http.post(link, data={"csrf_token": csrf})
    assert (reordered.status_code, reordered.headers["location"]) == (
        303,
        "/cart?notice=notices.reordered",
    )
    again = text_of((await http.get(reordered.headers["location"])).text)
    assert "R$ 60,00" in again and "Os produtos do pedido estão no carrinho" in again


async def test_catalog_rows_add_to_the_cart_and_visitors_are_told_to_sign_in(
    site: Site, shop: Any
) -> None:
    visitor = await site()
    home = (await visitor.get("/")).text
    answer = await visitor.post(
        "/cart/add",
        data={"productId": field_value(home, "productId"), "quantity": "1"},
        headers={"referer": f"{BASE}/?after=x"},
    )
    # No cart without a session: sign in first, then back to the catalog page it came from.
    assert (answer.status_code, answer.headers["location"]) == (
        303,
        "/sign-in?next=%2F%3Fafter%3Dx",
    )
    # From a product page with no Referer: back to the address posted to; another site's
    # Referer is never a way back.
    lock = {"productId": field_value((await visitor.get("/p/LOCK-20")).text, "productId")}
    for referer in ({}, {"referer": "https://evil.example/"}):
        product = await visitor.post("/p/LOCK-20", data={**lock, "quantity": "1"}, headers=referer)
        assert (product.status_code, product.headers["location"]) == (
            303,
            "/sign-in?next=%2Fp%2FLOCK-20",
        )
    prefixed = await visitor.post("/s/main/p/LOCK-20", data={**lock, "quantity": "1"})
    assert prefixed.headers["location"] == "/s/main/sign-in?next=%2Fs%2Fmain%2Fp%2FLOCK-20"
    assert (await visitor.get("/cart")).status_code == 200

    http = await site()
    await sign_in(http)
    home = (await http.get("/")).text
    added = await http.post(
        "/cart/add",
        data={
            "csrf_token": field_value(home, "csrf_token"),
            "productId": field_value(home, "productId"),
            "quantity": "3",
        },
    )
    assert added.status_code == 303
    cart = text_of((await http.get("/cart")).text)
    assert "3 unidades no carrinho" in cart


GENERATE_LINK = """mutation($c: ID!) { generateQuickOrderLink(input: {companyId: $c}) {
  url userErrors { code } } }"""


@pytest.mark.parametrize("theme", ["orderpad", "showcase"])
async def test_the_quick_order_link_page_places_an_order(
    site: Site, shop: Any, admin: Any, theme: str
) -> None:
    await admin.data(STOREFRONT, {"input": {"theme": theme}})
    carrier = await ordering_shop(admin)
    url = (await admin.data(GENERATE_LINK, {"c": shop["company"]["id"]}))["generateQuickOrderLink"][
        "url"
    ]
    http = await site(language=None)
    token = urlsplit(url).path.removeprefix("/q/")
    # Under the storefront's own prefix too; never under another storefront's.
    await Storefront.create(slug="other", name="Other")
    for wrong in (f"/s/other/q/{token}", f"/s/nope/q/{token}", "/s/main/q/nope"):
        refused = await http.get(wrong)
        assert refused.status_code == 404, wrong
        assert "set-cookie" not in refused.headers
    prefixed = await http.get(f"/s/main/q/{token}")
    assert (prefixed.status_code, prefixed.headers["location"]) == (303, "/s/main/quick-order")
    opened = await http.get(urlsplit(url).path)
    assert (opened.status_code, opened.headers["location"]) == (303, "/quick-order")
    page = (await http.get("/quick-order")).text
    # The company's language and name, its prices.
    assert '<html lang="pt-BR">' in page
    company = re.search(r'data-testid="quick-company">([^<]*)<', page)
    # Its trading name, as the cart gives it.
    assert company and company.group(1) == "Cliente Ana"
    assert row_of(page, "LOCK-20").startswith("LOCK-20 Cadeado 20 mm")
    assert "R$ 10,00" in row_of(page, "LOCK-20")
    assert "R$ 4,00" in row_of(page, "KEY-01")
    csrf = field_value(page, "csrf_token")
    key = re.search(r'name="productId" value="([^"]+)">\s*<label[^>]*for="q-KEY-01"', page).group(1)
    added = await http.post(
        "/quick-order", data={"csrf_token": csrf, "productId": key, "quantity": "15"}
    )
    assert (added.status_code, added.headers["location"]) == (
        303,
        "/quick-order?notice=notices.added_to_cart",
    )
    page = (await http.get("/quick-order")).text
    assert "R$ 60,00" in text_of(page)
    placed = await http.post(
        "/quick-order/place",
        data={
            "csrf_token": csrf,
            "idempotencyKey": field_value(page, "idempotencyKey"),
            "carrierId": carrier,
            "paymentTerm": "30 dias",
        },
    )
    assert (placed.status_code, placed.headers["location"]) == (
        303,
        "/quick-order?notice=notices.order_placed",
    )
    after = text_of((await http.get(placed.headers["location"])).text)
    assert "Seu pedido foi feito." in after
    assert "Seu carrinho está vazio." in after
    orders = await admin.data("{ orders(first: 5) { nodes { number source total { amount } } } }")
    assert orders["orders"]["nodes"] == [
        {"number": "VT-000001", "source": "QUICK_LINK", "total": {"amount": "60.00"}}
    ]
