"""Both built-in themes in a real browser (SPEC E6): Playwright drives Debian's chromium against a
real `vitrine serve --demo` process. Visitors browse with prices hidden or shown as the setting
says, a buyer signs in with the form and sees its own prices, a theme switch by mutation changes
the next page load, and the language switcher works. Screenshots go to var/screenshots/."""

from __future__ import annotations

import re
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.servers import free_port
from tests.test_server import serving

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# What fails the audit: axe's two highest of four impact levels.
BLOCKING = ("serious", "critical")
THEMES = ["orderpad", "showcase"]
PASSWORD = "vitrine-demo"
BUYER = "marcos.lima@acai-norte.com.br"
# The same padlock costs R$ 12,90 to visitors and R$ 9,05 to Marcos (README, demo data).
SKU = "FG-CAD-20"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"no Chromium at {CHROMIUM}: apt-get install chromium to run the browser tests",
)

STAFF_LOGIN = """mutation($email: String!, $password: String!) {
  staffLogin(input: {email: $email, password: $password}) { session { token } } }"""
STOREFRONT = """mutation($input: UpdateStorefrontInput!) { updateStorefront(input: $input) {
  storefront { theme priceVisibility } userErrors { field message code } } }"""
QUICK_LINK = """query($q: String!) { companies(first: 1, search: $q) { nodes { id } } }"""
GENERATE_LINK = """mutation($c: ID!) { generateQuickOrderLink(input: {companyId: $c}) {
  url userErrors { field message code } } }"""
PARTNER_CLIENT = """mutation($input: CreatePartnerClientInput!) { createPartnerClient(input: $input)
  { partnerClient { embedSnippet } userErrors { field message code } } }"""


class Admin:
    """Changes the demo storefront over /graphql, as an admin would."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=30)
        body = self.http.post(
            "/graphql",
            json={
                "query": STAFF_LOGIN,
                "variables": {"email": "admin@vitrine.test", "password": PASSWORD},
            },
        ).json()
        self.token = body["data"]["staffLogin"]["session"]["token"]

    def storefront(self, **changes: str) -> dict[str, Any]:
        body = self.http.post(
            "/graphql",
            json={"query": STOREFRONT, "variables": {"input": changes}},
            headers={"authorization": f"Bearer {self.token}"},
        ).json()
        payload = body["data"]["updateStorefront"]
        assert payload["userErrors"] == [], payload
        return payload["storefront"]

    def graphql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        body = self.http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {self.token}"},
        ).json()
        assert not body.get("errors"), body
        return body["data"]

    def quick_order_path(self, company: str) -> str:
        """A fresh quick-order link of the demo company whose name has `company` in it."""
        found = self.graphql(QUICK_LINK, {"q": company})["companies"]["nodes"]
        payload = self.graphql(GENERATE_LINK, {"c": found[0]["id"]})["generateQuickOrderLink"]
        assert payload["userErrors"] == [], payload
        return "/q/" + payload["url"].rsplit("/q/", 1)[1]

    def embed_snippet(self, origins: list[str]) -> str:
        """A new partner client for those origins, and the snippet an admin hands it."""
        variables = {
            "input": {
                "name": "Loja Parceira",
                "scopes": ["catalog:read"],
                "storefronts": ["main"],
                "allowedOrigins": origins,
            }
        }
        body = self.http.post(
            "/graphql",
            json={"query": PARTNER_CLIENT, "variables": variables},
            headers={"authorization": f"Bearer {self.token}"},
        ).json()
        payload = body["data"]["createPartnerClient"]
        assert payload["userErrors"] == [], payload
        # The server runs on a port of its own, not the public URL's default.
        base = str(self.http.base_url).rstrip("/")
        return payload["partnerClient"]["embedSnippet"].replace("http://127.0.0.1:8000", base)


@pytest.fixture(scope="module")
def partner_site() -> Iterator[dict[str, Any]]:
    """A partner's own web site on another port: `/` is a page with `site["snippet"]` in it."""
    site: dict[str, Any] = {"snippet": ""}

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = (
                "<!doctype html><html lang=en><head><meta charset=utf-8><title>Partner</title>"
                "</head><body><h1>Our suppliers' catalog</h1>"
                f"{site['snippet']}<p id=after>After the catalog</p></body></html>"
            ).encode()
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    site["port"] = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    port = free_port()
    with serving(folder / "data", folder / "server.log", port):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Any]:
    # The async API: the sync one runs a loop of its own, which pytest-asyncio's is not.
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        await chromium.close()


