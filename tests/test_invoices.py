"""Invoices (SPEC D9, B2): staff bill an order in instalments its payment term makes, never
beyond its total (also when two requests race), cancel and mark paid; OVERDUE is read from the
due date; billing and purchasing contacts read their company's invoices, shipping and support
contacts do not; the SQL of a page does not grow with its size."""

from __future__ import annotations

import asyncio
import datetime
from decimal import Decimal

import pytest

from graphql_api.models import Invoice, Order
from graphql_api.models.invoices import InvoiceStatus
from graphql_api.services import invoices, payment_terms
from graphql_api.services.money import Money
from tests.identity_helpers import activate, add_contact, buyer
from tests.order_helpers import build_shop, cheap_hashing, codes, place

ERRORS = "userErrors { field message code }"
INVOICE = """id number status amount { amount currency } currency issueDate dueDate instalment
  instalmentCount paymentTerm paidAt cancelledAt cancelReason orderNumber companyName
  order { number } company { legalName } createdBy { email } documentUrl"""
CREATE = f"""mutation($input: CreateInvoiceInput!) {{ createInvoice(input: $input) {{
  invoices {{ {INVOICE} }} {ERRORS} }} }}"""
PAID = f"""mutation($input: MarkInvoicePaidInput!) {{ markInvoicePaid(input: $input) {{
  invoice {{ {INVOICE} }} {ERRORS} }} }}"""
CANCEL = f"""mutation($input: CancelInvoiceInput!) {{ cancelInvoice(input: $input) {{
  invoice {{ {INVOICE} }} {ERRORS} }} }}"""
LIST = """query($first: Int, $filter: InvoiceFilter) { invoices(first: $first, filter: $filter) {
  totalCount nodes { number status amount { amount } dueDate } } }"""
ONE = """query($id: ID!) { invoice(id: $id) { number status } }"""
ORDER = """query($id: ID!) { order(id: $id) { number total { amount }
  uninvoicedTotal { amount currency } invoices { number status amount { amount } } } }"""


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


@pytest.fixture
async def shop(api, admin, rep):
    return await build_shop(api, admin, rep)


async def _order(shop, term: str | None = "30/60 dias", quantity: int = 10, key: str = "o-1"):
    """An order of company A for `quantity` x P-1 at 10.00: 100.00 BRL for 10."""
    await shop.add("P-1", quantity)
    extra = {"paymentTerm": term} if term is not None else {}
    result = await place(shop.buyer, key, **extra)
    assert result["userErrors"] == [], result
    return result["order"]


async def _create(caller, order_id: str, **extra):
    body = await caller.data(CREATE, {"input": {"orderId": order_id, **extra}})
    return body["createInvoice"]


def _backdate(days: int):
    return datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=days)


# The payment term and the split (pure rules)


@pytest.mark.parametrize(
    ("term", "days", "understood"),
    [
        (None, (0,), True),
        ("À vista", (0,), True),
        ("a vista", (0,), True),
        ("Al contado", (0,), True),
        ("30 dias", (30,), True),
        ("30/60 dias", (30, 60), True),
        ("30/60/90", (30, 60, 90), True),
        ("30 days", (30,), True),
        ("Net 45", (45,), True),
        ("28 ddl", (28,), True),
        ("0/30/60", (0, 30, 60), True),
        ("Entrada + 30/60", (0, 30, 60), True),
        ("3x sem juros", (30, 60, 90), True),
        ("60/30", (30, 60), True),
        ("boleto", (0,), False),
        ("99999 dias", (0,), False),
    ],
)
def test_payment_terms_are_read_as_days_after_issue(term, days, understood):
    assert payment_terms.parse(term) == payment_terms.Schedule(days, understood)


@pytest.mark.parametrize(
    ("total", "currency", "count", "shares"),
    [
        ("100.00", "BRL", 3, ["33.33", "33.33", "33.34"]),
        ("100.00", "BRL", 2, ["50.00", "50.00"]),
        ("0.05", "EUR", 2, ["0.02", "0.03"]),
        ("100", "JPY", 3, ["33", "33", "34"]),
        ("10.000", "BHD", 3, ["3.333", "3.333", "3.334"]),
        ("1234.56", "BRL", 1, ["1234.56"]),
    ],
)
def test_instalments_add_up_exactly_in_minor_units(total, currency, count, shares):
    parts = invoices.split(Money(Decimal(total), currency), count)
    assert [str(p.amount) for p in parts] == shares
    assert sum((p.amount for p in parts), Decimal(0)) == Decimal(total)


# Creating


