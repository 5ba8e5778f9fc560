"""The buyer's portal pages of both built-in themes in a real browser (SPEC E3, D8; issue 12):
a buyer requests a quote for its cart with a carrier its policy allows, staff send it over
/graphql, the buyer accepts it on the quote page and finds the order in its history; the
invoices page lists an invoice whose PDF link downloads a PDF; the reports page draws the spend
per supplier as an SVG chart with a data table and CSV links. Every page passes axe-core and is
photographed under var/screenshots/. Reuses test_themes_browser's fixtures and helpers."""

from __future__ import annotations

import asyncio
import datetime
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from tests import servers
from tests.test_themes_browser import (
    ARGS,
    BUYER,
    CHROMIUM,
    PASSWORD,
    SKU,
    THEMES,
    Admin,
    audit,
    body_text,
    shot,
)

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"no Chromium at {CHROMIUM}: apt-get install chromium to run the browser tests",
    ),
    pytest.mark.xdist_group("portal_browser"),
]

QUOTES = """query($status: [QuoteStatus!]) { quotes(first: 1, filter: {status: $status}) {
  nodes { id number lines { id } } } }"""
SEND_QUOTE = """mutation($input: SendQuoteInput!) { sendQuote(input: $input) {
  quote { status total { amount } } userErrors { field message code } } }"""
QUOTE_ORDER = """query($id: ID!) { quote(id: $id) { status order { id number } } }"""
BILLABLE = """query { orders(first: 100, status: [CONFIRMED, IN_PRODUCTION, SHIPPED, DELIVERED]) {
  nodes { id number companyName uninvoicedTotal { amount } } } }"""
CREATE_INVOICE = """mutation($orderId: ID!) { createInvoice(input: {orderId: $orderId}) {
  invoices { number } userErrors { field message code } } }"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`vitrine serve --demo` whose public address is its own, so the invoices' document links
    (built from VITRINE_PUBLIC_URL) lead back to it."""
    folder = tmp_path_factory.mktemp("portal-browser")
    port = servers.free_port()
    base = f"http://127.0.0.1:{port}"
    env = servers.base_env(VITRINE_DATA_DIR=str(folder / "data"), VITRINE_PUBLIC_URL=base)
    for name in ("VITRINE_SECRET_KEY", "VITRINE_ADMIN_PASSWORD"):
        env.pop(name, None)
    process = servers.Server(env, folder / "server.log", port, ("--demo",))
    process.spawn()
    try:
        process.wait_ready()
        yield base
    finally:
        process.stop()


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        await chromium.close()


@pytest.fixture
def admin(server: str) -> Iterator[Admin]:
    admin = Admin(server)
    yield admin
    admin.storefront(theme="orderpad")
    admin.http.close()


@pytest.fixture
async def buyer(browser: Any, server: str) -> AsyncIterator[Any]:
    """A tab signed in as the demo's purchasing contact, Marcos (his company's language is
    pt-BR), with the CSP bypassed only so axe-core can be injected."""
    context = await browser.new_context(
        base_url=server, locale="en-US", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    tab = await context.new_page()
    await tab.goto("/sign-in?next=/account")
    await tab.fill("#f-email", BUYER)
    await tab.fill("#f-password", PASSWORD)
    await tab.locator("main button[type=submit]").click()
    await tab.wait_for_url("**/account")
    yield tab
    await context.close()


async def empty_cart(tab: Any) -> None:
    """Earlier tests on the same server leave lines in Marcos's cart: remove them."""
    await tab.goto("/cart")
    remove = tab.locator("form:has(input[name=quantity][value='0']) button[type=submit]")
    while await remove.count():
        await remove.first.click()
        await tab.wait_for_load_state()


async def look(tab: Any, name: str, problems: list[str]) -> None:
    problems.extend(await audit(tab, name))
    await shot(tab, name)


@pytest.mark.parametrize("theme", THEMES)
async def test_a_buyer_requests_a_quote_staff_send_it_and_the_buyer_accepts_it(
    theme: str, admin: Admin, buyer: Any
) -> None:
    admin.storefront(theme=theme)
    problems: list[str] = []
    tab = buyer
    await empty_cart(tab)
    await tab.goto(f"/p/{SKU}")
    await tab.fill("#add-quantity", "100")
    await tab.locator("form.add button[type=submit]").click()
    await tab.wait_for_url("**/cart?notice=*")
    # The cart offers the same request; the quotes page is where the carrier is chosen.
    assert await tab.locator("[data-testid=request-quote]").count() == 1
    await tab.locator("nav a[href='/quotes']").click()
    await tab.wait_for_url("**/quotes")
    carriers = tab.locator("#f-carrierId option")
    names = [name.strip() for name in await carriers.all_inner_texts()]
    assert names, await body_text(tab)
    chosen = names[-1]
    await tab.select_option("#f-carrierId", label=chosen)
    await tab.fill("#f-notes", f"Entrega no galpão 2 ({theme})")
    await tab.locator("#request button[type=submit]").click()
    await tab.wait_for_url("**/quotes?notice=notices.quote_requested")
    text = await body_text(tab)
    assert "Cotação solicitada" in text
    requested = admin.graphql(QUOTES, {"status": ["REQUESTED"]})["quotes"]["nodes"][0]
    assert requested["number"] in text
    await look(tab, f"{theme}-quotes", problems)

    # Staff answer it over /graphql: 5% off the line, shipping, a week to decide.
    valid = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=7)
    sent = admin.graphql(
        SEND_QUOTE,
        {
            "input": {
                "quoteId": requested["id"],
                "validUntil": valid.isoformat(),
                "shippingCost": "25.00",
                "message": "Frete incluso para o galpão 2.",
            }
        },
    )["sendQuote"]
    assert sent["userErrors"] == [] and sent["quote"]["status"] == "SENT", sent

    await tab.get_by_role("link", name=requested["number"]).first.click()
    await tab.wait_for_url("**/quotes/*")
    status = tab.locator("[data-testid=quote-status]")
    assert await status.get_attribute("data-status") == "SENT"
    detail = await body_text(tab)
    assert chosen in detail and SKU in detail and "R$ 25,00" in detail
    assert "Frete incluso para o galpão 2." in detail
    await look(tab, f"{theme}-quote", problems)

    await tab.locator("[data-testid=accept-quote]").click()
    await tab.wait_for_load_state()
    assert tab.url.endswith("/orders?notice=notices.quote_accepted"), await body_text(tab)
    accepted = admin.graphql(QUOTE_ORDER, {"id": requested["id"]})["quote"]
    assert accepted["status"] == "ACCEPTED"
    number = accepted["order"]["number"]
    orders = await body_text(tab)
    assert "Cotação aceita" in orders and number in orders
    await shot(tab, f"{theme}-orders-after-quote")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("theme", THEMES)
