"""Business-unique keys: the database is the truth, this module turns its refusal into a
userError.

Every service checks a unique key before it writes, for a friendly message; two requests can
still both pass that check and race to the insert. The loser's IntegrityError names the key
(SQLite: "UNIQUE constraint failed: product.storefront_id, product.sku"; PostgreSQL: the table
and "Key (storefront_id, sku)=..."), `violated_key` finds it in KEYS, and `unique_violation`
answers with the same errors a sequential request would get (or the key's own DUPLICATE).
KEYS lists every unique key of the models (tests/test_unique_keys.py holds it to that).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from tortoise.exceptions import DoesNotExist, IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from graphql_api.models import (
    AccessToken,
    Carrier,
    Category,
    CommercialPolicy,
    Contact,
    CustomerGroup,
    CustomFieldDefinition,
    CustomFieldValue,
    PartnerClient,
    PriceList,
    PriceListAssignment,
    PriceListEntry,
    Product,
    StaffUser,
    Storefront,
    Supplier,
    TaxId,
)
from graphql_api.models.catalog_version import CatalogVersion
from graphql_api.models.invoices import Invoice, InvoiceCounter
from graphql_api.models.orders import Cart, CartLine, Order, OrderCounter, QuickOrderLink
from graphql_api.models.quotes import Quote, QuoteCounter
from graphql_api.services.errors import ErrorCode, UserError


@dataclass(frozen=True)
class UniqueKey:
    """A unique key (by its table and columns) and the userError that reports a clash."""

    table: str
    columns: frozenset[str]
    message: str
    field: tuple[str, ...] = ()
    code: ErrorCode = ErrorCode.DUPLICATE

    @property
    def error(self) -> UserError:
        return UserError(self.message, self.code, self.field)


def _key(
    model: type[Model],
    columns: Sequence[str],
    message: str,
    field: tuple[str, ...] = (),
    code: ErrorCode = ErrorCode.DUPLICATE,
) -> UniqueKey:
    return UniqueKey(model._meta.db_table, frozenset(columns), message, field, code)


_RACE = "Another request changed this at the same moment: try again."

KEYS: tuple[UniqueKey, ...] = (
    _key(
        TaxId,
        ("unique_storefront_id", "kind", "value"),
        "Another company already has this tax id.",
        ("tax_ids",),
    ),
    _key(TaxId, ("company_id", "kind"), "A tax id kind is given twice.", ("tax_ids",)),
    _key(Product, ("storefront_id", "sku"), "Another product already has this SKU.", ("sku",)),
    _key(Supplier, ("storefront_id", "name"), "A supplier with this name exists.", ("name",)),
    _key(
        Category,
        ("storefront_id", "parent_id", "name"),
        "This name already exists at this place of the tree.",
        ("name",),
    ),
    _key(
        Category,
        ("storefront_id", "name"),  # the roots: partial index category_root_name (0006)
        "This name already exists at this place of the tree.",
        ("name",),
    ),
    _key(Carrier, ("storefront_id", "name"), "A carrier with this name exists.", ("name",)),
    _key(PriceList, ("storefront_id", "name"), "A price list with this name exists.", ("name",)),
    _key(CustomerGroup, ("storefront_id", "name"), "A group with this name exists.", ("name",)),
    _key(
        Contact,
        ("storefront_id", "email"),
        "Another contact already uses this email.",
        ("email",),
    ),
    _key(
        Contact,
        ("purchasing_company_id",),
        "This company already has a purchasing contact: take the role from them first.",
        ("roles",),
        ErrorCode.PURCHASING_CONTACT_EXISTS,
    ),
    _key(
        CustomFieldDefinition,
        ("storefront_id", "target", "key"),
        "A custom field with this key exists.",
        ("key",),
    ),
    _key(CustomFieldValue, ("definition_id", "company_id"), _RACE, ("custom_fields",)),
    _key(CustomFieldValue, ("definition_id", "contact_id"), _RACE, ("custom_fields",)),
    _key(PriceListEntry, ("price_list_id", "product_id"), _RACE, ("entries",)),
    _key(PriceListAssignment, ("company_id", "currency"), _RACE),
    _key(PriceListAssignment, ("group_id", "currency"), _RACE),
    _key(CommercialPolicy, ("company_id",), _RACE),
    _key(CommercialPolicy, ("group_id",), _RACE),
    _key(StaffUser, ("email",), "A staff member with this email exists.", ("email",)),
    _key(Storefront, ("slug",), "A storefront with this slug exists.", ("slug",)),
    _key(AccessToken, ("token_hash",), _RACE),
    _key(PartnerClient, ("client_id",), _RACE),
    _key(PartnerClient, ("embed_key",), _RACE),
    _key(QuickOrderLink, ("token_hash",), _RACE),
    _key(QuickOrderLink, ("active_company_id",), _RACE),
    _key(Cart, ("contact_id",), _RACE),
    _key(Cart, ("quick_link_id",), _RACE),
    _key(Cart, ("guest_key",), _RACE),
    _key(CartLine, ("cart_id", "product_id"), _RACE, ("product_id",)),
    _key(OrderCounter, ("storefront_id",), _RACE),
    # Written with ON CONFLICT only (services/catalog_versions.py): never violated, listed all
    # the same.
    _key(CatalogVersion, ("storefront_id",), _RACE),
    _key(Order, ("storefront_id", "number"), _RACE),
    _key(
        Order,
        ("idempotency_owner", "idempotency_key"),
        "This idempotency key was used for another order.",
        ("idempotency_key",),
        ErrorCode.IDEMPOTENCY_CONFLICT,
    ),
    _key(
        Order,
        ("quote_id",),
        "This quote has already become an order.",
        ("quote_id",),
        ErrorCode.INVALID_TRANSITION,
    ),
    _key(QuoteCounter, ("storefront_id",), _RACE),
    _key(Quote, ("storefront_id", "number"), _RACE),
    _key(InvoiceCounter, ("storefront_id",), _RACE),
    _key(Invoice, ("storefront_id", "number"), _RACE),
)

_BY_COLUMNS = {(key.table, key.columns): key for key in KEYS}

_SQLITE = re.compile(r"UNIQUE constraint failed: (?P<columns>.+)$")
_POSTGRES_DETAIL = re.compile(r"Key \((?P<columns>[^)]*)\)=")


def _names(columns: str) -> frozenset[str]:
    return frozenset(c.strip().strip('"') for c in columns.split(","))


def violated_key(exc: IntegrityError) -> UniqueKey | None:
    """The registered key a unique violation broke; None for anything else (a foreign key,
    NOT NULL, a primary key), which is a bug and stays an internal error."""
    cause = exc.args[0] if exc.args else exc.__cause__
    # asyncpg exposes the table and detail as attributes, psycopg on `diag`.
    diag = getattr(cause, "diag", cause)
    table = getattr(diag, "table_name", None)
    detail = getattr(diag, "detail", None) or getattr(diag, "message_detail", None)
    if table and detail:
        found = _POSTGRES_DETAIL.search(detail)
        return _BY_COLUMNS.get((table, _names(found["columns"]))) if found else None
    found = _SQLITE.search(str(cause))
    if found is None:
        return None
    pairs = [c.strip().split(".", 1) for c in found["columns"].split(",")]
    tables = {p[0] for p in pairs if len(p) == 2}
    if len(tables) != 1 or any(len(p) != 2 for p in pairs):
        return None
    return _BY_COLUMNS.get((tables.pop(), frozenset(p[1] for p in pairs)))


@dataclass
class Clash:
    """What `unique_violation` found: empty when the block committed."""

    errors: list[UserError] = field(default_factory=list)


Recheck = Callable[[], Awaitable[Sequence[UserError]]]


@asynccontextmanager
async def unique_violation(recheck: Recheck | None = None) -> AsyncIterator[Clash]:
    """Run the block in a transaction (a savepoint inside an outer one) and turn a violated
    unique key into user errors on the yielded Clash, with everything the block wrote undone
    and an outer transaction still usable. `recheck` runs the service's own checks again: the
    winner has committed by now, so they name the field as a sequential request would see it;
    the key's own error stands in when they find nothing (the winner is already gone).

        async with unique_violation(recheck) as clash:
            row = await Model.create(...)
        if clash.errors:
            return Result.fail(*clash.errors)
    """
    clash = Clash()
    try:
        async with in_transaction():
            yield clash
    except IntegrityError as exc:
        key = violated_key(exc)
        if key is None:
            raise
        try:
            clash.errors = list(await recheck()) if recheck is not None else []
        except DoesNotExist:
            # The row an update rechecks was deleted meanwhile: the key's own error stands.
            clash.errors = []
        if not clash.errors:
            clash.errors = [key.error]
