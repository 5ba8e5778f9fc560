"""The published schema: schema.graphql is current, everything is described, and the root
fields and mutation conventions the API contract promises are there."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    specified_scalar_types,
)

import schema

REPO = Path(__file__).resolve().parent.parent

# Every root field is pinned: a rename or removal breaks clients, so it must be deliberate
# (and an addition is recorded here with the API.md row it fills).
QUERY_FIELDS = {
    "activities",
    "carriers",
    "cart",
    "catalogLimits",
    "categories",
    "commercialPolicy",
    "companies",
    "companiesCsv",
    "company",
    "customFieldDefinitions",
    "customerGroups",
    "importColumns",
    "invoice",
    "invoices",
    "node",
    "nodes",
    "notifications",
    "order",
    "orders",
    "purchaseReport",
    "mostBoughtProducts",
    "orderSummary",
    "salesReport",
    "partnerClients",
    "priceLists",
    "priceTable",
    "product",
    "quote",
    "quotes",
    "products",
    "storefronts",
    "suppliers",
    "viewer",
}
MUTATION_FIELDS = {
    "acceptQuote",
    "actAsContact",
    "addNote",
    "addToCart",
    "approveRegistration",
    "assignPriceList",
    "blockContactAccess",
    "cancelInvoice",
    "claimAccount",
    "clearCart",
    "contactLogin",
    "createCarrier",
    "createCategory",
    "createCompany",
    "createContact",
    "createContactAccess",
    "createInvoice",
    "createCustomField",
    "createCustomerGroup",
    "createPartnerClient",
    "createPriceList",
    "createProduct",
    "createSupplier",
    "deleteCompany",
    "deleteContact",
    "deleteCustomField",
    "deleteNote",
    "generateQuickOrderLink",
    "importCompanies",
    "logout",
    "markInvoicePaid",
    "placeOrder",
    "placeOrderOnBehalf",
    "register",
    "rejectQuote",
    "requestQuote",
    "sendQuote",
    "withdrawQuote",
    "rejectRegistration",
    "reorder",
    "revokeQuickOrderLink",
    "removeCartLine",
    "requestPasswordReset",
    "resetPassword",
    "revokePartnerClient",
    "rotatePartnerEmbedKey",
    "setCommercialPolicy",
    "setCompanyVisibility",
    "setPriceListEntries",
    "staffLogin",
    "transitionOrder",
    "updateCartLine",
    "updateCategory",
    "updateCompany",
    "updateContact",
    "updateCustomerGroup",
    "updateNote",
    "updateProduct",
    "updateStorefront",
    "updateSupplier",
}


@pytest.fixture(scope="module")
def gql() -> GraphQLSchema:
    return schema.build_schema()._schema


def _own_types(gql: GraphQLSchema) -> list:
    return [
        t
        for name, t in sorted(gql.type_map.items())
        if not name.startswith("__") and name not in specified_scalar_types
    ]


def test_schema_file_is_current():
    on_disk = (REPO / "schema.graphql").read_text(encoding="utf-8")
    assert schema.export_sdl() == on_disk, "schema.graphql is stale: run make schema"


def test_safety_limits_do_not_change_the_schema():
    from graphql_api.settings import Settings

    limited = Settings.from_env(
        {"VITRINE_DATA_DIR": "/nonexistent", "VITRINE_SECRET_KEY": "k" * 40}
    )
    assert schema.build_schema(limited).as_str() == schema.build_schema().as_str()


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


def test_everything_is_described(gql):
    missing: list[str] = []
    for t in _own_types(gql):
        if isinstance(
            t,
            GraphQLObjectType
            | GraphQLInputObjectType
            | GraphQLInterfaceType
            | GraphQLEnumType
            | GraphQLUnionType
            | GraphQLScalarType,
        ) and _blank(t.description):
            missing.append(f"type {t.name}")
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in t.fields.items():
                if _blank(field.description):
                    missing.append(f"field {t.name}.{field_name}")
                for arg_name, arg in field.args.items():
                    if _blank(arg.description):
                        missing.append(f"argument {t.name}.{field_name}({arg_name})")
        elif isinstance(t, GraphQLInputObjectType):
            for field_name, field in t.fields.items():
                if _blank(field.description):
                    missing.append(f"input field {t.name}.{field_name}")
    assert missing == [], "undescribed:\n" + "\n".join(missing)


def test_the_walk_sees_every_kind(gql):
    """Guard for the test above: it would pass vacuously on an empty walk."""
    types = _own_types(gql)
    for kind in (
        GraphQLObjectType,
        GraphQLInputObjectType,
        GraphQLInterfaceType,
        GraphQLEnumType,
        GraphQLScalarType,
    ):
        assert any(isinstance(t, kind) for t in types), kind
    assert any(f.args for t in types if isinstance(t, GraphQLObjectType) for f in t.fields.values())
    assert len(_own_types(gql)) > 40


def test_query_root_fields(gql):
    assert gql.query_type is not None
    assert set(gql.query_type.fields) == QUERY_FIELDS


def test_mutation_root_fields(gql):
    assert gql.mutation_type is not None
    assert set(gql.mutation_type.fields) == MUTATION_FIELDS


def _is_user_errors_type(type_: object) -> bool:
    """`[UserError!]!`"""
    if not isinstance(type_, GraphQLNonNull):
        return False
    inner = type_.of_type
    if not isinstance(inner, GraphQLList):
        return False
    item = inner.of_type
    return isinstance(item, GraphQLNonNull) and get_named_type(item).name == "UserError"


def test_every_mutation_takes_one_input_and_returns_user_errors(gql):
    problems: list[str] = []
    for name, field in gql.mutation_type.fields.items():
        if list(field.args) != ["input"]:
            problems.append(f"{name} arguments {list(field.args)}")
        elif not isinstance(field.args["input"].type, GraphQLNonNull):
            problems.append(f"{name}(input) is optional")
        payload = get_named_type(field.type)
        if not isinstance(payload, GraphQLObjectType):
            problems.append(f"{name} returns {field.type}")
            continue
        user_errors = payload.fields.get("userErrors")
        if user_errors is None or not _is_user_errors_type(user_errors.type):
            problems.append(f"{name} -> {payload.name}.userErrors is not [UserError!]!")
    assert problems == []


def test_user_error_shape(gql):
    user_error = gql.type_map["UserError"]
    assert isinstance(user_error, GraphQLObjectType)
    assert {name: str(f.type) for name, f in user_error.fields.items()} == {
        "field": "[String!]",
        "message": "String!",
        "code": "String!",
        "retryAfter": "Int",  # seconds to wait, on TOO_MANY_ATTEMPTS
    }


def test_node_types_implement_node(gql):
    node = gql.type_map["Node"]
    implementations = {t.name for t in gql.get_possible_types(node)}
    # Every Node type is reachable through node(id:), which applies the type's permission rule.
    from resolvers.nodes import FETCHERS

    assert implementations == set(FETCHERS)
    assert {"Company", "Contact", "Note", "StaffUser", "Storefront"} <= implementations
    for name in implementations:
        assert str(gql.type_map[name].fields["id"].type) == "ID!"
