"""The authorization table (SPEC A10, B2, B7, B9): every root query and mutation, the document
that exercises it, and which callers may use it. tests/test_authorization_matrix.py runs every
row against every caller.

A row's `variables` receives the test's world (see `World` in the test module): `w.id(name)` is
the global ID of a fixture object (company_a, company_b, purchasing, billing, shipping, support,
other_company, note, group, field, partner_client, activity, notification, storefront,
rep_staff; and the catalog's supplier, supplier_b, inactive_supplier, category, product,
hidden_product, carrier, price_list; cart_line, the line of MX-1 in the purchasing contact's
cart; order_a, an order of company A placed on its behalf; quote_a, a quote an admin asked
for company A; invoice_a and invoice_a2, invoices of 1.00 of order_a), `w.email(name)` a
contact's email,
`w.unique()` a fresh number, and the `w.throwaway_*()` coroutines make an object for that one
call, so that an allowed deletion or block does not change what the next row sees. Throwaway
companies, contacts and notes belong to company A's side: assigned to the rep who has company A.

Outcomes:
- a query is allowed when it answers without an UNAUTHENTICATED or FORBIDDEN error and, for a
  look-up by id (`lookup=True`), with a non-null object; refused otherwise;
- a mutation is refused when its userErrors (or a GraphQL error) carry UNAUTHENTICATED,
  FORBIDDEN or NOT_FOUND (NOT_FOUND on an object that exists means it is hidden), or one of the
  row's `extra_refusals`; allowed otherwise. An allowed caller may only get the userError codes
  in `may_fail_with` (None: any other code), so a typo in a row's input cannot pass as allowed.
- `shows_a`: for lists, the callers whose answer includes company A (checked with `includes_a`);
  other allowed callers must get an answer without it. Catalog rows use it for their own object
  (`shown_object` names it): the product MX-1, which company B's buyer may not see (company B is
  limited to the supplier Bravo), the supplier Acme, and so on.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.factories import company_input
from tests.quote_helpers import later

ANONYMOUS = "anonymous"
PURCHASING = "purchasing"  # contact of company A with the PURCHASING role
BILLING = "billing"  # contact of company A with the BILLING role
SHIPPING = "shipping"  # contact of company A with the SHIPPING role
SUPPORT = "support"  # contact of company A with the SUPPORT role
OTHER_COMPANY = "other_company"  # purchasing contact of company B
ACT_AS = "act_as"  # the admin acting as company A's purchasing contact
REP = "rep"  # sales rep company A is assigned to
OTHER_REP = "other_rep"  # sales rep of company B, not of A
ADMIN = "admin"
PARTNER = "partner"  # OAuth client, scope catalog:read, bound to the default storefront
GUEST = "guest"  # a visitor with a guest cart session (POST /session/guest)
QUICK_LINK = "quick_link"  # whoever opened company A's quick-order link (GET /q/<token>)

CALLERS = (
    ANONYMOUS,
    PURCHASING,
    BILLING,
    SHIPPING,
    SUPPORT,
    OTHER_COMPANY,
    ACT_AS,
    REP,
    OTHER_REP,
    ADMIN,
    PARTNER,
    GUEST,
    QUICK_LINK,
)

EVERYONE = frozenset(CALLERS)
ADMIN_ONLY = frozenset({ADMIN})
STAFF = frozenset({ADMIN, REP, OTHER_REP})
STAFF_OF_A = frozenset({ADMIN, REP})  # staff who may act on company A
STAFF_OF_B = frozenset({ADMIN, OTHER_REP})
CONTACTS_OF_A = frozenset({PURCHASING, BILLING, SHIPPING, SUPPORT, ACT_AS})
# Callers with a session to end: staff and contacts (an act-as token simply expires; guest and
# quick-order link sessions are forgotten with their cookie, or end with the link).
WITH_SESSION = EVERYONE - {ANONYMOUS, PARTNER, GUEST, QUICK_LINK}
# Visitors: nobody signed in, with or without a guest cart.
VISITORS = frozenset({ANONYMOUS, GUEST})

REFUSALS = frozenset({"UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"})

# Root fields that have rows before they are in the schema (being wired in): their rows
# are skipped until then. Any other row must name a field of the schema.
PENDING_FIELDS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Case:
    label: str
    field: str
    document: str
    allowed: frozenset[str]
    variables: Callable[[Any], Any] = lambda w: {}
    lookup: bool = False
    may_fail_with: frozenset[str] | None = frozenset()
    extra_refusals: frozenset[str] = frozenset()
    shows_a: frozenset[str] | None = None
    includes_a: Callable[[Any, Any], bool] | None = None
    check: Callable[[Any, str], str | None] | None = None
    shown_object: str = "company A"
    ends_session: bool = False


def _errors(selection: str = "") -> str:
    return f"{selection} userErrors {{ field message code }}"


def _this_year() -> dict[str, str]:
    """A report's range around today (the world's orders are placed today, in UTC)."""
    today = datetime.datetime.now(datetime.UTC).date()
    return {"from": f"{today.year - 1}-01-01", "to": f"{today.year + 1}-12-31"}


def _mutation(name: str, input_type: str, selection: str = "") -> str:
    return f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {_errors(selection)} }} }}"


def _node(type_name: str, object_name: str, allowed: frozenset[str], **extra: Any) -> Case:
    return Case(
        f"node({type_name} {object_name})",
        "node",
        "query($id: ID!) { node(id: $id) { id } }",
        allowed,
        lambda w: {"id": w.id(object_name)},
        lookup=True,
        **extra,
    )


VIEWER_KINDS = {
    ANONYMOUS: ("ANONYMOUS", False),
    PURCHASING: ("CONTACT", False),
    BILLING: ("CONTACT", False),
    SHIPPING: ("CONTACT", False),
    SUPPORT: ("CONTACT", False),
    OTHER_COMPANY: ("CONTACT", False),
    ACT_AS: ("CONTACT", True),
    REP: ("STAFF", False),
    OTHER_REP: ("STAFF", False),
    ADMIN: ("STAFF", False),
    PARTNER: ("PARTNER", False),
    GUEST: ("ANONYMOUS", False),
    QUICK_LINK: ("QUICK_LINK", False),
}


def _viewer_matches(data: Any, caller: str) -> str | None:
    got = (data["kind"], data["isActing"])
    return None if got == VIEWER_KINDS[caller] else f"viewer is {got}, not {VIEWER_KINDS[caller]}"


def _ids_of(connection: Any) -> list[str]:
    return [n["id"] for n in connection["nodes"]]


def _registration(w: Any) -> dict[str, Any]:
    n = w.unique()
    company = company_input()
    return {
        "input": {
            "company": {
                "legalName": f"Registro Novo {n} Ltda",
                "taxIds": company["taxIds"],
                "addresses": company["addresses"],
            },
            "contact": {"firstName": "Nina", "email": f"registro{n}@novo.example.com"},
            "password": "registration-password-1",
        }
    }


async def _throwaway_company(w: Any, **changes: Any) -> dict[str, Any]:
    """updateCompany input for a fresh company of A's rep, with `changes`."""
    made = await w.throwaway("company")
    return {"input": {**made["input"], **changes}}