async def test_an_order_is_invoiced_in_the_instalments_of_its_term(shop, rep):
    order = await _order(shop, "30/60/90 dias")
    issued = datetime.date.today()
    payload = await _create(rep, order["id"], issueDate=issued.isoformat())
    assert payload["userErrors"] == []
    made = payload["invoices"]
    assert [i["number"] for i in made] == ["FAT-000001", "FAT-000002", "FAT-000003"]
    assert [i["amount"] for i in made] == [{"amount": "33.33", "currency": "BRL"}] * 2 + [
        {"amount": "33.34", "currency": "BRL"}
    ]
    assert [i["dueDate"] for i in made] == [
        (issued + datetime.timedelta(days=d)).isoformat() for d in (30, 60, 90)
    ]
    assert [(i["instalment"], i["instalmentCount"]) for i in made] == [(1, 3), (2, 3), (3, 3)]
    first = made[0]
    assert first["status"] == "OPEN"
    assert first["paymentTerm"] == "30/60/90 dias"
    assert first["orderNumber"] == order["number"] == first["order"]["number"]
    assert first["company"] == {"legalName": "Alfa Compras Ltda"}
    assert first["createdBy"] == {"email": "rep@example.com"}
    assert first["documentUrl"].endswith(f"/invoices/{first['id']}.pdf")
    read = (await rep.data(ORDER, {"id": order["id"]}))["order"]
    assert read["uninvoicedTotal"] == {"amount": "0.00", "currency": "BRL"}
    assert [i["number"] for i in read["invoices"]] == ["FAT-000001", "FAT-000002", "FAT-000003"]


async def test_partial_invoicing_never_goes_beyond_the_order_total(shop, rep):
    order = await _order(shop, "À vista")
    first = await _create(rep, order["id"], amount="40.00")
    assert [(i["amount"]["amount"], i["dueDate"]) for i in first["invoices"]] == [
        ("40.00", datetime.date.today().isoformat())
    ]
    too_much = await _create(rep, order["id"], amount="60.01")
    assert codes(too_much) == [(["input", "amount"], "OVER_INVOICED")]
    assert "60.00" in too_much["userErrors"][0]["message"]
    assert too_much["invoices"] is None
    rest = await _create(rep, order["id"])
    assert [i["amount"]["amount"] for i in rest["invoices"]] == ["60.00"]
    nothing_left = await _create(rep, order["id"])
    assert codes(nothing_left) == [(["input", "orderId"], "OVER_INVOICED")]
    # Cancelling frees the amount for a new invoice.
    cancelled = await rep.data(
        CANCEL, {"input": {"invoiceId": first["invoices"][0]["id"], "reason": "Valor errado"}}
    )
    assert cancelled["cancelInvoice"]["invoice"]["status"] == "CANCELLED"
    assert cancelled["cancelInvoice"]["invoice"]["cancelReason"] == "Valor errado"
    read = (await rep.data(ORDER, {"id": order["id"]}))["order"]
    assert read["uninvoicedTotal"]["amount"] == "40.00"
    again = await _create(rep, order["id"], amount="40.00")
    assert again["userErrors"] == []
    assert await Invoice.filter(status=InvoiceStatus.OPEN).count() == 2
    assert [
        n for n in await Invoice.all().order_by("sequence").values_list("number", flat=True)
    ] == [
        "FAT-000001",
        "FAT-000002",
        "FAT-000003",
    ]


async def test_two_creations_at_once_cannot_over_invoice(shop, rep):
    order = await _order(shop, "À vista")
    results = await asyncio.gather(*(_create(rep, order["id"], amount="60.00") for _ in range(4)))
    made = [r for r in results if r["userErrors"] == []]
    refused = [r for r in results if r["userErrors"]]
    assert len(made) == 1 and len(refused) == 3
    assert all(codes(r) == [(["input", "amount"], "OVER_INVOICED")] for r in refused)
    amounts = await Invoice.all().values_list("amount", flat=True)
    assert [Decimal(a) for a in amounts] == [Decimal("60")]


async def test_invoices_of_two_orders_made_at_once_get_distinct_numbers(shop, rep):
    first = await _order(shop, "30/60 dias", key="a")
    second = await _order(shop, "30/60 dias", key="b")
    results = await asyncio.gather(_create(rep, first["id"]), _create(rep, second["id"]))
    assert all(r["userErrors"] == [] for r in results)
    numbers = sorted(i["number"] for r in results for i in r["invoices"])
    assert numbers == ["FAT-000001", "FAT-000002", "FAT-000003", "FAT-000004"]


