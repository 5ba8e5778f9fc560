"""GraphQL documents and calls the quote tests share (SPEC D6)."""

from __future__ import annotations

import datetime
from typing import Any

from tests.conftest import Api

ERRORS = "userErrors { field message code }"
QUOTE_FIELDS = """id number status currency notes message reason carrierName expired
  requestedAt sentAt validUntil nextStatuses
  carrier { id } company { legalName } requestedBy { email } requestedByStaff { email }
  shippingCost { amount currency } subtotal { amount } total { amount currency }
  lines { id sku name quantity product { sku } listPrice { amount } requestedPrice { amount }
    quotedPrice { amount currency } discountPercent lineTotal { amount } }
  history { fromStatus toStatus actorName note staff { email } }
  order { number source }"""
ORDER = """order { id number source status total { amount currency } shippingTotal { amount }
  subtotal { amount } discountTotal { amount } carrierName quote { number status }
  lines { sku quantity unitPrice { amount } baseUnitPrice { amount } discountPercent
    appliedRules lineTotal { amount } } }"""


def _doc(name: str, input_type: str) -> str:
    return f"""mutation($input: {input_type}!) {{ {name}(input: $input) {{
  quote {{ {QUOTE_FIELDS} }} {ORDER} {ERRORS} }} }}"""


REQUEST = _doc("requestQuote", "RequestQuoteInput")
SEND = _doc("sendQuote", "SendQuoteInput")
ACCEPT = _doc("acceptQuote", "AcceptQuoteInput")
REJECT = _doc("rejectQuote", "RejectQuoteInput")
WITHDRAW = _doc("withdrawQuote", "WithdrawQuoteInput")
QUOTE = f"query($id: ID!) {{ quote(id: $id) {{ {QUOTE_FIELDS} }} }}"


def later(days: float = 7) -> str:
    moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)
    return moment.isoformat()


async def call(caller: Api, document: str, **input: Any) -> dict[str, Any]:
    body = await caller.data(document, {"input": input})
    return next(iter(body.values()))


async def request(caller: Api, lines: list[tuple[str, int]], **extra: Any) -> dict[str, Any]:
    return await call(
        caller,
        REQUEST,
        lines=[{"productId": product, "quantity": quantity} for product, quantity in lines],
        **extra,
    )


async def send(caller: Api, quote: dict[str, Any], prices: dict[str, str], **extra: Any) -> Any:
    """sendQuote with a unit price per SKU of the quote's lines."""
    lines = [
        {"lineId": line["id"], "unitPrice": prices[line["sku"]]}
        for line in quote["lines"]
        if line["sku"] in prices
    ]
    extra.setdefault("validUntil", later())
    return await call(caller, SEND, quoteId=quote["id"], lines=lines, **extra)


def codes(payload: dict[str, Any]) -> list[tuple[list[str] | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]