def _skus_of(connection: Any) -> list[str]:
    return [n["sku"] for n in connection["nodes"]]


def _table_rows(connection: Any) -> dict[str, Any]:
    return {row["product"]["sku"]: row for row in connection["nodes"]}


# Prices are the purchasing contact's (SPEC B2): billing, shipping and support see none.
WITHOUT_PRICES = frozenset({BILLING, SHIPPING, SUPPORT})


def _priced_for_a(data: Any, caller: str) -> str | None:
    """Company A's price table, whoever asks: MX-1 at 9.00 from A's own list Tabela Alfa, or
    for A's contacts without the purchasing role no price, and why."""
    row = _table_rows(data).get("MX-1")
    got = row and {"price": row["price"], "priceVisibility": row["priceVisibility"]}
    if caller in WITHOUT_PRICES:
        want = {"price": None, "priceVisibility": "ROLE_REQUIRED"}
    else:
        price = {"amount": "9.00", "currency": "BRL", "appliedRules": ["COMPANY_LIST:Tabela Alfa"]}
        want = {"price": price, "priceVisibility": "VISIBLE"}
    return None if got == want else f"MX-1 row {got}, not {want}"


# Everyone but company B's buyer: company B is limited to the supplier Bravo.
CATALOG_OF_A = EVERYONE - {OTHER_COMPANY}
# Who has a cart: purchasing contacts (act-as sees and fills the contact's), guest sessions and
# quick-order links.
CART_HOLDERS = frozenset({PURCHASING, ACT_AS, OTHER_COMPANY, GUEST, QUICK_LINK})
# Company A's purchasing contact, itself or through act-as.
A_BUYER = frozenset({PURCHASING, ACT_AS})
# Who reads company A's invoices (SPEC D9, B2): the contacts that read an order's amounts.
INVOICE_READERS_OF_A = frozenset({PURCHASING, BILLING, ACT_AS})


# Bugs found by this table (see the module docstring): referenced from the rows below.
NOTIFICATION_NODE_BUG = (
    "resolvers/nodes.py:70 resolves Notification with _staff_only, so any sales rep reads by id "
    "a message about another rep's company, which the notifications list hides from them "
    "(services/notifications.py:180)"
)
ACTIVITY_REP_BUG = (
    "services/activity.py:81-82 passes a ValuesQuery to company_id__in, which Tortoise 1.1 "
    "cannot iterate: every sales rep's activities (and node(Activity)) is an internal error"
)
CONTACT_NODE_BUG = (
    "resolvers/nodes.py:34 (_owned_by_company, used for Contact too) requires staff, so a "
    "contact's node(id:) of a contact of its own company is a FORBIDDEN error, although "
    "company(id:).contacts and viewer.contact show that contact to them"
)


