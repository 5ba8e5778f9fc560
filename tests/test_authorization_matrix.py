"""The authorization matrix (SPEC A10, B2, B7, B9): every root query and mutation, run by every
kind of caller, is allowed or refused as the table in tests/matrix_cases.py says.

One test per caller builds a small world (company A with a contact per role, assigned to a sales
rep; company B of another rep with its buyer; a note, a group, a custom field, a partner client;
a small catalog with a price list for company A and company B limited to one supplier)
and runs every row of the table, so one failure lists every disagreement of that caller."""

from __future__ import annotations

import itertools
from functools import cache
from inspect import isawaitable
from typing import Any

import graphql
import httpx
import pytest

from graphql_api.auth.principal import STAFF_KIND, Principal
from graphql_api.global_ids import from_global_id, to_global_id
from graphql_api.models import Activity, Notification, PartnerClient, StaffUser, Storefront
from graphql_api.services import partners
from schema import build_schema
from tests import catalog_helpers
from tests.conftest import PASSWORD, Api
from tests.factories import create_company
from tests.identity_helpers import BUYER_PASSWORD, activate, add_contact, buyer
from tests.matrix_cases import (
    ACT_AS,
    ADMIN,
    ANONYMOUS,
    BILLING,
    CALLERS,
    CASES,
    GUEST,
    OTHER_COMPANY,
    OTHER_REP,
    PARTNER,
    PENDING_FIELDS,
    PURCHASING,
    QUICK_LINK,
    REFUSALS,
    REP,
    SHIPPING,
    SUPPORT,
    Case,
)
from tests.quote_helpers import later

CONTACT_ROLES = {
    PURCHASING: "PURCHASING",
    BILLING: "BILLING",
    SHIPPING: "SHIPPING",
    SUPPORT: "SUPPORT",
}
GRAPHQL_REFUSALS = {"UNAUTHENTICATED", "FORBIDDEN"}

ADD_NOTE = """mutation($c: ID!) { addNote(input: {companyId: $c, body: "Prefers WhatsApp"}) {
  note { id } userErrors { code } } }"""
CREATE_GROUP = """mutation($name: String!) { createCustomerGroup(input: {name: $name}) {
  customerGroup { id } userErrors { code } } }"""
CREATE_FIELD = """mutation($key: String!) {
  createCustomField(input: {key: $key, label: "Segment", type: TEXT}) {
  definition { id } userErrors { code } } }"""
ACT_AS_CONTACT = """mutation($id: ID!) { actAsContact(input: {contactId: $id}) {
  session { token } userErrors { code } } }"""
ON_BEHALF = """mutation($c: ID!, $p: ID!) { placeOrderOnBehalf(input: {companyId: $c,
  idempotencyKey: "world", lines: [{productId: $p, quantity: 2}]}) {
  order { id } userErrors { code } } }"""
REQUEST_QUOTE = """mutation($c: ID!, $p: ID!) { requestQuote(input: {companyId: $c,
  lines: [{productId: $p, quantity: 1}]}) { quote { id } userErrors { code } } }"""
SEND_QUOTE = """mutation($q: ID!, $until: DateTime!) { sendQuote(input: {quoteId: $q,
  validUntil: $until}) { quote { id } userErrors { code } } }"""
GENERATE_LINK = """mutation($c: ID!) { generateQuickOrderLink(input: {companyId: $c}) {
  url userErrors { code } } }"""
CREATE_INVOICE = """mutation($o: ID!) { createInvoice(input: {orderId: $o, amount: "1.00"}) {
  invoices { id } userErrors { code } } }"""
ADD_TO_CART = """mutation($p: ID!) { addToCart(input: {productId: $p, quantity: 1}) {
  cart { lines { id sku } } userErrors { code } } }"""