async def test_rejected_inputs_name_the_field_and_write_nothing(shop, rep, admin):
    order = await _order(shop)
    cases = [
        ({"amount": "-1"}, [(["input", "amount"], "NEGATIVE")]),
        ({"amount": "1.001"}, [(["input", "amount"], "INVALID")]),
        ({"amount": "0"}, [(["input", "amount"], "INVALID")]),
        ({"amount": "0.01"}, [(["input", "amount"], "INVALID")]),  # two instalments
        ({"issueDate": "2001-01-01"}, [(["input", "issueDate"], "INVALID")]),
        ({"issueDate": "2099-01-01"}, [(["input", "issueDate"], "INVALID")]),
    ]
    for extra, expected in cases:
        payload = await _create(rep, order["id"], **extra)
        assert codes(payload) == expected, extra
        assert payload["invoices"] is None
    bad_id = await _create(rep, "not-an-id")
    assert codes(bad_id) == [(["input", "orderId"], "INVALID_ID")]
    await rep.data(
        "mutation($id: ID!) { transitionOrder(input: {orderId: $id, to: CANCELLED}) "
        "{ userErrors { code } } }",
        {"id": order["id"]},
    )
    cancelled = await _create(rep, order["id"])
    assert codes(cancelled) == [(["input", "orderId"], "NOT_ALLOWED")]
    assert await Invoice.all().count() == 0
    # A refused request gives its numbers back: the next invoice is the first.
    fresh = await _order(shop, "À vista", key="o-2")
    made = await _create(admin, fresh["id"])
    assert [i["number"] for i in made["invoices"]] == ["FAT-000001"]


async def test_only_staff_who_hold_the_company_create_mark_and_cancel(shop, api, rep, other_rep):
    order = await _order(shop)
    for caller, code in (
        (shop.buyer, "FORBIDDEN"),
        (other_rep, "NOT_FOUND"),
        (api, "UNAUTHENTICATED"),
    ):
        assert [e["code"] for e in (await _create(caller, order["id"]))["userErrors"]] == [code]
    invoice_id = (await _create(rep, order["id"]))["invoices"][0]["id"]
    for document, name in ((PAID, "markInvoicePaid"), (CANCEL, "cancelInvoice")):
        for caller, code in (
            (shop.buyer, "FORBIDDEN"),
            (other_rep, "NOT_FOUND"),
            (api, "UNAUTHENTICATED"),
        ):
            payload = (await caller.data(document, {"input": {"invoiceId": invoice_id}}))[name]
            assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
                (None if code != "NOT_FOUND" else ["input", "invoiceId"], code)
            ], (name, code)
    assert await Invoice.filter(status=InvoiceStatus.OPEN).count() == 2


async def test_paid_and_cancelled_invoices_do_not_move_again(shop, rep):
    order = await _order(shop)
    first, second = (await _create(rep, order["id"]))["invoices"]
    future = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)).isoformat()
    ahead = await rep.data(PAID, {"input": {"invoiceId": first["id"], "paidAt": future}})
    assert codes(ahead["markInvoicePaid"]) == [(["input", "paidAt"], "INVALID")]
    paid = (await rep.data(PAID, {"input": {"invoiceId": first["id"]}}))["markInvoicePaid"]
    assert paid["invoice"]["status"] == "PAID" and paid["invoice"]["paidAt"]
    again = (await rep.data(PAID, {"input": {"invoiceId": first["id"]}}))["markInvoicePaid"]
    assert codes(again) == [(["input", "invoiceId"], "INVALID_TRANSITION")]
    cancel_paid = (await rep.data(CANCEL, {"input": {"invoiceId": first["id"]}}))["cancelInvoice"]
    assert codes(cancel_paid) == [(["input", "invoiceId"], "INVALID_TRANSITION")]
    long_reason = await rep(CANCEL, {"input": {"invoiceId": second["id"], "reason": "x" * 501}})
    assert long_reason["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": ["input", "reason"],
    }
    await rep.data(CANCEL, {"input": {"invoiceId": second["id"]}})
    pay_cancelled = await rep.data(PAID, {"input": {"invoiceId": second["id"]}})
    assert codes(pay_cancelled["markInvoicePaid"]) == [
        (["input", "invoiceId"], "INVALID_TRANSITION")
    ]


async def test_overdue_is_read_from_the_due_date_and_never_stored(shop, rep):
    order = await _order(shop, "30/60 dias")
    await Order.filter(number=order["number"]).update(created_at=_backdate(100))
    issued = (datetime.date.today() - datetime.timedelta(days=45)).isoformat()
    late, due = (await _create(rep, order["id"], issueDate=issued))["invoices"]
    assert (late["status"], due["status"]) == ("OVERDUE", "OPEN")
    stored = await Invoice.all().order_by("sequence").values_list("status", flat=True)
    assert [str(s) for s in stored] == ["OPEN", "OPEN"]
    overdue = (await rep.data(LIST, {"filter": {"status": ["OVERDUE"]}}))["invoices"]
    assert [n["number"] for n in overdue["nodes"]] == [late["number"]]
    still_open = (await rep.data(LIST, {"filter": {"status": ["OPEN"]}}))["invoices"]
    assert [n["number"] for n in still_open["nodes"]] == [due["number"]]
    # Tomorrow is another day: the same row reads OVERDUE once its due date has passed.
    row = await Invoice.get(number=due["number"])
    later = datetime.date.fromisoformat(due["dueDate"]) + datetime.timedelta(days=1)
    assert invoices.status_of(row, later) == InvoiceStatus.OVERDUE
    paid = (await rep.data(PAID, {"input": {"invoiceId": late["id"]}}))["markInvoicePaid"]
    assert paid["invoice"]["status"] == "PAID"
    both = (await rep.data(LIST, {"filter": {"status": ["OVERDUE", "PAID"]}}))["invoices"]
    assert [n["status"] for n in both["nodes"]] == ["PAID"]


