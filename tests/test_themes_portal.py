"""The buyer's portal pages of both built-in themes through the real app over HTTP (SPEC E3, D8):
a quote requested for the cart with an allowed carrier, refused forms shown again with the error
beside its field, reject and withdraw back to the quote; invoices and reports refused, in words,
to a role that does not read amounts; the reports' default range and their CSVs under a
storefront's prefix. The browser flow is tests/test_themes_portal_browser.py."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from graphql_api.models import Storefront
from tests import test_themes
from tests.identity_helpers import activate, add_contact
from tests.test_themes import Site, field_value, ordering_shop
from tests.theme_helpers import STOREFRONT, sign_in
from tests.theme_helpers import text as text_of

# The engine tests' fixtures: a browser-like client on the app, and a shop with Ana signed up.
site = test_themes.site
shop = test_themes.shop

THEMES = ["orderpad", "showcase"]
SHIPPING = "expedicao@cliente.com.br"
QUOTES = """query { quotes(first: 5) { nodes { id number status carrierName } } }"""
SEND_QUOTE = """mutation($input: SendQuoteInput!) { sendQuote(input: $input) {
  quote { status } userErrors { field message code } } }"""


async def cart_of_two(http: Any) -> str:
    """Two padlocks in the signed-in buyer's cart; the page's CSRF token."""
    product = (await http.get("/p/LOCK-20")).text
    csrf = field_value(product, "csrf_token")
    added = await http.post(
        "/p/LOCK-20",
        data={"csrf_token": csrf, "productId": field_value(product, "productId"), "quantity": "2"},
    )
    assert added.status_code == 303
    return csrf


@pytest.mark.parametrize("theme", THEMES)
async def test_a_quote_for_the_cart_is_requested_refused_forms_show_why_and_it_is_rejected(
    site: Site, shop: Any, admin: Any, theme: str
) -> None:
    await admin.data(STOREFRONT, {"input": {"theme": theme}})
    carrier = await ordering_shop(admin)
    http = await site()
    await sign_in(http)
    csrf = await cart_of_two(http)

    cart = (await http.get("/cart")).text
    assert 'data-testid="request-quote"' in cart and f'value="{carrier}"' in cart
    page = (await http.get("/quotes")).text
    assert f'<option value="{carrier}"' in page and "Transportadora Rápida" in page

    # A carrier the policy does not allow: the page again, the error beside the carrier.
    other = await admin.data(
        """mutation { createCarrier(input: {name: "Outra", trackingUrl: ""}) {
        carrier { id } userErrors { message } } }""",
        {},
    )
    refused = await http.post(
        "/quotes",
        data={"csrf_token": csrf, "carrierId": other["createCarrier"]["carrier"]["id"]},
    )
    assert refused.status_code == 422
    assert re.search(r'class="field invalid"[^>]*>\s*<label for="f-carrierId"', refused.text)
    assert (await admin.data(QUOTES, {}))["quotes"]["nodes"] == []

    requested = await http.post(
        "/quotes", data={"csrf_token": csrf, "carrierId": carrier, "notes": "Galpão 2"}
    )
    assert requested.status_code == 303
    assert requested.headers["location"] == "/quotes?notice=notices.quote_requested"
    listed = text_of((await http.get(requested.headers["location"])).text)
    quote = (await admin.data(QUOTES, {}))["quotes"]["nodes"][0]
    assert quote["status"] == "REQUESTED" and quote["carrierName"] == "Transportadora Rápida"
    assert "Cotação solicitada" in listed and quote["number"] in listed and "Solicitada" in listed

    valid = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
    sent = await admin.data(
        SEND_QUOTE, {"input": {"quoteId": quote["id"], "validUntil": valid.isoformat()}}
    )
    assert sent["sendQuote"]["userErrors"] == []
    detail = (await http.get(f"/quotes/{quote['id']}")).text
    assert f'action="/quotes/{quote["id"]}/accept"' in detail
    assert 'name="idempotencyKey"' in detail and f'action="/quotes/{quote["id"]}/reject"' in detail

    # Rejecting needs a reason: said beside the field, nothing changed.
    no_reason = await http.post(
        f"/quotes/{quote['id']}/reject", data={"csrf_token": csrf, "reason": ""}
    )
    assert no_reason.status_code == 422
    assert 'id="e-reason"' in no_reason.text
    rejected = await http.post(
        f"/quotes/{quote['id']}/reject", data={"csrf_token": csrf, "reason": "Caro demais"}
    )
    assert rejected.status_code == 303
    assert rejected.headers["location"] == f"/quotes/{quote['id']}?notice=notices.quote_rejected"
    after = text_of((await http.get(rejected.headers["location"])).text)
    assert "Cotação recusada." in after and "Caro demais" in after
    assert "Aceitar a cotação" not in after

    # Without the session's CSRF token the form is refused and runs nothing.
    forged = await http.post(f"/quotes/{quote['id']}/withdraw", data={"reason": ""})
    assert forged.status_code == 403


async def test_a_requested_quote_is_withdrawn_back_on_its_page(
    site: Site, shop: Any, admin: Any
) -> None:
    carrier = await ordering_shop(admin)
    http = await site()
    await sign_in(http)
    csrf = await cart_of_two(http)
    await http.post("/quotes", data={"csrf_token": csrf, "carrierId": carrier})
    quote = (await admin.data(QUOTES, {}))["quotes"]["nodes"][0]
    page = (await http.get(f"/quotes/{quote['id']}")).text
    assert f'action="/quotes/{quote["id"]}/withdraw"' in page
    assert f'action="/quotes/{quote["id"]}/accept"' not in page
    withdrawn = await http.post(f"/quotes/{quote['id']}/withdraw", data={"csrf_token": csrf})
    assert withdrawn.status_code == 303
    assert withdrawn.headers["location"] == f"/quotes/{quote['id']}?notice=notices.quote_withdrawn"
    assert (await admin.data(QUOTES, {}))["quotes"]["nodes"][0]["status"] == "WITHDRAWN"


@pytest.mark.parametrize("theme", THEMES)
async def test_invoices_and_reports_tell_a_shipping_contact_they_are_not_for_its_role(
    site: Site, shop: Any, admin: Any, api: Any, theme: str
) -> None:
    await admin.data(STOREFRONT, {"input": {"theme": theme}})
    contact = await add_contact(admin, shop["company"]["id"], SHIPPING, roles=["SHIPPING"])
    await activate(api, admin, contact["id"])
    http = await site()
    await sign_in(http, email=SHIPPING)
    for path, words in (
        ("/invoices", "As faturas não estão disponíveis para o seu papel"),
        ("/reports", "Os relatórios não estão disponíveis para o seu papel"),
    ):
        page = await http.get(path)
        assert page.status_code == 403, path
        assert 'data-testid="role-required"' in page.text and words in text_of(page.text)

    # The purchasing contact reads them: an empty list, and the reports of the last 12 months.
    buyer = await site()
    await sign_in(buyer)
    invoices = await buyer.get("/invoices")
    assert invoices.status_code == 200 and "Nenhuma fatura ainda." in text_of(invoices.text)
    reports = (await buyer.get("/reports")).text
    today = datetime.date.today()
    expected = today.replace(day=1)
    for _ in range(11):
        expected = (expected - datetime.timedelta(days=1)).replace(day=1)
    assert f'name="from" value="{expected.isoformat()}"' in reports
    assert f'name="to" value="{today.isoformat()}"' in reports
    assert "Nada comprado neste período." in text_of(reports)


async def test_report_csvs_under_a_storefront_prefix_keep_the_page_range(
    site: Site, shop: Any, admin: Any
) -> None:
    storefront = await Storefront.all().order_by("id").first()
    assert storefront is not None
    prefix = f"/s/{storefront.slug}"
    http = await site()
    await sign_in(http, prefix=prefix)
    page = (await http.get(f"{prefix}/reports?from=2026-01-01&to=2026-03-31&groupBy=QUARTER")).text
    links = re.findall(r'href="([^"]*\.csv[^"]*)"', page)
    assert len(links) == 3
    assert all(link.startswith(f"{prefix}/reports/") for link in links)
    assert any("groupBy=QUARTER" in link and "from=2026-01-01" in link for link in links)
    for link in links:
        response = await http.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, (link, response.text)
        assert response.headers["content-type"].startswith("text/csv")
    # A bad range is the query's input error: a 400 page, never a 500.
    bad = await http.get(f"{prefix}/reports?from=2026-05-01&to=2026-01-01")
    assert bad.status_code == 400
