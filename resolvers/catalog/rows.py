"""A page of products read as plain rows: one statement for the products, their category and
supplier and the viewer's price list entries, mapped to slotted dataclasses the GraphQL types
read as they read the models.

Why not the models: a page of 100 built 300 Tortoise objects, and a Tortoise model is
awaitable (`Model.__await__`), so graphql-core awaited every product, category and supplier of
the page as a task of its own (BENCHMARKS.md, "where the time goes")."""

from __future__ import annotations

import datetime
import types
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

import orjson
from tortoise.expressions import RawSQL
from tortoise.queryset import QuerySet

from graphql_api.models import Product
from graphql_api.services.pricing import ListRef


@dataclass(slots=True)
class CategoryRow:
    node_type: ClassVar[str] = "Category"
    id: int
    name: str
    position: int
    parent_id: int | None
    storefront_id: int

    @property
    def pk(self) -> int:
        return self.id


@dataclass(slots=True)
class SupplierRow:
    node_type: ClassVar[str] = "Supplier"
    id: int
    name: str
    code: str | None
    is_active: bool
    name_key: str
    storefront_id: int

    @property
    def pk(self) -> int:
        return self.id


@dataclass(slots=True)
class EntryRow:
    """A price list entry as pricing.price_of reads it."""

    price_list_id: int
    price: Decimal
    tiers: list[dict[str, Any]]


@dataclass(slots=True)
class ProductRow:
    node_type: ClassVar[str] = "Product"
    id: int
    storefront_id: int
    sku: str
    name: str
    name_key: str
    description: str
    image_urls: list[str]
    unit: str
    minimum_quantity: int
    quantity_multiple: int
    stock: int | None
    is_active: bool
    base_price: Decimal
    # As the database gave it: converted when read (a page shows it rarely; on SQLite each one
    # is a date to parse).
    created_raw: Any
    category_id: int | None
    supplier_id: int
    category: CategoryRow | None
    supplier: SupplierRow
    # Price list id -> the entry of this product in it, for the lists the page was read with.
    entries: dict[int, EntryRow] = field(default_factory=dict)

    @property
    def pk(self) -> int:
        return self.id

    @property
    def created_at(self) -> datetime.datetime:
        return _CREATED_AT(self.created_raw)


# Tortoise's conversion of the column, as `.values()` applies it.
_CREATED_AT = Product._meta.fields_map["created_at"].to_python_value

_PRODUCT = (
    "id",
    "storefront_id",
    "sku",
    "name",
    "name_key",
    "description",
    "image_urls",
    "unit",
    "minimum_quantity",
    "quantity_multiple",
    "stock",
    "is_active",
    "base_price",
    "created_at",
    "category_id",
    "supplier_id",
)
_CATEGORY = ("id", "name", "position", "parent_id", "storefront_id")
_SUPPLIER = ("id", "name", "code", "is_active", "name_key", "storefront_id")
_COLUMNS = (
    *_PRODUCT,
    *(f"category__{c}" for c in _CATEGORY),
    *(f"supplier__{c}" for c in _SUPPLIER),
)


def _entry_sql(list_id: int, column: str) -> RawSQL:
    # The list id is an integer primary key from our own rows, never caller input; the price is
    # read as text on both engines so it becomes an exact Decimal.
    return RawSQL(
        f"(SELECT {column} FROM price_list_entry WHERE price_list_id = {int(list_id)} "
        'AND product_id = "product"."id")'
    )


def _with_entries(queryset: QuerySet[Product], lists: Sequence[ListRef]) -> QuerySet[Product]:
    """The queryset with each row's entry (price and tiers) in each of `lists`: one scalar
    subquery per list and column on the unique (list, product) key, so the page stays one
    statement whatever its size."""
    annotations: dict[str, Any] = {}
    for ref in lists:
        annotations[f"e{ref.id}_price"] = _entry_sql(ref.id, "CAST(price AS TEXT)")
        annotations[f"e{ref.id}_tiers"] = _entry_sql(ref.id, "tiers")
    return queryset.annotate(**annotations) if annotations else queryset