CASES: tuple[Case, ...] = (
    # ---------------------------------------------------------------- queries
    Case(
        "viewer",
        "viewer",
        "{ viewer { kind isActing } }",
        EVERYONE,
        check=_viewer_matches,
    ),
    Case("storefronts", "storefronts", "{ storefronts { id } }", STAFF),
    Case(
        "activities(companyId: A)",
        "activities",
        "query($c: ID) { activities(first: 5, companyId: $c) { totalCount nodes { id } } }",
        STAFF,
        lambda w: {"c": w.id("company_a")},
        shows_a=STAFF_OF_A,
        includes_a=lambda data, w: data["totalCount"] > 0,
    ),
    _node("Company", "company_a", STAFF_OF_A | CONTACTS_OF_A),
    _node("Company", "company_b", STAFF_OF_B | {OTHER_COMPANY}),
    _node(
        "Contact",
        "billing",
        STAFF_OF_A | CONTACTS_OF_A,
    ),
    _node("Note", "note", STAFF_OF_A),
    _node("CustomerGroup", "group", STAFF),
    _node("CustomFieldDefinition", "field", STAFF),
    _node("StaffUser", "rep_staff", STAFF_OF_A),
    _node("Storefront", "storefront", STAFF),
    _node("Activity", "activity", STAFF_OF_A),
    _node("Notification", "notification", STAFF_OF_A),
    _node("PartnerClient", "partner_client", ADMIN_ONLY),
    _node("Order", "order_a", STAFF_OF_A | CONTACTS_OF_A),
    _node("Quote", "quote_a", STAFF_OF_A | CONTACTS_OF_A),
    _node("Invoice", "invoice_a", STAFF_OF_A | INVOICE_READERS_OF_A),
    Case(
        "nodes([Company A, Company B])",
        "nodes",
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        STAFF_OF_A | CONTACTS_OF_A,
        lambda w: {"ids": [w.id("company_a"), w.id("company_b")]},
        lookup=True,  # the first item: company A
    ),
    Case(
        "companies",
        "companies",
        "{ companies(first: 100) { totalCount nodes { id } } }",
        STAFF,
        shows_a=STAFF_OF_A,
        includes_a=lambda data, w: w.id("company_a") in _ids_of(data),
    ),
    Case(
        "company(A)",
        "company",
        "query($id: ID!) { company(id: $id) { id } }",
        STAFF_OF_A | CONTACTS_OF_A,
        lambda w: {"id": w.id("company_a")},
        lookup=True,
    ),
    Case(
        "company(B)",
        "company",
        "query($id: ID!) { company(id: $id) { id } }",
        STAFF_OF_B | {OTHER_COMPANY},
        lambda w: {"id": w.id("company_b")},
        lookup=True,
    ),
    Case("customerGroups", "customerGroups", "{ customerGroups { totalCount } }", STAFF),
    Case(
        "customFieldDefinitions",
        "customFieldDefinitions",
        "{ customFieldDefinitions { id } }",
        STAFF,
    ),
    Case("partnerClients", "partnerClients", "{ partnerClients { id } }", ADMIN_ONLY),
    Case(
        "partnerClients(embed snippet)",
        "partnerClients",
        "{ partnerClients { id embedKey embedSnippet } }",
        ADMIN_ONLY,
    ),
    Case(
        "notifications(recipient: A's buyer)",
        "notifications",
        "query($r: String) { notifications(first: 5, recipient: $r) { totalCount } }",
        STAFF,
        lambda w: {"r": w.email("purchasing")},
        shows_a=STAFF_OF_A,
        includes_a=lambda data, w: data["totalCount"] > 0,
    ),
    # Customer CSV import and export (SPEC A9): staff; a rep's book only.
    Case(
        "companiesCsv",
        "companiesCsv",
        "{ companiesCsv }",
        STAFF,
        shows_a=STAFF_OF_A,
        includes_a=lambda data, w: w.legal_name("company_a") in data,
    ),
    Case("importColumns", "importColumns", "{ importColumns { name } }", STAFF),
    # Catalog (SPEC C1, C2, C7): public on a PUBLIC storefront, to a partner bound to it with
    # catalog:read, and as limited for a buyer; prices and lists as below.
    Case(
        "products",
        "products",
        "{ products(first: 100) { totalCount nodes { sku } } }",
        EVERYONE,
        shows_a=CATALOG_OF_A,
        includes_a=lambda data, w: "MX-1" in _skus_of(data),
        shown_object="the product MX-1",
    ),
    Case(
        "product(sku MX-1)",
        "product",
        '{ product(sku: "MX-1") { id } }',
        CATALOG_OF_A,
        lookup=True,
    ),
    Case(
        "product(inactive OLD-1)",
        "product",
        "query($id: ID) { product(id: $id) { id } }",
        STAFF,
        lambda w: {"id": w.id("hidden_product")},
        lookup=True,
    ),
    _node("Product", "product", CATALOG_OF_A),
    _node("Product", "hidden_product", STAFF),
    _node("Supplier", "supplier", CATALOG_OF_A),
    _node("Supplier", "inactive_supplier", STAFF),
    _node("Category", "category", EVERYONE),
    _node("Carrier", "carrier", EVERYONE),
    # Tabela Alfa is company A's contract list: company B's rep may not read it (issue 9).
    _node("PriceList", "price_list", STAFF_OF_A),
    Case(
        "categories",
        "categories",
        "{ categories(all: true) { id } }",
        EVERYONE,
        shows_a=EVERYONE,
        includes_a=lambda data, w: w.id("category") in [c["id"] for c in data],
        shown_object="the category Ferragens",
    ),
    Case(
        "suppliers",
        "suppliers",
        "{ suppliers(first: 100) { totalCount nodes { id } } }",
        EVERYONE,
        shows_a=CATALOG_OF_A,
        includes_a=lambda data, w: w.id("supplier") in _ids_of(data),
        shown_object="the supplier Acme",
    ),
    Case(
        "carriers",
        "carriers",
        "{ carriers { id } }",
        EVERYONE,
        shows_a=EVERYONE,
        includes_a=lambda data, w: w.id("carrier") in [c["id"] for c in data],
        shown_object="the carrier",
    ),
    Case(
        "priceLists",
        "priceLists",
        "{ priceLists(first: 100) { totalCount nodes { id companies { id } } } }",
        STAFF,
        shows_a=STAFF_OF_A,
        includes_a=lambda data, w: any(
            w.id("company_a") in [c["id"] for c in n["companies"]] for n in data["nodes"]
        ),
        shown_object="company A among a list's companies",
    ),
    Case(
        "priceTable",
        "priceTable",
        "{ priceTable(first: 100) { nodes { product { sku } price { amount } } } }",
        STAFF | CONTACTS_OF_A | {OTHER_COMPANY},
        shows_a=CATALOG_OF_A - {ANONYMOUS, PARTNER},
        includes_a=lambda data, w: "MX-1" in _table_rows(data),
        shown_object="the product MX-1",
    ),
    Case(
        "priceTable(companyId: A)",
        "priceTable",
        """query($c: ID) { priceTable(companyId: $c, first: 100) {
          nodes { product { sku } priceVisibility price { amount currency appliedRules } } } }""",
        STAFF_OF_A | CONTACTS_OF_A,
        lambda w: {"c": w.id("company_a")},
        check=_priced_for_a,
    ),
    Case(
        "commercialPolicy",
        "commercialPolicy",
        "{ commercialPolicy { paymentTerms sources { term level } } }",
        STAFF | CONTACTS_OF_A | {OTHER_COMPANY},
    ),
    Case(
        "commercialPolicy(companyId: A)",
        "commercialPolicy",
        "query($c: ID) { commercialPolicy(companyId: $c) { paymentTerms sources { term level } } }",
        STAFF_OF_A | CONTACTS_OF_A,
        lambda w: {"c": w.id("company_a")},
    ),
    # resolvers/catalog.py:catalog_limits exists but no root field serves it yet.
    Case(
        "catalogLimits(companyId: A)",
        "catalogLimits",
        "query($c: ID) { catalogLimits(companyId: $c) { suppliers { id } categories { id } } }",
        STAFF_OF_A,
        lambda w: {"c": w.id("company_a")},
    ),
    Case(
        "catalogLimits(groupId)",
        "catalogLimits",
        "query($g: ID) { catalogLimits(groupId: $g) { suppliers { id } categories { id } } }",
        STAFF,
        lambda w: {"g": w.id("group")},
    ),
    # Orders (SPEC D7, B2): staff of the company, and its contacts by role.
    Case(
        "orders",
        "orders",
        "{ orders(first: 100) { totalCount nodes { id } } }",
        STAFF | CONTACTS_OF_A | {OTHER_COMPANY},
        shows_a=STAFF_OF_A | CONTACTS_OF_A,
        includes_a=lambda data, w: w.id("order_a") in _ids_of(data),
        shown_object="company A's order",
    ),
    Case(
        "order(A's order)",
        "order",
        "query($id: ID!) { order(id: $id) { id } }",
        STAFF_OF_A | CONTACTS_OF_A,
        lambda w: {"id": w.id("order_a")},
        lookup=True,
    ),
    # Invoices (SPEC D9, B2): staff of the company, its billing and purchasing contacts.
    Case(
        "invoices",
        "invoices",
        "{ invoices(first: 100) { totalCount nodes { id } } }",
        STAFF | INVOICE_READERS_OF_A | {OTHER_COMPANY},
        shows_a=STAFF_OF_A | INVOICE_READERS_OF_A,
        includes_a=lambda data, w: w.id("invoice_a") in _ids_of(data),
        shown_object="company A's invoice",
    ),
    Case(
        "invoice(A's invoice)",
        "invoice",
        "query($id: ID!) { invoice(id: $id) { id } }",
        STAFF_OF_A | INVOICE_READERS_OF_A,
        lambda w: {"id": w.id("invoice_a")},
        lookup=True,
    ),
    # Reports (SPEC D8): what reads order amounts (purchasing and billing contacts; act-as is
    # the purchasing contact), staff for companies they may see or all of theirs.
    Case(
        "purchaseReport",
        "purchaseReport",
        """query($from: Date!, $to: Date!) { purchaseReport(from: $from, to: $to,
          groupBy: QUARTER) { totals { amount currency } rows { supplierName spend { amount } } }
        }""",
        STAFF | {PURCHASING, BILLING, ACT_AS, OTHER_COMPANY},
        lambda w: _this_year(),
    ),
    Case(
        "purchaseReport(companyId: A)",
        "purchaseReport",
        """query($c: ID, $from: Date!, $to: Date!) { purchaseReport(companyId: $c, from: $from,
          to: $to, groupBy: MONTH) { companyId rows { supplierName } } }""",
        STAFF_OF_A | {PURCHASING, BILLING, ACT_AS},
        lambda w: {"c": w.id("company_a"), **_this_year()},
    ),
    Case(
        "mostBoughtProducts(companyId: A)",
        "mostBoughtProducts",
        """query($c: ID, $from: Date!, $to: Date!) { mostBoughtProducts(companyId: $c,
          from: $from, to: $to, first: 10) { sku quantity spend { amount } } }""",
        STAFF_OF_A | {PURCHASING, BILLING, ACT_AS},
        lambda w: {"c": w.id("company_a"), **_this_year()},
    ),
    Case(
        "orderSummary",
        "orderSummary",
        "{ orderSummary { orderCount statuses { status orderCount } } }",
        STAFF | {PURCHASING, BILLING, ACT_AS, OTHER_COMPANY},
    ),
    Case(
        "orderSummary(companyId: A)",
        "orderSummary",
        "query($c: ID) { orderSummary(companyId: $c) { orderCount } }",
        STAFF_OF_A | {PURCHASING, BILLING, ACT_AS},
        lambda w: {"c": w.id("company_a")},
    ),
    Case(
        "salesReport",
        "salesReport",
        """query($from: Date!, $to: Date!) { salesReport(from: $from, to: $to, groupBy: REP) {
          rows { name spend { amount } } } }""",
        STAFF,
        lambda w: _this_year(),
    ),
    # ---------------------------------------------------------------- mutations
    Case(
        "staffLogin(admin's credentials)",
        "staffLogin",
        _mutation("staffLogin", "StaffLoginInput", "session { token }"),
        EVERYONE,
        lambda w: {"input": {"email": "admin@example.com", "password": w.staff_password}},
    ),
    Case(
        "createCompany",
        "createCompany",
        _mutation("createCompany", "CreateCompanyInput", "company { id }"),
        STAFF,
        lambda w: {"input": company_input()},
    ),
    Case(
        "updateCompany(A)",
        "updateCompany",
        _mutation("updateCompany", "UpdateCompanyInput", "company { id }"),
        STAFF_OF_A,
        lambda w: {"input": {"id": w.id("company_a"), "temperature": "HOT"}},
    ),
    # Field-level rows (issue 9): a company's discount and group are its prices. A rep gives a
    # discount only up to the storefront's repMaxDiscountPercent, 0 here; the group is the
    # admin's. Throwaway companies of A's rep, so an allowed change moves no price of A.
    Case(
        "updateCompany(discountPercent above the rep ceiling)",
        "updateCompany",
        _mutation("updateCompany", "UpdateCompanyInput", "company { id }"),
        ADMIN_ONLY,
        lambda w: _throwaway_company(w, discountPercent="5"),
    ),
    Case(
        "updateCompany(discountPercent unchanged)",
        "updateCompany",
        _mutation("updateCompany", "UpdateCompanyInput", "company { id }"),
        STAFF_OF_A,
        lambda w: _throwaway_company(w, discountPercent="0"),
    ),
    Case(
        "updateCompany(groupId)",
        "updateCompany",
        _mutation("updateCompany", "UpdateCompanyInput", "company { id }"),
        ADMIN_ONLY,
        lambda w: _throwaway_company(w, groupId=w.id("group")),
    ),
    Case(
        "createCompany(discountPercent)",
        "createCompany",
        _mutation("createCompany", "CreateCompanyInput", "company { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {**company_input(), "discountPercent": "5"}},
    ),
    Case(
        "createCompany(groupId)",
        "createCompany",
        _mutation("createCompany", "CreateCompanyInput", "company { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {**company_input(), "groupId": w.id("group")}},
    ),
    Case(
        "deleteCompany(a company of A's rep)",
        "deleteCompany",
        _mutation("deleteCompany", "DeleteInput", "deletedId"),
        ADMIN_ONLY,
        lambda w: w.throwaway("company"),
    ),
    Case(
        "addNote(A)",
        "addNote",
        _mutation("addNote", "AddNoteInput", "note { id }"),
        STAFF_OF_A,
        lambda w: {"input": {"companyId": w.id("company_a"), "body": "Called", "priority": "HIGH"}},
    ),
    Case(
        "updateNote(note on A)",
        "updateNote",
        _mutation("updateNote", "UpdateNoteInput", "note { id }"),
        STAFF_OF_A,
        lambda w: {"input": {"id": w.id("note"), "body": "Called again"}},
    ),
    Case(
        "deleteNote(note on A)",
        "deleteNote",
        _mutation("deleteNote", "DeleteInput", "deletedId"),
        STAFF_OF_A,
        lambda w: w.throwaway("note"),
    ),
    Case(
        "createContact(A)",
        "createContact",
        _mutation("createContact", "CreateContactInput", "contact { id }"),
        STAFF_OF_A,
        lambda w: {
            "input": {
                "companyId": w.id("company_a"),
                "firstName": "Nova",
                "email": f"nova{w.unique()}@alfa.example.com",
            }
        },
    ),
    Case(
        "updateContact(A's billing contact)",
        "updateContact",
        _mutation("updateContact", "UpdateContactInput", "contact { id }"),
        STAFF_OF_A,
        lambda w: {"input": {"id": w.id("billing"), "jobTitle": "Finance"}},
    ),
    Case(
        "deleteContact(contact of A)",
        "deleteContact",
        _mutation("deleteContact", "DeleteInput", "deletedId"),
        STAFF_OF_A,
        lambda w: w.throwaway("contact"),
    ),
    Case(
        "createCustomerGroup",
        "createCustomerGroup",
        _mutation("createCustomerGroup", "CreateCustomerGroupInput", "customerGroup { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"name": f"Grupo {w.unique()}"}},
    ),
    Case(
        "updateCustomerGroup",
        "updateCustomerGroup",
        _mutation("updateCustomerGroup", "UpdateCustomerGroupInput", "customerGroup { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"id": w.id("group"), "description": "Wholesale"}},
    ),
    Case(
        "createCustomField",
        "createCustomField",
        _mutation("createCustomField", "CreateCustomFieldInput", "definition { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"key": f"extra_{w.unique()}", "label": "Extra", "type": "TEXT"}},
    ),
    Case(
        "deleteCustomField",
        "deleteCustomField",
        _mutation("deleteCustomField", "DeleteInput", "deletedId"),
        ADMIN_ONLY,
        lambda w: w.throwaway("field"),
    ),
    Case(
        "contactLogin(A's shipping contact)",
        "contactLogin",
        _mutation("contactLogin", "ContactLoginInput", "session { token }"),
        EVERYONE,
        lambda w: {"input": {"email": w.email("shipping"), "password": w.buyer_password}},
    ),
    Case(
        "logout",
        "logout",
        _mutation("logout", "LogoutInput", "ok"),
        WITH_SESSION,
        lambda w: {"input": {}},
        ends_session=True,
    ),
    Case(
        "requestPasswordReset(unknown email)",
        "requestPasswordReset",
        _mutation("requestPasswordReset", "EmailOnlyInput", "ok"),
        EVERYONE,
        lambda w: {"input": {"email": "nobody@nowhere.example.com"}},
    ),
    Case(
        "claimAccount(unknown email)",
        "claimAccount",
        _mutation("claimAccount", "EmailOnlyInput", "ok"),
        EVERYONE,
        lambda w: {"input": {"email": "nobody@nowhere.example.com"}},
    ),
    Case(
        "resetPassword(bad token)",
        "resetPassword",
        _mutation("resetPassword", "ResetPasswordInput", "contact { id }"),
        EVERYONE,
        lambda w: {"input": {"token": "not-a-real-token", "password": "long-enough-pass-1"}},
        may_fail_with=frozenset({"INVALID_TOKEN"}),
    ),
    Case(
        "createContactAccess(contact of A)",
        "createContactAccess",
        _mutation("createContactAccess", "ContactRefInput", "grant { invitationUrl }"),
        STAFF_OF_A,
        lambda w: w.throwaway("contact", key="contactId"),
    ),
    Case(
        "blockContactAccess(contact of A)",
        "blockContactAccess",
        _mutation("blockContactAccess", "ContactRefInput", "contact { id }"),
        STAFF_OF_A,
        lambda w: w.throwaway("contact", key="contactId"),
    ),
    Case(
        "actAsContact(A's purchasing contact)",
        "actAsContact",
        _mutation("actAsContact", "ContactRefInput", "session { token }"),
        STAFF_OF_A,
        lambda w: {"input": {"contactId": w.id("purchasing")}},
    ),
    Case(
        "register",
        "register",
        _mutation("register", "RegisterInput", "company { id }"),
        VISITORS,
        _registration,
        extra_refusals=frozenset({"ALREADY_SIGNED_IN"}),
    ),
    Case(
        "approveRegistration(A, already validated)",
        "approveRegistration",
        _mutation("approveRegistration", "CompanyRefInput", "company { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"id": w.id("company_a")}},
        may_fail_with=frozenset({"ALREADY_DECIDED"}),
    ),
    Case(
        "rejectRegistration(A, already validated)",
        "rejectRegistration",
        _mutation("rejectRegistration", "CompanyRefInput", "company { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"id": w.id("company_a")}},
        may_fail_with=frozenset({"ALREADY_DECIDED"}),
    ),
    Case(
        "updateStorefront(same name)",
        "updateStorefront",
        _mutation("updateStorefront", "UpdateStorefrontInput", "storefront { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"name": "Vitrine"}},
    ),
    Case(
        "updateStorefront(repMaxDiscountPercent, same)",
        "updateStorefront",
        _mutation("updateStorefront", "UpdateStorefrontInput", "storefront { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"repMaxDiscountPercent": "0"}},
    ),
    Case(
        "createPartnerClient",
        "createPartnerClient",
        _mutation("createPartnerClient", "CreatePartnerClientInput", "partnerClient { id }"),
        ADMIN_ONLY,
        lambda w: {
            "input": {"name": "Outro Parceiro", "scopes": ["catalog:read"], "storefronts": ["main"]}
        },
    ),
    Case(
        "revokePartnerClient(another client)",
        "revokePartnerClient",
        _mutation("revokePartnerClient", "RevokePartnerClientInput", "partnerClient { id }"),
        ADMIN_ONLY,
        lambda w: w.throwaway("partner_client"),
    ),
    Case(
        "rotatePartnerEmbedKey",
        "rotatePartnerEmbedKey",
        _mutation("rotatePartnerEmbedKey", "RotatePartnerEmbedKeyInput", "partnerClient { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"id": w.id("partner_client")}},
    ),
    # Catalog and prices (SPEC C1, C2, C4-C6): admins; a company's visibility also its staff.
    Case(
        "createSupplier",
        "createSupplier",
        _mutation("createSupplier", "CreateSupplierInput", "supplier { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"name": f"Fornecedor {w.unique()}"}},
    ),
    Case(
        "updateSupplier(Acme)",
        "updateSupplier",
        _mutation("updateSupplier", "UpdateSupplierInput", "supplier { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"id": w.id("supplier"), "code": f"AC-{w.unique()}"}},
    ),
    Case(
        "createCategory",
        "createCategory",
        _mutation("createCategory", "CreateCategoryInput", "category { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"name": f"Categoria {w.unique()}", "parentId": w.id("category")}},
    ),
    Case(
        "updateCategory(Ferragens)",
        "updateCategory",
        _mutation("updateCategory", "UpdateCategoryInput", "category { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"id": w.id("category"), "position": w.unique()}},
    ),
    Case(
        "createCarrier",
        "createCarrier",
        _mutation("createCarrier", "CreateCarrierInput", "carrier { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"name": f"Transportadora {w.unique()}"}},
    ),
    Case(
        "createProduct",
        "createProduct",
        _mutation("createProduct", "CreateProductInput", "product { id }"),
        ADMIN_ONLY,
        lambda w: {
            "input": {
                "sku": f"NEW-{w.unique()}",
                "name": "Novo",
                "basePrice": "5",
                "supplierId": w.id("supplier"),
            }
        },
    ),
    Case(
        "updateProduct(MX-1)",
        "updateProduct",
        _mutation("updateProduct", "UpdateProductInput", "product { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"id": w.id("product"), "description": f"Lote {w.unique()}"}},
    ),
    Case(
        "setCompanyVisibility(A)",
        "setCompanyVisibility",
        _mutation(
            "setCompanyVisibility", "SetCompanyVisibilityInput", "limits { suppliers { id } }"
        ),
        STAFF_OF_A,
        lambda w: {"input": {"companyId": w.id("company_a"), "supplierIds": [w.id("supplier")]}},
    ),
    Case(
        "setCompanyVisibility(group)",
        "setCompanyVisibility",
        _mutation(
            "setCompanyVisibility", "SetCompanyVisibilityInput", "limits { suppliers { id } }"
        ),
        ADMIN_ONLY,
        lambda w: {"input": {"groupId": w.id("group"), "categoryIds": []}},
    ),
    Case(
        "createPriceList",
        "createPriceList",
        _mutation("createPriceList", "CreatePriceListInput", "priceList { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"name": f"Lista {w.unique()}", "currency": "BRL"}},
    ),
    Case(
        "setPriceListEntries(Tabela Alfa, same price)",
        "setPriceListEntries",
        _mutation("setPriceListEntries", "SetPriceListEntriesInput", "priceList { id }"),
        ADMIN_ONLY,
        lambda w: {
            "input": {
                "priceListId": w.id("price_list"),
                "entries": [{"productId": w.id("product"), "price": "9"}],
            }
        },
    ),
    Case(
        "assignPriceList(Tabela Alfa to A, again)",
        "assignPriceList",
        _mutation("assignPriceList", "AssignPriceListInput", "priceList { id }"),
        ADMIN_ONLY,
        lambda w: {"input": {"priceListId": w.id("price_list"), "companyId": w.id("company_a")}},
    ),
    Case(
        "setCommercialPolicy(storefront)",
        "setCommercialPolicy",
        _mutation("setCommercialPolicy", "SetCommercialPolicyInput", "policy { paymentTerms }"),
        ADMIN_ONLY,
        lambda w: {"input": {"paymentTerms": ["30 dias"]}},
    ),
    Case(
        "setCommercialPolicy(A)",
        "setCommercialPolicy",
        _mutation("setCommercialPolicy", "SetCommercialPolicyInput", "policy { paymentTerms }"),
        ADMIN_ONLY,
        lambda w: {"input": {"companyId": w.id("company_a"), "maxDiscountPercent": "10"}},
    ),
    Case(
        "importCompanies(dry run)",
        "importCompanies",
        _mutation("importCompanies", "ImportCompaniesInput", "report { rows }"),
        STAFF,
        lambda w: {"input": {"csv": "legal_name\nImportada Ltda\n", "dryRun": True}},
    ),
    # Carts (SPEC D1, B2): the purchasing contact (also as seen through act-as), a guest
    # session and, later, a quick-order link; a visitor without a guest session has none yet.
    Case(
        "cart",
        "cart",
        "{ cart { lines { sku } } }",
        CART_HOLDERS | {ANONYMOUS},
        check=lambda data, caller: (
            None if (data is None) == (caller == ANONYMOUS) else f"cart is {data}"
        ),
    ),
    Case(
        "addToCart(MX-1)",
        "addToCart",
        _mutation("addToCart", "AddToCartInput", "cart { lines { sku } }"),
        CART_HOLDERS - {OTHER_COMPANY},
        lambda w: {"input": {"productId": w.id("product"), "quantity": 1}},
    ),
    Case(
        "updateCartLine(the purchasing contact's line)",
        "updateCartLine",
        _mutation("updateCartLine", "UpdateCartLineInput", "cart { lines { sku } }"),
        A_BUYER,
        lambda w: {"input": {"lineId": w.id("cart_line"), "quantity": 2}},
    ),
    Case(
        "removeCartLine(a line of the purchasing contact)",
        "removeCartLine",
        _mutation("removeCartLine", "CartLineRefInput", "cart { lines { sku } }"),
        A_BUYER,
        lambda w: w.throwaway("cart_line", key="lineId"),
    ),
    Case(
        "placeOrder(from the cart)",
        "placeOrder",
        _mutation("placeOrder", "PlaceOrderInput", "order { number }"),
        frozenset({PURCHASING, OTHER_COMPANY, GUEST, QUICK_LINK}),
        lambda w: {"input": {"idempotencyKey": f"matrix-{w.unique()}"}},
        # Company B's cart is empty; a guest must register to check out.
        may_fail_with=frozenset({"EMPTY_CART", "REQUIRED"}),
        check=lambda data, caller: (
            None if caller not in (PURCHASING, QUICK_LINK) or data["order"] else f"no order: {data}"
        ),
    ),
    Case(
        "placeOrder(a guest registering)",
        "placeOrder",
        _mutation("placeOrder", "PlaceOrderInput", "order { number }"),
        frozenset({GUEST}),
        lambda w: {
            "input": {
                "idempotencyKey": f"guest-{w.unique()}",
                "registration": _registration(w)["input"],
            }
        },
        extra_refusals=frozenset({"ALREADY_SIGNED_IN"}),
        check=lambda data, caller: None if data["order"] else f"no order: {data}",
    ),
    Case(
        "placeOrderOnBehalf(A, MX-1)",
        "placeOrderOnBehalf",
        _mutation("placeOrderOnBehalf", "PlaceOrderOnBehalfInput", "order { number }"),
        STAFF_OF_A,
        lambda w: {
            "input": {
                "companyId": w.id("company_a"),
                "idempotencyKey": f"behalf-{w.unique()}",
                "lines": [{"productId": w.id("product"), "quantity": 1}],
                # The term the admin's setCommercialPolicy row makes the only allowed one.
                "paymentTerm": "30 dias",
            }
        },
    ),
    Case(
        "transitionOrder(A's order to CONFIRMED)",
        "transitionOrder",
        _mutation("transitionOrder", "TransitionOrderInput", "order { status }"),
        STAFF_OF_A,
        lambda w: {"input": {"orderId": w.id("order_a"), "to": "CONFIRMED"}},
    ),
    Case(
        "reorder(A's order)",
        "reorder",
        _mutation("reorder", "ReorderInput", "cart { lines { sku } } skipped { sku }"),
        A_BUYER,
        lambda w: {"input": {"orderId": w.id("order_a")}},
    ),
    # Invoices (SPEC D9): staff who hold the company.
    Case(
        "createInvoice(A's order, 1.00)",
        "createInvoice",
        _mutation("createInvoice", "CreateInvoiceInput", "invoices { number }"),
        STAFF_OF_A,
        lambda w: {"input": {"orderId": w.id("order_a"), "amount": "1.00"}},
    ),
    Case(
        "markInvoicePaid(A's invoice)",
        "markInvoicePaid",
        _mutation("markInvoicePaid", "MarkInvoicePaidInput", "invoice { status }"),
        STAFF_OF_A,
        lambda w: {"input": {"invoiceId": w.id("invoice_a")}},
    ),
    Case(
        "cancelInvoice(A's second invoice)",
        "cancelInvoice",
        _mutation("cancelInvoice", "CancelInvoiceInput", "invoice { status }"),
        STAFF_OF_A,
        lambda w: {"input": {"invoiceId": w.id("invoice_a2"), "reason": "matrix"}},
    ),
    # Quick-order links (SPEC D4): staff who hold the company.
    Case(
        "generateQuickOrderLink(A)",
        "generateQuickOrderLink",
        _mutation("generateQuickOrderLink", "QuickOrderLinkInput", "url"),
        STAFF_OF_A,
        lambda w: {"input": {"companyId": w.id("company_a")}},
    ),
    Case(
        "revokeQuickOrderLink(A)",
        "revokeQuickOrderLink",
        _mutation("revokeQuickOrderLink", "QuickOrderLinkInput", "link { revokedAt }"),
        STAFF_OF_A,
        lambda w: {"input": {"companyId": w.id("company_a")}},
    ),
    # Quotes (SPEC D6): read as orders are; the purchasing contact asks, accepts, rejects and
    # withdraws (act-as may not accept: that places an order); staff who hold the company ask
    # for it and answer.
    Case(
        "quotes",
        "quotes",
        "{ quotes(first: 100) { totalCount nodes { id } } }",
        STAFF | CONTACTS_OF_A | {OTHER_COMPANY},
        shows_a=STAFF_OF_A | CONTACTS_OF_A,
        includes_a=lambda data, w: w.id("quote_a") in _ids_of(data),
        shown_object="company A's quote",
    ),
    Case(
        "quote(A's quote)",
        "quote",
        "query($id: ID!) { quote(id: $id) { id } }",
        STAFF_OF_A | CONTACTS_OF_A,
        lambda w: {"id": w.id("quote_a")},
        lookup=True,
    ),
    Case(
        "requestQuote(A, MX-1)",
        "requestQuote",
        _mutation("requestQuote", "RequestQuoteInput", "quote { number }"),
        A_BUYER | STAFF_OF_A,
        lambda w: {
            "input": {
                "companyId": w.id("company_a"),
                "carrierId": w.id("carrier"),
                "lines": [{"productId": w.id("product"), "quantity": 1}],
            }
        },
    ),
    Case(
        "sendQuote(a quote of A)",
        "sendQuote",
        _mutation("sendQuote", "SendQuoteInput", "quote { status }"),
        STAFF_OF_A,
        lambda w: w.throwaway_quote(sent=False, extra={"validUntil": later(30)}),
    ),
    Case(
        "acceptQuote(a sent quote of A)",
        "acceptQuote",
        _mutation("acceptQuote", "AcceptQuoteInput", "quote { status } order { number }"),
        frozenset({PURCHASING}),
        lambda w: w.throwaway_quote(
            sent=True, extra={"idempotencyKey": f"accept-{w.unique()}", "paymentTerm": "30 dias"}
        ),
    ),
    Case(
        "rejectQuote(a sent quote of A)",
        "rejectQuote",
        _mutation("rejectQuote", "RejectQuoteInput", "quote { status }"),
        A_BUYER,
        lambda w: w.throwaway_quote(sent=True, extra={"reason": "Caro demais"}),
    ),
    Case(
        "withdrawQuote(a quote of A)",
        "withdrawQuote",
        _mutation("withdrawQuote", "WithdrawQuoteInput", "quote { status }"),
        A_BUYER,
        lambda w: w.throwaway_quote(sent=False, extra={}),
    ),
    Case(
        "clearCart",
        "clearCart",
        _mutation("clearCart", "ClearCartInput", "cart { lines { sku } }"),
        CART_HOLDERS,
        lambda w: {"input": {}},
    ),
)
