"""The authorization table (SPEC A10, B2, B7, B9): every root query and mutation, the document
that exercises it, and which callers may use it. tests/test_authorization_matrix.py runs every
row against every caller.

A row's `variables` receives the test's world (see `World` in the test module): `w.id(name)` is
the global ID of a fixture object (company_a, company_b, purchasing, billing, shipping, support,
other_company, note, group, field, partner_client, activity, notification, storefront,
rep_staff), `w.email(name)` a contact's email, `w.unique()` a fresh number, and the
`w.throwaway_*()` coroutines make an object for that one call, so that an allowed deletion or
block does not change what the next row sees. Throwaway companies, contacts and notes belong to
company A's side: assigned to the rep who has company A.

Outcomes:
- a query is allowed when it answers without an UNAUTHENTICATED or FORBIDDEN error and, for a
  look-up by id (`lookup=True`), with a non-null object; refused otherwise;
- a mutation is refused when its userErrors (or a GraphQL error) carry UNAUTHENTICATED,
  FORBIDDEN or NOT_FOUND (NOT_FOUND on an object that exists means it is hidden), or one of the
  row's `extra_refusals`; allowed otherwise. An allowed caller may only get the userError codes
  in `may_fail_with` (None: any other code), so a typo in a row's input cannot pass as allowed.
- `shows_a`: for lists, the callers whose answer includes company A (checked with `includes_a`);
  other allowed callers must get an answer without it.
- `bugs`: callers for which the app disagrees with the row today, with the reason. Those cases
  run as strict xfails, apart from the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.factories import company_input

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
)

EVERYONE = frozenset(CALLERS)
ADMIN_ONLY = frozenset({ADMIN})
STAFF = frozenset({ADMIN, REP, OTHER_REP})
STAFF_OF_A = frozenset({ADMIN, REP})  # staff who may act on company A
STAFF_OF_B = frozenset({ADMIN, OTHER_REP})
CONTACTS_OF_A = frozenset({PURCHASING, BILLING, SHIPPING, SUPPORT, ACT_AS})
# Callers with a session to end: staff and contacts (an act-as token simply expires).
WITH_SESSION = EVERYONE - {ANONYMOUS, PARTNER}

REFUSALS = frozenset({"UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"})

# Root fields that have rows before they are in the schema (SPEC A9, being wired in): their rows
# are skipped until then. Any other row must name a field of the schema.
PENDING_FIELDS = frozenset({"importCompanies", "companiesCsv", "importColumns"})


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
    ends_session: bool = False
    bugs: Mapping[str, str] = field(default_factory=dict)


def _errors(selection: str = "") -> str:
    return f"{selection} userErrors {{ field message code }}"


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
        frozenset({ANONYMOUS}),
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
        "importCompanies(dry run)",
        "importCompanies",
        _mutation("importCompanies", "ImportCompaniesInput", "report { rows }"),
        STAFF,
        lambda w: {"input": {"csv": "legal_name\nImportada Ltda\n", "dryRun": True}},
    ),
)