@cache
def root_fields() -> dict[str, str]:
    """Every root field of the live schema: name -> "query" or "mutation"."""
    schema = build_schema()._schema
    fields = dict.fromkeys(schema.query_type.fields, "query")
    fields.update(dict.fromkeys(schema.mutation_type.fields, "mutation"))
    return fields


def _payload(data: dict[str, Any], path: str) -> Any:
    value = data
    for key in path.split("."):
        value = value[key]
    return value


class World:
    """The objects every row points at, made through the API like a client would, and the
    callers' sessions (made only for the caller a test needs)."""

    staff_password = PASSWORD
    buyer_password = BUYER_PASSWORD

    def __init__(self, api: Api, admin: Api, rep: Api, other_rep: Api) -> None:
        self.api = api
        self.admin = admin
        self.rep = rep
        self.other_rep = other_rep
        self.ids: dict[str, str] = {}
        self.emails: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self._serial = itertools.count(1)
        self._partner: tuple[PartnerClient, str] | None = None

    def id(self, name: str) -> str:
        return self.ids[name]

    def email(self, name: str) -> str:
        return self.emails[name]

    def legal_name(self, name: str) -> str:
        return self.names[name]

    def unique(self) -> int:
        return next(self._serial)

    async def _admin(self, document: str, variables: dict[str, Any], path: str) -> str:
        data = await self.admin.data(document, variables)
        payload = data[path.split(".")[0]]
        assert payload["userErrors"] == [], payload
        return _payload(data, path)

    @classmethod
    async def build(cls, api: Api, admin: Api, rep: Api, other_rep: Api) -> World:
        w = cls(api, admin, rep, other_rep)
        for key, name, owner in (
            ("company_a", "Alfa Compras Ltda", rep),
            ("company_b", "Beta Distribuidora Ltda", other_rep),
        ):
            company = await create_company(admin, legalName=name, salesRepId=owner.staff_id)
            w.ids[key], w.names[key] = company["id"], name
        people = [(caller, "company_a", role) for caller, role in CONTACT_ROLES.items()]
        people.append((OTHER_COMPANY, "company_b", "PURCHASING"))
        for caller, company, role in people:
            email = f"{caller}@{company.replace('_', '-')}.example.com"
            contact = await add_contact(admin, w.ids[company], email, roles=[role])
            await activate(api, admin, contact["id"])
            w.ids[caller], w.emails[caller] = contact["id"], email
        w.ids["note"] = await w._admin(ADD_NOTE, {"c": w.ids["company_a"]}, "addNote.note.id")
        w.ids["group"] = await w._admin(
            CREATE_GROUP, {"name": "Atacado"}, "createCustomerGroup.customerGroup.id"
        )
        w.ids["field"] = await w._admin(
            CREATE_FIELD, {"key": "segment"}, "createCustomField.definition.id"
        )
        client, secret = await w._partner_client("Parceiro Vitrine")
        w._partner = (client, secret)
        w.ids["partner_client"] = to_global_id("PartnerClient", client.id)
        w.ids["rep_staff"] = rep.staff_id  # type: ignore[attr-defined]
        company_pk = from_global_id(w.ids["company_a"])[1]
        activity = await Activity.filter(company_id=company_pk).order_by("id").first()
        notification = await Notification.filter(company_id=company_pk).order_by("id").first()
        assert activity is not None and notification is not None
        w.ids["activity"] = to_global_id("Activity", activity.id)
        w.ids["notification"] = to_global_id("Notification", notification.id)
        storefront = await Storefront.get(slug="main")
        w.ids["storefront"] = to_global_id("Storefront", storefront.id)
        await w._catalog()
        w.ids["cart_line"] = await w._cart_line("product")
        w.ids["order_a"] = await w._admin(
            ON_BEHALF,
            {"c": w.ids["company_a"], "p": w.ids["product"]},
            "placeOrderOnBehalf.order.id",
        )
        w.ids["quote_a"] = await w._quote_of_a()
        # Two invoices of 1.00 of A's order: one for the reads and markInvoicePaid, one for
        # cancelInvoice (a paid invoice cannot be cancelled).
        for name in ("invoice_a", "invoice_a2"):
            made = await w._admin(CREATE_INVOICE, {"o": w.ids["order_a"]}, "createInvoice.invoices")
            w.ids[name] = made[0]["id"]
        return w

    async def _quote_of_a(self) -> str:
        """A quote an admin asks for on company A's behalf (REQUESTED)."""
        variables = {"c": self.ids["company_a"], "p": self.ids["product"]}
        return await self._admin(REQUEST_QUOTE, variables, "requestQuote.quote.id")

    async def throwaway_quote(self, *, sent: bool, extra: dict[str, Any]) -> dict[str, Any]:
        """Input naming a fresh quote of company A, REQUESTED or SENT, for one call."""
        quote_id = await self._quote_of_a()
        if sent:
            await self._admin(SEND_QUOTE, {"q": quote_id, "until": later(30)}, "sendQuote.quote.id")
        return {"input": {"quoteId": quote_id, **extra}}

    async def _cart_line(self, product: str) -> str:
        """Put a product in the purchasing contact's cart; its line's id."""
        purchasing = await buyer(self.api, self.emails[PURCHASING])
        data = await purchasing.data(ADD_TO_CART, {"p": self.ids[product]})
        assert data["addToCart"]["userErrors"] == [], data
        lines = data["addToCart"]["cart"]["lines"]
        return next(line["id"] for line in lines if line["sku"] == self._skus[product])

    _skus = {"product": "MX-1", "second_product": "MX-2"}

    async def _catalog(self) -> None:
        """Acme's MX-1, MX-2 (and its inactive OLD-1) and Bravo's BR-1 in Ferragens; an inactive
        supplier; a carrier; the BRL list Tabela Alfa (MX-1 at 9) assigned to company A; company
        B limited to Bravo, so B's buyer sees neither Acme nor MX-1."""
        admin = self.admin
        acme = await catalog_helpers.supplier(admin, "Acme")
        bravo = await catalog_helpers.supplier(admin, "Bravo")
        gone = await catalog_helpers.supplier(admin, "Extinta", isActive=False)
        category = await catalog_helpers.category(admin, "Ferragens")
        product = await catalog_helpers.product(admin, "MX-1", "10", acme, category)
        await catalog_helpers.product(admin, "BR-1", "20", bravo, category)
        # For lines a test adds to the purchasing contact's cart and removes again.
        second = await catalog_helpers.product(admin, "MX-2", "12", acme, category)
        hidden = await catalog_helpers.product(admin, "OLD-1", "5", acme, category, isActive=False)
        carrier = await catalog_helpers.carrier(admin, "Transportadora Alfa")
        price_list = await catalog_helpers.price_list(admin, "Tabela Alfa", "BRL")
        await catalog_helpers.entries(admin, price_list, {"productId": product, "price": "9"})
        await catalog_helpers.assign(admin, price_list, companyId=self.ids["company_a"])
        await catalog_helpers.limit(admin, companyId=self.ids["company_b"], supplierIds=[bravo])
        self.ids.update(
            supplier=acme,
            supplier_b=bravo,
            inactive_supplier=gone,
            category=category,
            product=product,
            second_product=second,
            hidden_product=hidden,
            carrier=carrier,
            price_list=price_list,
        )

    async def _partner_client(self, name: str) -> tuple[PartnerClient, str]:
        admin = Principal(kind=STAFF_KIND, staff=await StaffUser.get(email="admin@example.com"))
        main = await Storefront.get(slug="main")
        result = await partners.create_partner_client(
            admin,
            {"name": name, "scopes": ["catalog:read"], "storefront_ids": [main.id]},
        )
        assert result.ok, result.errors
        return result.value  # type: ignore[return-value]

    async def caller(self, kind: str) -> Api:
        if kind == ANONYMOUS:
            return self.api
        if kind in CONTACT_ROLES or kind == OTHER_COMPANY:
            return await buyer(self.api, self.emails[kind])
        if kind == ACT_AS:
            token = await self._admin(
                ACT_AS_CONTACT, {"id": self.ids[PURCHASING]}, "actAsContact.session.token"
            )
            return self.api.as_(token)
        if kind in (REP, OTHER_REP, ADMIN):
            return {REP: self.rep, OTHER_REP: self.other_rep, ADMIN: self.admin}[kind]
        if kind == QUICK_LINK:
            url = await self._admin(
                GENERATE_LINK, {"c": self.ids["company_a"]}, "generateQuickOrderLink.url"
            )
            transport = self.api.http._transport
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as web:
                response = await web.get("/q/" + url.rsplit("/q/", 1)[1])
                assert response.status_code == 303, response.text
                return self.api.as_(response.cookies["vitrine_session"])
        if kind == GUEST:
            # The session token a browser keeps in its cookie, sent here as a bearer token so
            # the shared client's cookie jar stays empty for the anonymous caller.
            transport = self.api.http._transport
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as web:
                response = await web.post("/session/guest")
                assert response.status_code == 200, response.text
                return self.api.as_(response.cookies["vitrine_session"])
        assert kind == PARTNER and self._partner is not None
        client, secret = self._partner
        response = await self.api.http.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client.client_id,
                "client_secret": secret,
                "scope": "catalog:read",
            },
        )
        assert response.status_code == 200, response.text
        return self.api.as_(response.json()["access_token"])

    async def throwaway(self, kind: str, key: str = "id") -> dict[str, Any]:
        """Input naming a fresh object of `kind` that only this one call uses."""
        n = self.unique()
        if kind == "company":
            made = await create_company(
                self.admin, legalName=f"Descartavel {n} Ltda", salesRepId=self.rep.staff_id
            )
            object_id = made["id"]
        elif kind == "contact":
            email = f"descartavel{n}@company-a.example.com"
            object_id = (await add_contact(self.admin, self.ids["company_a"], email))["id"]
        elif kind == "note":
            object_id = await self._admin(ADD_NOTE, {"c": self.ids["company_a"]}, "addNote.note.id")
        elif kind == "cart_line":
            object_id = await self._cart_line("second_product")
        elif kind == "field":
            object_id = await self._admin(
                CREATE_FIELD, {"key": f"throwaway_{n}"}, "createCustomField.definition.id"
            )
        else:
            assert kind == "partner_client", kind
            # Straight to the table: the secret is never used, so skip the Argon2 hash.
            main = await Storefront.get(slug="main")
            client = await PartnerClient.create(
                name=f"Descartavel {n}",
                client_id=f"vp_throwaway{n:07d}",
                secret_hash="unused",
                scopes=["catalog:read"],
                storefront_ids=[main.id],
            )
            object_id = to_global_id("PartnerClient", client.id)
        return {"input": {key: object_id}}