def _tiers(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str | bytes):
        value = orjson.loads(value)  # the same JSON as json.loads, some times faster
    return list(value or ())


@dataclass(frozen=True, slots=True)
class _Statement:
    """A page's statement as Tortoise writes it, with Tortoise's own converters of the columns
    that need one (booleans, decimals and dates on SQLite, JSON), by position."""

    sql: str
    params: list[Any]
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]


# Statements by the caller's key (see fetch): building one costs more than running it.
_statements: OrderedDict[Hashable, _Statement] = OrderedDict()
MAX_STATEMENTS = 512


def _compile(
    queryset: QuerySet[Product], names: Sequence[str], lists: Sequence[ListRef]
) -> _Statement:
    query = _with_entries(queryset, lists).values(*names)
    # Tortoise's own steps of ValuesQuery.__await__ and _execute, stopped before running it.
    query._choose_db_if_not_chosen()
    query._make_query()
    sql, params = query.query.get_parameterized_sql()
    selected = list(query._fields_for_select.items())
    if [alias for alias, _ in selected] != list(names):
        raise RuntimeError("Tortoise selected the page's columns in another order")
    converters = []
    for index, (_, field_name) in enumerate(selected):
        if field_name == "created_at":
            continue  # ProductRow.created_at converts it when read
        convert = query.resolve_to_python_value(query.model, field_name)
        # As ValuesQuery._execute: plain functions are Tortoise's "as is".
        if not isinstance(convert, types.LambdaType):
            converters.append((index, convert))
    return _Statement(sql, list(params), tuple(converters))


async def fetch(
    queryset: QuerySet[Product], lists: Sequence[ListRef], key: Hashable | None = None
) -> list[ProductRow]:
    """The rows of `queryset` (filtered, ordered and limited by the caller) as ProductRows,
    each with its entries in `lists`, in one statement. `key`, when given, must determine the
    statement entirely (the same key, the same queryset): the statement is then built once."""
    names = [*_COLUMNS]
    for ref in lists:
        names += [f"e{ref.id}_price", f"e{ref.id}_tiers"]
    db = queryset._db or Product._meta.db
    statement = None
    if key is not None:
        key = (db.capabilities.dialect, key, tuple(lists))
        statement = _statements.get(key)
    if statement is None:
        statement = _compile(queryset, names, lists)
        if key is not None:
            _statements[key] = statement
            if len(_statements) > MAX_STATEMENTS:
                _statements.popitem(last=False)
    _, result = await db.execute_query(statement.sql, statement.params)
    products, categories, suppliers = len(_PRODUCT), len(_CATEGORY), len(_SUPPLIER)
    first_supplier = products + categories
    first_entry = first_supplier + suppliers
    out = []
    # A page has few distinct categories and suppliers: one row object each.
    categories_seen: dict[tuple[Any, ...], CategoryRow] = {}
    suppliers_seen: dict[tuple[Any, ...], SupplierRow] = {}
    for raw in result:
        values = list(raw)
        for index, convert in statement.converters:
            values[index] = convert(values[index])
        category = None
        if values[products] is not None:
            key = tuple(values[products:first_supplier])
            category = categories_seen.get(key)
            if category is None:
                category = categories_seen[key] = CategoryRow(*key)
        key = tuple(values[first_supplier:first_entry])
        supplier = suppliers_seen.get(key)
        if supplier is None:
            supplier = suppliers_seen[key] = SupplierRow(*key)
        entries = {}
        at = first_entry
        for ref in lists:
            price = values[at]
            if price is not None:
                entries[ref.id] = EntryRow(ref.id, Decimal(price), _tiers(values[at + 1]))
            at += 2
        out.append(ProductRow(*values[:products], category, supplier, entries))  # type: ignore[call-arg]
    return out
