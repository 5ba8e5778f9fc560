"""Roles (B2), registration modes (B4, seed 004), claim account (B6, seed 000), act-as (B7)."""

from __future__ import annotations

import asyncio

from graphql_api.auth.tokens import TokenSigner
from graphql_api.models import Company, Contact, Notification
from graphql_api.services import background
from tests.factories import create_company
from tests.identity_helpers import (
    BUYER_PASSWORD,
    RESET,
    VIEWER,
    activate,
    add_contact,
    buyer,
    last_link,
    login,
)

REGISTER = """mutation($input: RegisterInput!) { register(input: $input) {
  company { id legalName approvalStatus } userErrors { field message code } } }"""
MODE = """mutation($mode: RegistrationMode!) { updateStorefront(input: {registrationMode: $mode}) {
  storefront { registrationMode } userErrors { field message code } } }"""
DECIDE = """mutation($id: ID!) { %s(input: {id: $id}) {
  company { approvalStatus } userErrors { field message code } } }"""
ROLES = """mutation($id: ID!, $roles: [ContactRole!]) {
  updateContact(input: {id: $id, roles: $roles}) {
    contact { roles } userErrors { field message code } } }"""


def registration(email="compras@novo.com.br", cnpj="11.222.333/0001-81", **company):
    return {
        "company": {
            "legalName": "Comercial Novo Ltda",
            "taxIds": [{"kind": "CNPJ", "value": cnpj}],
            "addresses": [
                {
                    "street": "Rua Nova",
                    "city": "Curitiba",
                    "postalCode": "80010-000",
                    "country": "BR",
                }
            ],
            **company,
        },
        "contact": {"firstName": "Nina", "lastName": "Souza", "email": email},
        "password": BUYER_PASSWORD,
    }


async def test_seed_004_with_approval_new_then_validated_or_cancelled(api, admin):
    assert (await admin.data(MODE, {"mode": "WITH_APPROVAL"}))["updateStorefront"][
        "storefront"
    ] == {"registrationMode": "WITH_APPROVAL"}
    made = (await api.data(REGISTER, {"input": registration()}))["register"]
    assert made["userErrors"] == []
    assert made["company"]["approvalStatus"] == "NEW"
    alert = await Notification.get(kind="registration_alert")
    assert alert.recipient == "admin@example.com"
    assert "Comercial Novo Ltda" in alert.body
    pending = await login(api, "compras@novo.com.br")
    assert pending["userErrors"][0]["code"] == "NOT_APPROVED"

    approved = await admin.data(DECIDE % "approveRegistration", {"id": made["company"]["id"]})
    assert approved["approveRegistration"]["company"] == {"approvalStatus": "VALIDATED"}
    assert (
        await Notification.filter(
            kind="registration_approved", recipient="compras@novo.com.br"
        ).count()
        == 1
    )
    signed_in = await buyer(api, "compras@novo.com.br")
    viewer = (await signed_in.data(VIEWER))["viewer"]
    assert viewer["kind"] == "CONTACT"
    assert viewer["company"] == {"legalName": "Comercial Novo Ltda"}
    again = await admin.data(DECIDE % "rejectRegistration", {"id": made["company"]["id"]})
    assert again["rejectRegistration"]["userErrors"][0]["code"] == "ALREADY_DECIDED"

    other = (
        await api.data(
            REGISTER,
            {
                "input": registration(
                    email="x@outro.com.br", cnpj="11.444.777/0001-61", legalName="Outro"
                )
            },
        )
    )["register"]
    rejected = await admin.data(DECIDE % "rejectRegistration", {"id": other["company"]["id"]})
    assert rejected["rejectRegistration"]["company"] == {"approvalStatus": "CANCELLED"}
    assert await Notification.filter(kind="registration_rejected").count() == 1
    assert (await login(api, "x@outro.com.br"))["userErrors"][0]["code"] == "NOT_APPROVED"


async def test_open_and_invite_only_modes(api, admin):
    opened = (await api.data(REGISTER, {"input": registration()}))["register"]
    assert opened["company"]["approvalStatus"] == "VALIDATED"
    assert (await login(api, "compras@novo.com.br"))["session"] is not None
    contact = await Contact.get(email="compras@novo.com.br")
    assert contact.is_purchasing and contact.access_state == "ACTIVE"

    await admin.data(MODE, {"mode": "INVITE_ONLY"})
    closed = (
        await api.data(
            REGISTER, {"input": registration(email="y@z.com", cnpj="11.444.777/0001-61")}
        )
    )["register"]
    assert closed == {
        "company": None,
        "userErrors": [
            {
                "field": None,
                "code": "REGISTRATION_CLOSED",
                "message": "This storefront takes new customers by invitation only.",
            }
        ],
    }
    assert await Company.all().count() == 1