async def run_case(case: Case, world: World, caller: str, as_caller: Api) -> str | None:
    """None when the caller got what the table says, else what went wrong."""
    expected = "allowed" if caller in case.allowed else "refused"
    variables = case.variables(world)
    if isawaitable(variables):
        variables = await variables
    response = await as_caller.raw(case.document, variables)

    def problem(got: str, detail: Any) -> str:
        return f"{case.label}: expected {expected}, got {got}: {detail}"

    if response.status_code != 200:
        return problem(f"HTTP {response.status_code}", response.text[:300])
    body = response.json()
    refused_with: set[str] = set()
    errors = body.get("errors") or []
    codes = {(e.get("extensions") or {}).get("code") for e in errors}
    refused_with = codes & GRAPHQL_REFUSALS
    if refused_with:
        verdict, detail = "refused", f"error {sorted(refused_with)}"
    elif errors:
        return problem("an unexpected error", errors)
    else:
        value = body["data"][case.field]
        verdict, detail = "allowed", ""
        if root_fields()[case.field] == "mutation":
            user_codes = {e["code"] for e in value["userErrors"]}
            refused_with = user_codes & (REFUSALS | case.extra_refusals)
            if refused_with:
                verdict, detail = "refused", f"userErrors {value['userErrors']}"
            elif case.may_fail_with is not None and user_codes - case.may_fail_with:
                return problem("unexpected userErrors", value["userErrors"])
        elif case.lookup and (value[0] if isinstance(value, list) else value) is None:
            verdict, detail = "refused", "null"
        if verdict == "allowed":
            if case.check is not None and (wrong := case.check(value, caller)):
                return problem("a wrong answer", wrong)
            if case.shows_a is not None and case.includes_a is not None:
                shown = case.includes_a(value, world)
                if shown != (caller in case.shows_a):
                    says = "shows" if shown else "does not show"
                    return problem(f"an answer that {says} {case.shown_object}", value)
    if verdict != expected:
        return problem(verdict, detail)
    if caller == ANONYMOUS and "FORBIDDEN" in refused_with:
        # Whoever has not signed in is told to sign in, not that they lack a permission.
        return problem("FORBIDDEN instead of UNAUTHENTICATED", detail)
    return None