# Reading by role


async def _contact(shop, api, admin, role: str):
    email = f"{role.lower()}@alfa.example.com"
    contact = await add_contact(admin, shop.company, email, roles=[role])
    await activate(api, admin, contact["id"])
    return await buyer(api, email)


async def test_billing_and_purchasing_contacts_read_invoices_shipping_and_support_do_not(
    shop, api, admin, rep
):
    order = await _order(shop)
    made = (await _create(rep, order["id"]))["invoices"]
    billing = await buyer(api, "financeiro@alfa.example.com")
    shipping = await _contact(shop, api, admin, "SHIPPING")
    support = await _contact(shop, api, admin, "SUPPORT")
    for reader in (billing, shop.buyer):
        listed = (await reader.data(LIST))["invoices"]
        assert [n["number"] for n in listed["nodes"]] == ["FAT-000002", "FAT-000001"]
        assert (await reader.data(ONE, {"id": made[0]["id"]}))["invoice"]["number"] == "FAT-000001"
        read = (await reader.data(ORDER, {"id": order["id"]}))["order"]
        assert [i["number"] for i in read["invoices"]] == ["FAT-000001", "FAT-000002"]
        assert read["uninvoicedTotal"]["amount"] == "0.00"
    for reader in (shipping, support):
        body = await reader(LIST)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert (await reader(ONE, {"id": made[0]["id"]}))["errors"][0]["extensions"]["code"] == (
            "FORBIDDEN"
        )
        read = (await reader.data(ORDER, {"id": order["id"]}))["order"]
        assert read["invoices"] is None and read["uninvoicedTotal"] is None
    node = "query($id: ID!) { node(id: $id) { ... on Invoice { number } } }"
    assert (await billing.data(node, {"id": made[0]["id"]}))["node"] == {"number": "FAT-000001"}
    assert (await shipping.data(node, {"id": made[0]["id"]}))["node"] is None


async def test_another_company_and_other_reps_see_none_of_them(shop, api, admin, rep, other_rep):
    from tests.factories import create_company

    order = await _order(shop)
    made = (await _create(rep, order["id"]))["invoices"]
    other = await create_company(admin, legalName="Outra Ltda", salesRepId=other_rep.staff_id)
    contact = await add_contact(admin, other["id"], "compras@outra.example.com", roles=["BILLING"])
    await activate(api, admin, contact["id"])
    stranger = await buyer(api, "compras@outra.example.com")
    assert (await stranger.data(LIST))["invoices"]["totalCount"] == 0
    assert (await stranger.data(ONE, {"id": made[0]["id"]}))["invoice"] is None
    mine = await stranger(LIST, {"filter": {"companyId": shop.company}})
    assert mine["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await other_rep.data(LIST))["invoices"]["totalCount"] == 0
    assert (await admin.data(LIST))["invoices"]["totalCount"] == 2
    by_company = await admin.data(LIST, {"filter": {"companyId": other["id"]}})
    assert by_company["invoices"]["totalCount"] == 0
    by_order = await admin.data(LIST, {"filter": {"orderId": order["id"]}})
    assert by_order["invoices"]["totalCount"] == 2
    assert (await api(LIST))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


# SQL (SPEC F3)


PAGE = """query($first: Int!) { invoices(first: $first) { totalCount nodes {
  number status amount { amount currency } dueDate documentUrl order { number }
  company { legalName } createdBy { email } } } }"""


async def test_invoice_page_runs_the_same_queries_for_5_and_50_rows(
    shop, rep, uncapped_client, count_sql
):
    from tests.conftest import Api

    orders = [await _order(shop, "À vista", quantity=30, key=f"k-{n}") for n in range(2)]
    for n in range(50):
        payload = await _create(rep, orders[n % 2]["id"], amount="1.00")
        assert payload["userErrors"] == []
    caller = Api(uncapped_client, rep.token)
    counts = {}
    for first in (5, 50):
        with count_sql() as counter:
            data = await caller.data(PAGE, {"first": first})
        nodes = data["invoices"]["nodes"]
        assert len(nodes) == first
        assert all(n["order"]["number"] and n["company"] and n["createdBy"] for n in nodes)
        counts[first] = counter.count
    assert counts[5] == counts[50], counts