async def test_the_invoices_page_lists_an_invoice_and_its_pdf_downloads(
    theme: str, admin: Admin, buyer: Any
) -> None:
    admin.storefront(theme=theme)
    tab = buyer
    # An order of Marcos's company with something left to bill (each theme's run bills one).
    order_id = next(
        order["id"]
        for order in admin.graphql(BILLABLE, {})["orders"]["nodes"]
        if "Açaí" in order["companyName"] and float(order["uninvoicedTotal"]["amount"]) > 0
    )
    made = admin.graphql(CREATE_INVOICE, {"orderId": order_id})["createInvoice"]
    assert made["userErrors"] == [], made
    number = made["invoices"][0]["number"]

    await tab.locator("nav a[href='/invoices']").click()
    await tab.wait_for_url("**/invoices")
    assert number in await body_text(tab)
    problems = await audit(tab, f"{theme} invoices")
    await shot(tab, f"{theme}-invoices")
    link = tab.locator("[data-testid=invoice-pdf]", has_text=number)
    async with tab.expect_download() as info:
        await link.click()
    download = await info.value
    path = await download.path()
    assert path is not None
    assert (await asyncio.to_thread(path.read_bytes)).startswith(b"%PDF-")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("theme", THEMES)
async def test_the_reports_page_draws_spend_per_supplier(
    theme: str, admin: Admin, buyer: Any
) -> None:
    admin.storefront(theme=theme)
    tab = buyer
    await tab.goto("/reports")
    chart = tab.locator("svg[data-testid=spend-chart]")
    assert await chart.count() == 1, await body_text(tab)
    assert await chart.get_attribute("role") == "img"
    title = await chart.locator("title").first.text_content()
    assert title and "BRL" in title
    suppliers = [s.strip() for s in await tab.locator(".legend li").all_inner_texts()]
    assert suppliers
    description = await chart.locator("desc").text_content()
    bars = await chart.locator("rect.bar title").all_text_contents()
    table = await body_text(tab)
    for supplier in suppliers:
        assert supplier in description
        assert any(bar.startswith(f"{supplier}, ") for bar in bars)
        assert supplier in table
    problems = await audit(tab, f"{theme} reports")
    await shot(tab, f"{theme}-reports")

    # The range form: quarters instead of months, the same chart's data regrouped.
    await tab.select_option("#r-group", "QUARTER")
    await tab.locator("form.filter button[type=submit]").click()
    await tab.wait_for_url("**/reports?*groupBy=QUARTER*")
    labels = await chart.locator("text.axis").all_text_contents()
    assert any(re.search(r"Q[1-4]", label) for label in labels), labels

    # Each report's CSV link downloads it with the page's range.
    for href in await tab.locator("a[href*='.csv']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    ):
        response = await tab.request.get(href)
        assert response.status == 200, (href, await response.text())
        assert response.headers["content-type"].startswith("text/csv")
        assert (await response.text()).count("\n") >= 1
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("theme", THEMES)
async def test_the_portal_pages_fit_a_phone(
    theme: str, admin: Admin, browser: Any, server: str
) -> None:
    admin.storefront(theme=theme)
    context = await browser.new_context(
        base_url=server, locale="pt-BR", viewport={"width": 390, "height": 844}
    )
    tab = await context.new_page()
    try:
        await tab.goto("/sign-in?next=/quotes")
        await tab.fill("#f-email", BUYER)
        await tab.fill("#f-password", PASSWORD)
        await tab.locator("main button[type=submit]").click()
        await tab.wait_for_url("**/quotes")
        for path in ("/quotes", "/invoices", "/reports"):
            await tab.goto(path)
            overflow = await tab.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            wide = await tab.evaluate(
                "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect()"
                ".right > document.documentElement.clientWidth + 1).slice(0, 6).map(e => "
                "e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)"
            )
            assert overflow <= 0, (theme, path, overflow, wide)
        await shot(tab, f"{theme}-phone-reports")
    finally:
        await context.close()