async def test_registration_data_is_validated_like_staff_input(api, admin):
    bad = (await api.data(REGISTER, {"input": registration(cnpj="11.222.333/0001-00")}))["register"]
    assert [(e["field"], e["code"]) for e in bad["userErrors"]] == [
        (["input", "company", "taxIds", "0", "value"], "INVALID_CNPJ")
    ]
    weak = registration()
    weak["password"] = "short"
    weak["contact"]["email"] = "not-an-email"
    errors = (await api.data(REGISTER, {"input": weak}))["register"]["userErrors"]
    assert sorted(tuple(e["field"]) for e in errors) == [
        ("input", "contact", "email"),
        ("input", "password"),
    ]
    assert await Company.all().count() == 0
    assert await Contact.all().count() == 0
    refused = await admin.data(MODE, {"mode": "OPEN"})
    assert refused["updateStorefront"]["userErrors"] == []


async def test_registration_phones_are_stored_with_the_country_code(api, admin):
    data = registration(responsiblePhone="(41) 99876-5432")
    data["contact"]["phone"] = "41 3322-1100"
    made = (await api.data(REGISTER, {"input": data}))["register"]
    assert made["userErrors"] == []
    company = await Company.get(legal_name="Comercial Novo Ltda")
    assert company.responsible_phone == "+5541998765432"
    buyer_row = await Contact.get(email="compras@novo.com.br")
    assert buyer_row.phone == "+554133221100"


async def test_update_storefront_is_admin_only_and_validated(admin, rep):
    bad = await admin.data("""mutation { updateStorefront(input: {defaultCurrency: "ZZZ",
      defaultLanguage: "fr"}) { storefront { id } userErrors { field code } } }""")
    assert sorted(e["field"][-1] for e in bad["updateStorefront"]["userErrors"]) == [
        "defaultCurrency",
        "defaultLanguage",
    ]
    by_rep = await rep.data(MODE, {"mode": "OPEN"})
    assert by_rep["updateStorefront"]["userErrors"][0]["code"] == "FORBIDDEN"
    listed = await rep.data("{ storefronts { slug registrationMode priceVisibility } }")
    assert listed["storefronts"] == [
        {"slug": "main", "registrationMode": "OPEN", "priceVisibility": "EVERYONE"}
    ]


async def test_seed_000_staff_preregister_then_buyer_claims(api, admin):
    company = await create_company(admin)
    await add_contact(admin, company["id"], "importado@cliente.com.br")
    same = "mutation($e: String!) { claimAccount(input: {email: $e}) { ok userErrors { code } } }"
    known = await api.data(same, {"e": "importado@cliente.com.br"})
    unknown = await api.data(same, {"e": "ninguem@cliente.com.br"})
    assert known == unknown == {"claimAccount": {"ok": True, "userErrors": []}}
    await background.settle()  # the link is queued just after the answer
    assert await Notification.filter(kind="claim_account").count() == 1
    token = await last_link("claim_account", "importado@cliente.com.br")
    body = await api.data(RESET, {"token": token, "password": BUYER_PASSWORD})
    assert body["resetPassword"]["contact"] == {"accessState": "ACTIVE"}
    assert (await login(api, "importado@cliente.com.br"))["session"] is not None

    forgot = (
        "mutation($e: String!) { requestPasswordReset(input: {email: $e}) "
        "{ ok userErrors { code } } }"
    )
    assert (await api.data(forgot, {"e": "importado@cliente.com.br"}))["requestPasswordReset"][
        "ok"
    ] is True
    reset = await last_link("password_reset", "importado@cliente.com.br")
    await api.data(RESET, {"token": reset, "password": "brand-new-password"})
    assert (await login(api, "importado@cliente.com.br", "brand-new-password"))["session"]


async def test_one_purchasing_contact_per_company(api, admin, rep):
    company = await create_company(admin)
    a = await add_contact(admin, company["id"], "a@x.com", roles=["PURCHASING", "BILLING"])
    assert a["roles"] == ["PURCHASING", "BILLING"]
    b = await add_contact(admin, company["id"], "b@x.com", roles=["SHIPPING"])
    await add_contact(admin, company["id"], "c@x.com", roles=["SUPPORT"])
    taken = await admin.data(ROLES, {"id": b["id"], "roles": ["PURCHASING"]})
    assert taken["updateContact"]["userErrors"] == [
        {
            "field": ["input", "roles"],
            "code": "PURCHASING_CONTACT_EXISTS",
            "message": "This company already has a purchasing contact: "
            "take the role from them first.",
        }
    ]
    await admin.data(ROLES, {"id": a["id"], "roles": ["BILLING"]})
    moved = await admin.data(ROLES, {"id": b["id"], "roles": ["PURCHASING", "SHIPPING"]})
    assert moved["updateContact"]["contact"] == {"roles": ["PURCHASING", "SHIPPING"]}
    by_rep = await rep.data(ROLES, {"id": a["id"], "roles": ["PURCHASING"]})
    assert by_rep["updateContact"]["userErrors"][0]["code"] == "NOT_FOUND"
    roles = await admin.data(
        "query($id: ID!) { company(id: $id) { contacts { email roles } } }", {"id": company["id"]}
    )
    assert roles["company"]["contacts"] == [
        {"email": "a@x.com", "roles": ["BILLING"]},
        {"email": "b@x.com", "roles": ["PURCHASING", "SHIPPING"]},
        {"email": "c@x.com", "roles": ["SUPPORT"]},
    ]