@pytest.fixture
def admin(server: str) -> Iterator[Admin]:
    admin = Admin(server)
    yield admin
    admin.storefront(priceVisibility="EVERYONE", theme="orderpad")
    admin.http.close()


@pytest.fixture
async def page(browser: Any, server: str) -> AsyncIterator[Any]:
    """A fresh browser context (no cookies) asking for English, on the server."""
    context = await browser.new_context(
        base_url=server, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    tab = await context.new_page()
    yield tab
    await context.close()


async def shot(tab: Any, name: str, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


async def audit(tab: Any, where: str) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    if not await tab.evaluate("typeof window.axe !== 'undefined'"):
        await tab.add_script_tag(path=str(AXE))
    result = await tab.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
    )
    return [
        f"{where}: {v['impact']} {v['id']} ({v['help']}) at {', '.join(v['nodes'])}"
        for v in result
        if v["impact"] in BLOCKING
    ]


async def body_text(tab: Any) -> str:
    return re.sub(r"\s+", " ", await tab.inner_text("body"))


async def lang(tab: Any) -> str | None:
    return await tab.locator("html").get_attribute("lang")


async def body_class(tab: Any) -> str | None:
    return await tab.locator("body").get_attribute("class")


@pytest.mark.parametrize("theme", THEMES)
async def test_a_visitor_browses_with_prices_as_the_setting_says(
    theme: str, admin: Admin, page: Any
) -> None:
    admin.storefront(theme=theme, priceVisibility="LOGGED_IN")
    await page.goto("/")
    assert await body_class(page) == f"{theme} page-home"
    assert await lang(page) == "en"
    text = await body_text(page)
    assert "Sign in to see prices" in text
    assert "R$" not in text
    await shot(page, f"{theme}-home-prices-hidden")

    admin.storefront(priceVisibility="EVERYONE")
    await page.goto(f"/search?q={SKU}")
    assert "R$12.90" in await body_text(page)
    await page.click(f"a[href='/p/{SKU}']")
    await page.wait_for_url(f"**/p/{SKU}")
    assert "Cadeado de latão 20 mm" in await page.inner_text("h1")
    assert "R$12.90" in await body_text(page)
    await shot(page, f"{theme}-product-visitor")

    await page.goto("/")
    await page.locator("nav a", has_text="Têxteis").first.click()
    assert await page.inner_text("h1") == "Têxteis"
    await shot(page, f"{theme}-category")


@pytest.mark.parametrize("theme", THEMES)
async def test_a_buyer_signs_in_and_sees_its_own_prices(
    theme: str, admin: Admin, page: Any
) -> None:
    admin.storefront(theme=theme)
    await page.goto(f"/p/{SKU}")
    await page.locator("header").get_by_role("link", name="Sign in").click()
    await page.wait_for_url("**/sign-in?next=*")
    await shot(page, f"{theme}-sign-in")
    await page.fill("#f-email", BUYER)
    await page.fill("#f-password", PASSWORD)
    await page.locator("main button[type=submit]").click()
    # Back on the product it started from, now with Marcos's price, in his company's language.
    await page.wait_for_url(f"**/p/{SKU}")
    assert await lang(page) == "pt-BR"
    text = await body_text(page)
    assert "R$ 9,05" in text
    assert "R$ 12,90" not in text
    await page.fill("#calc-quantity", "50")
    await page.press("#calc-quantity", "Enter")
    await page.wait_for_url(f"**/p/{SKU}?quantity=50")
    assert "R$ 8,36" in await body_text(page)
    await shot(page, f"{theme}-product-buyer")

    await page.goto("/account")
    assert "Açaí do Norte" in await body_text(page)
    await shot(page, f"{theme}-account")
    await page.goto("/prices")
    assert "R$ 9,05" in await body_text(page)
    await shot(page, f"{theme}-price-table")


async def test_a_theme_switch_by_mutation_changes_the_next_page_load(
    admin: Admin, page: Any
) -> None:
    admin.storefront(theme="orderpad")
    await page.goto("/")
    assert await body_class(page) == "orderpad page-home"
    assert await page.locator("table.pad").count() == 1
    assert admin.storefront(theme="showcase")["theme"] == "showcase"
    await page.reload()
    assert await body_class(page) == "showcase page-home"
    assert await page.locator("table.pad").count() == 0
    assert await page.locator("ul.cards li.card").count() == 24
    await shot(page, "showcase-home", full_page=False)
    admin.storefront(theme="orderpad")
    await page.reload()
    assert await body_class(page) == "orderpad page-home"
    await shot(page, "orderpad-home", full_page=False)


@pytest.mark.parametrize("theme", THEMES)
async def test_the_language_switcher(theme: str, admin: Admin, page: Any) -> None:
    admin.storefront(theme=theme)
    await page.goto(f"/p/{SKU}")
    assert await lang(page) == "en"
    await page.locator("nav.languages a[hreflang=es]").click()
    await page.wait_for_url(f"**/p/{SKU}")
    assert await lang(page) == "es"
    assert "12,90 BRL" in await body_text(page)
    await page.goto("/")
    assert await lang(page) == "es"
    assert "Catálogo" in await page.title()
    await page.locator("nav.languages a[hreflang=ro]").click()
    await page.wait_for_url("**/")
    assert await lang(page) == "ro"
    await shot(page, f"{theme}-home-ro")


@pytest.mark.parametrize("theme", THEMES)
async def test_pages_fit_a_phone(theme: str, admin: Admin, browser: Any, server: str) -> None:
    admin.storefront(theme=theme)
    context = await browser.new_context(
        base_url=server, locale="pt-BR", viewport={"width": 390, "height": 844}
    )
    tab = await context.new_page()
    try:
        for path in ("/", f"/p/{SKU}", "/register"):
            await tab.goto(path)
            overflow = await tab.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (theme, path, overflow)
        await shot(tab, f"{theme}-phone-register")
    finally:
        await context.close()


async def test_a_buyer_fails_the_minimum_fixes_it_and_orders_without_javascript(
    admin: Admin, browser: Any, server: str
) -> None:
    """The buyer flow of issue 12 on the order pad, with JavaScript off: every step is a form."""
    admin.storefront(theme="orderpad")
    context = await browser.new_context(
        base_url=server,
        locale="en-US",
        java_script_enabled=False,
        viewport={"width": 1280, "height": 900},
    )
    tab = await context.new_page()
    try:
        await tab.goto("/sign-in?next=/p/" + SKU)
        await tab.fill("#f-email", BUYER)
        await tab.fill("#f-password", PASSWORD)
        await tab.locator("main button[type=submit]").click()
        await tab.wait_for_url(f"**/p/{SKU}")
        await tab.fill("#add-quantity", "1")
        await tab.locator("form.add button[type=submit]").click()
        await tab.wait_for_url("**/cart?notice=notices.added_to_cart")
        problems = tab.locator("[data-testid=checkout-problems] li[data-code=BELOW_MINIMUM]")
        assert await problems.count() == 1
        assert "O pedido está abaixo do valor mínimo." in await problems.inner_text()
        assert await tab.locator("[data-testid=to-checkout]").count() == 0
        await shot(tab, "orderpad-cart-below-minimum")

        await tab.fill(f"#line-{SKU}", "400")
        await tab.locator(f"form:has(#line-{SKU}) button[type=submit]").click()
        await tab.wait_for_url("**/cart")
        assert await tab.locator("[data-testid=checkout-problems]").count() == 0, await body_text(
            tab
        )
        await tab.locator("[data-testid=to-checkout]").click()
        await tab.wait_for_url("**/checkout")
        await shot(tab, "orderpad-checkout")
        await tab.locator("form.checkout button[type=submit]").click()
        await tab.wait_for_url("**/orders?notice=notices.order_placed")
        text = await body_text(tab)
        assert "Seu pedido foi feito." in text
        number = re.search(r"VT-\d{6}", text)
        assert number
        await shot(tab, "orderpad-orders")
        await tab.get_by_role("link", name=number.group(0)).click()
        await tab.wait_for_url("**/orders/*")
        detail = await body_text(tab)
        assert f"Pedido {number.group(0)}" in detail and SKU in detail and "Pendente" in detail
        await shot(tab, "orderpad-order")
    finally:
        await context.close()


async def test_the_partner_embed_shows_on_an_allowed_origin_and_nowhere_else(
    admin: Admin, page: Any, partner_site: dict[str, Any]
) -> None:
    """SPEC E5: the snippet on the partner's page (http://127.0.0.1:<port>) shows the catalog
    in a frame that grows to fit it; the same page at http://localhost:<port>, an origin the
    client does not list, gets no catalog."""
    port = partner_site["port"]
    allowed = f"http://127.0.0.1:{port}"
    partner_site["snippet"] = admin.embed_snippet([allowed])
    await page.goto(f"{allowed}/")
    frame_element = page.locator("iframe[data-vitrine-embed]")
    await frame_element.wait_for()
    frame = page.frame_locator("iframe[data-vitrine-embed]")
    await frame.locator("table.pad").wait_for()
    text = await frame.locator("body").inner_text()
    assert "R$12.90" in text and SKU in text
    # The frame reported its height: the page shows the whole catalog without a scroll bar.
    await page.wait_for_function(
        "document.querySelector('iframe[data-vitrine-embed]').offsetHeight > 1000"
    )
    handle = await frame_element.element_handle()
    inner = await handle.content_frame()
    height = await inner.evaluate("document.body.getBoundingClientRect().height")
    assert abs((await frame_element.bounding_box())["height"] - height) < 40
    await shot(page, "orderpad-embed", full_page=False)

    # The same page on an origin the client does not list: the loader is refused, so no frame.
    await page.goto(f"http://localhost:{port}/")
    assert "After the catalog" in await body_text(page)
    await page.wait_for_load_state("networkidle")
    assert await page.locator("iframe").count() == 0

    # A frame copied by hand onto that page: the browser will not show the catalog in it.
    frame_url = re.search(r'src="([^"]+)"', partner_site["snippet"]).group(1)
    frame_url = frame_url.replace("/embed.js?", "/embed?")
    partner_site["snippet"] = f'<iframe title="copied" src="{frame_url}"></iframe>'
    await page.goto(f"http://localhost:{port}/")
    await page.wait_for_load_state("networkidle")
    inner = await (await page.locator("iframe").element_handle()).content_frame()
    shown = await inner.evaluate("document.body ? document.body.innerText : ''")
    assert SKU not in shown and "R$" not in shown


@pytest.mark.parametrize("theme", THEMES)
async def test_the_main_pages_pass_axe_and_are_photographed(
    theme: str, admin: Admin, browser: Any, server: str
) -> None:
    """Accessibility (SPEC E6): axe-core finds no serious or critical violation on the main
    pages of each theme, as a visitor, as a signed-in buyer and on a quick-order link; each page
    is saved under var/screenshots/<theme>-<page>.png on the way."""
    admin.storefront(theme=theme)
    quick_order = admin.quick_order_path("Açaí")
    # The pages allow only their own scripts: axe is injected around the policy, as a browser
    # extension would be.
    context = await browser.new_context(
        base_url=server, locale="en-US", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    tab = await context.new_page()
    problems: list[str] = []

    async def visit(name: str, path: str) -> None:
        response = await tab.goto(path)
        assert response is not None and response.status == 200, (path, response)
        problems.extend(await audit(tab, f"{theme} {name} ({path})"))
        await shot(tab, f"{theme}-{name}")

    try:
        await visit("catalog", "/")
        await visit("product", f"/p/{SKU}")
        await visit("search", f"/search?q={SKU}")
        await visit("sign-in", "/sign-in")
        await visit("register", "/register")
        await tab.goto("/sign-in?next=/account")
        await tab.fill("#f-email", BUYER)
        await tab.fill("#f-password", PASSWORD)
        await tab.locator("main button[type=submit]").click()
        await tab.wait_for_url("**/account")
        await visit("account", "/account")
        await visit("price-table", "/prices")
        await tab.goto(f"/p/{SKU}")
        # Below the company's minimum: the cart and checkout show their problems too. No order
        # is placed (the demo's history has them), so the stock stays for the other tests.
        await tab.fill("#add-quantity", "40")
        await tab.locator("form.add button[type=submit]").click()
        await tab.wait_for_url("**/cart?notice=*")
        await visit("cart", "/cart")
        await visit("checkout", "/checkout")
        await visit("orders", "/orders")
        order = await tab.locator("main a[href*='/orders/']").first.get_attribute("href")
        await visit("order", order)
        await context.clear_cookies()
        await tab.goto(quick_order)
        await tab.wait_for_url("**/quick-order")
        problems.extend(await audit(tab, f"{theme} quick-order"))
        await shot(tab, f"{theme}-quick-order")
    finally:
        await context.close()
    assert not problems, "\n".join(problems)