async def _world_and_caller(caller: str, api: Api, admin: Api, rep: Api, other_rep: Api):
    world = await World.build(api, admin, rep, other_rep)
    return world, await world.caller(caller)


@pytest.mark.parametrize("caller", CALLERS)
async def test_every_root_field_answers_each_caller_as_the_table_says(
    caller, api, admin, rep, other_rep
):
    world, as_caller = await _world_and_caller(caller, api, admin, rep, other_rep)
    present = root_fields()
    mismatches = []
    checked = 0
    # Rows that end the caller's session run last.
    for case in sorted(CASES, key=lambda c: c.ends_session):
        if case.field not in present:
            continue
        checked += 1
        if (mismatch := await run_case(case, world, caller, as_caller)) is not None:
            mismatches.append(mismatch)
    assert checked > 0
    assert not mismatches, f"{caller}: {len(mismatches)} of {checked} rows disagree:\n" + (
        "\n".join(mismatches)
    )


async def test_every_root_field_has_a_row():
    covered = {case.field for case in CASES}
    missing = sorted(set(root_fields()) - covered)
    assert not missing, "\n".join(
        f"add {name} to the authorization table (tests/matrix_cases.py)" for name in missing
    )


async def test_the_table_is_well_formed():
    schema = build_schema()._schema
    problems = []
    for case in CASES:
        callers = set(case.allowed) | set(case.shows_a or ())
        if unknown := callers - set(CALLERS):
            problems.append(f"{case.label}: unknown callers {sorted(unknown)}")
        if (case.shows_a is None) != (case.includes_a is None):
            problems.append(f"{case.label}: shows_a and includes_a go together")
        if case.field not in root_fields():
            if case.field not in PENDING_FIELDS:
                problems.append(f"{case.label}: the schema has no root field {case.field}")
            continue  # the CSV import before it is wired in: checked once it is
        document = graphql.parse(case.document)
        if errors := graphql.validate(schema, document):
            problems.append(f"{case.label}: {[e.message for e in errors]}")
        operation = document.definitions[0]
        assert isinstance(operation, graphql.OperationDefinitionNode)
        roots = [s.name.value for s in operation.selection_set.selections]  # type: ignore[attr-defined]
        expected_kind = graphql.OperationType(root_fields()[case.field])
        if roots != [case.field] or operation.operation != expected_kind:
            problems.append(f"{case.label}: the document must run {case.field} and nothing else")
    labels = [case.label for case in CASES]
    problems += [f"duplicate label {label}" for label in set(labels) if labels.count(label) > 1]
    assert not problems, "\n".join(problems)