async def test_concurrent_purchasing_claims_let_exactly_one_win(api, admin):
    company = await create_company(admin)
    a = await add_contact(admin, company["id"], "a@x.com")
    b = await add_contact(admin, company["id"], "b@x.com")
    results = await asyncio.gather(
        admin.data(ROLES, {"id": a["id"], "roles": ["PURCHASING"]}),
        admin.data(ROLES, {"id": b["id"], "roles": ["PURCHASING"]}),
    )
    errors = [r["updateContact"]["userErrors"] for r in results]
    assert sorted(len(e) for e in errors) == [0, 1], errors
    assert [e for e in errors if e][0][0]["code"] == "PURCHASING_CONTACT_EXISTS"
    assert (
        await Contact.filter(company_id=(await Company.first()).id, is_purchasing=True).count() == 1
    )


async def test_act_as_sees_what_the_contact_sees_and_is_audited(api, admin, settings):
    company = await create_company(admin, legalName="Cliente Visto")
    ana = await add_contact(admin, company["id"], "ana@cliente.com.br")
    await activate(api, admin, ana["id"])
    acting = await admin.data(
        """mutation($id: ID!) { actAsContact(input: {contactId: $id}) {
      session { token expiresAt contact { email } } userErrors { code } } }""",
        {"id": ana["id"]},
    )
    token = acting["actAsContact"]["session"]["token"]
    claims = TokenSigner(settings.secret_key).read(token)
    assert claims.extra["ord"] is False  # the token itself says it may not place orders
    as_ana = api.as_(token)
    viewer = (await as_ana.data(VIEWER))["viewer"]
    assert viewer == {
        "kind": "CONTACT",
        "isActing": True,
        "contact": {"email": "ana@cliente.com.br"},
        "company": {"legalName": "Cliente Visto"},
        "actingStaff": {"email": "admin@example.com"},
    }
    staff_only = await as_ana("{ companies { totalCount } }")
    assert staff_only["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    log = await admin.data("""{ activities(kinds: ["ACT_AS_STARTED"]) { totalCount
      nodes { kind staff { email } contact { email } company { legalName } } } }""")
    assert log["activities"]["nodes"] == [
        {
            "kind": "ACT_AS_STARTED",
            "staff": {"email": "admin@example.com"},
            "contact": {"email": "ana@cliente.com.br"},
            "company": {"legalName": "Cliente Visto"},
        }
    ]


async def test_buyer_reads_own_company_but_not_staff_fields_or_others(api, admin):
    mine = await create_company(admin, legalName="Minha")
    other = await create_company(admin, legalName="Outra")
    ana = await add_contact(admin, mine["id"], "ana@cliente.com.br")
    await activate(api, admin, ana["id"])
    as_ana = await buyer(api, "ana@cliente.com.br")
    one = "query($id: ID!) { company(id: $id) { legalName } }"
    assert (await as_ana.data(one, {"id": mine["id"]}))["company"] == {"legalName": "Minha"}
    assert (await as_ana.data(one, {"id": other["id"]}))["company"] is None
    notes = await as_ana(
        "query($id: ID!) { company(id: $id) { notes { body } } }", {"id": mine["id"]}
    )
    assert notes["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    listing = await as_ana("{ companies { totalCount } }")
    assert listing["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_database_itself_refuses_a_second_purchasing_contact(admin):
    import pytest
    from tortoise.exceptions import IntegrityError

    company = await create_company(admin)
    await add_contact(admin, company["id"], "a@x.com", roles=["PURCHASING"])
    b = await add_contact(admin, company["id"], "b@x.com")
    pk = (await Company.first()).id
    # Bypass the service check: only the unique index stands in the way.
    with pytest.raises(IntegrityError):
        await Contact.filter(email=b["email"]).update(is_purchasing=True, purchasing_company_id=pk)


async def test_seed_000_imported_buyers_set_a_new_password(api, admin):
    csv = (
        "legal_name;cnpj;street;city;postal_code;country;contact_first_name;contact_email\r\n"
        "Loja Migrada Ltda;11.222.333/0001-81;Rua A;Recife;50010-000;BR;Rita;"
        "rita@migrada.com.br\r\n"
    )
    imported = await admin.data(
        """mutation($csv: String!) { importCompanies(input: {csv: $csv, dryRun: false}) {
        report { created committed } userErrors { message } } }""",
        {"csv": csv},
    )
    assert imported["importCompanies"]["report"] == {"created": 1, "committed": True}
    # The platform they came from kept their password; here they claim the account first.
    assert (await login(api, "rita@migrada.com.br"))["session"] is None
    await api.data('mutation { claimAccount(input: {email: "rita@migrada.com.br"}) { ok } }')
    token = await last_link("claim_account", "rita@migrada.com.br")
    done = await api.data(RESET, {"token": token, "password": BUYER_PASSWORD})
    assert done["resetPassword"]["contact"] == {"accessState": "ACTIVE"}
    assert (await login(api, "rita@migrada.com.br"))["session"] is not None
