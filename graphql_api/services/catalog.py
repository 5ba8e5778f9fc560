"""The catalog (SPEC C1): suppliers, the category tree, carriers and products, changed by admins.
Reading goes through services.visibility, never straight to the models."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from graphql_api.auth.principal import Principal
from graphql_api.models import Carrier, Category, Product, Storefront, Supplier
from graphql_api.services import catalog_versions, permissions
from graphql_api.services.checks import Checker, taken
from graphql_api.services.constraints import unique_violation
from graphql_api.services.errors import ErrorCode, Result, UserError
from graphql_api.services.text import fold, search_document, search_words

SKU = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
MAX_IMAGES = 20
MAX_DESCRIPTION = 20_000
MAX_CATEGORY_DEPTH = 8
M = TypeVar("M", Supplier, Category, Product)


Cleaner = Callable[[int, Mapping[str, Any], Any], Awaitable[tuple[dict[str, Any], Checker]]]


async def _create(
    model: type[M],
    cleaner: Cleaner,
    principal: Principal,
    storefront: Storefront,
    data: Mapping[str, Any],
) -> Result[M]:
    """Admin-only create: a field sent as null counts as not sent."""
    permissions.require_admin(principal)
    given = {k: v for k, v in data.items() if v is not None}

    async def recheck() -> list[UserError]:
        return (await cleaner(storefront.id, given, None))[1].errors

    clean, check = await cleaner(storefront.id, given, None)
    if check.errors:
        return Result.fail(*check.errors)
    row = model(storefront_id=storefront.id, **clean)
    _index(row)
    async with unique_violation(recheck) as clash:
        await row.save()
        await catalog_versions.bump(row.storefront_id)
    if clash.errors:
        return Result.fail(*clash.errors)
    return Result(row)


async def _update(
    cleaner: Cleaner, principal: Principal, row: M, data: Mapping[str, Any]
) -> Result[M]:
    """Admin-only change of the fields present in `data`."""
    permissions.require_admin(principal)
    storefront_id: int = row.storefront_id

    async def recheck() -> list[UserError]:
        await row.refresh_from_db()
        return (await cleaner(storefront_id, data, row))[1].errors

    clean, check = await cleaner(storefront_id, data, row)
    if check.errors:
        return Result.fail(*check.errors)
    row.update_from_dict(clean)
    _index(row)
    async with unique_violation(recheck) as clash:
        await row.save()
        await catalog_versions.bump(row.storefront_id)
    if clash.errors:
        return Result.fail(*clash.errors)
    return Result(row)


def _index(row: Any) -> None:
    """Keep a product's folded sort and search columns in step with its name and SKU."""
    if isinstance(row, Product):
        row.name_key = fold(row.name)[:300]
        row.search_text = search_document(row.name, row.sku)


async def create_supplier(
    principal: Principal, storefront: Storefront, data: Mapping[str, Any]
) -> Result[Supplier]:
    return await _create(Supplier, _clean_supplier, principal, storefront, data)


async def update_supplier(
    principal: Principal, supplier: Supplier, data: Mapping[str, Any]
) -> Result[Supplier]:
    return await _update(_clean_supplier, principal, supplier, data)


async def create_category(
    principal: Principal, storefront: Storefront, data: Mapping[str, Any]
) -> Result[Category]:
    return await _create(Category, _clean_category, principal, storefront, data)


async def update_category(
    principal: Principal, category: Category, data: Mapping[str, Any]
) -> Result[Category]:
    return await _update(_clean_category, principal, category, data)


async def create_product(
    principal: Principal, storefront: Storefront, data: Mapping[str, Any]
) -> Result[Product]:
    return await _create(Product, _clean_product, principal, storefront, data)


async def update_product(
    principal: Principal, product: Product, data: Mapping[str, Any]
) -> Result[Product]:
    return await _update(_clean_product, principal, product, data)


def _flag(data: Mapping[str, Any], name: str, clean: dict[str, Any]) -> None:
    if data.get(name) is not None:
        clean[name] = bool(data[name])


def _url(check: Checker, raw: Any, path: tuple[str, ...], limit: int = 1000) -> str | None:
    value = str(raw or "").strip()
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        check.add(path, "Give a full http or https address.")
        return None
    if len(value) > limit:
        check.add(path, f"An address takes at most {limit} characters.")
        return None
    return value


# Suppliers


async def _clean_supplier(
    storefront_id: int, data: Mapping[str, Any], supplier: Supplier | None
) -> tuple[dict[str, Any], Checker]:
    check = Checker()
    clean: dict[str, Any] = {}
    if supplier is None or "name" in data:
        name = check.text(data, "name", 200, True)
        if name and await taken(
            Supplier, storefront_id, supplier.id if supplier else None, name=name
        ):
            check.add(("name",), f"A supplier named {name} already exists.", ErrorCode.DUPLICATE)
        clean["name"], clean["name_key"] = name, fold(name)
    if "code" in data:
        clean["code"] = check.text(data, "code", 40, False)
    _flag(data, "is_active", clean)
    return clean, check


# Categories


async def parents_of(storefront_id: int) -> dict[int, int | None]:
    """The whole tree as child -> parent; trees are small enough to hold in memory."""
    rows = await Category.filter(storefront_id=storefront_id).values_list("id", "parent_id")
    return {row[0]: row[1] for row in rows}


def subtree(parents: Mapping[int, int | None], roots: set[int]) -> set[int]:
    """The given categories and all their descendants."""
    children: dict[int | None, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    found, stack = set(), [r for r in roots if r in parents]
    while stack:
        node = stack.pop()
        if node not in found:
            found.add(node)
            stack.extend(children.get(node, ()))
    return found


def depth_of(parents: Mapping[int, int | None], category_id: int | None) -> int:
    depth = 0
    while category_id is not None and depth <= len(parents):
        depth += 1
        category_id = parents.get(category_id)
    return depth


async def _clean_category(
    storefront_id: int, data: Mapping[str, Any], category: Category | None
) -> tuple[dict[str, Any], Checker]:
    check = Checker()
    clean: dict[str, Any] = {}
    parent_id = category.parent_id if category else None
    if "parent_id" in data:
        parent_id = data.get("parent_id")
        parents = await parents_of(storefront_id)
        if parent_id is not None and parent_id not in parents:
            check.add(("parent_id",), "There is no such parent category.", ErrorCode.NOT_FOUND)
        elif category is not None and parent_id in subtree(parents, {category.id}):
            check.add(
                ("parent_id",),
                "A category cannot be moved under itself or one of its own subcategories.",
                ErrorCode.CYCLE,
            )
        elif depth_of(parents, parent_id) + _height(parents, category) > MAX_CATEGORY_DEPTH:
            check.add(("parent_id",), f"Categories nest at most {MAX_CATEGORY_DEPTH} deep.")
        clean["parent_id"] = parent_id
    name = category.name if category else None
    if category is None or "name" in data:
        name = clean["name"] = check.text(data, "name", 120, True)
    # A rename or a move may both meet a sibling of the same name.
    if (
        name
        and ("name" in clean or "parent_id" in clean)
        and await taken(
            Category,
            storefront_id,
            category.id if category else None,
            name=name,
            parent_id=parent_id,
        )
    ):
        where = "name" if "name" in data else "parent_id"
        check.add(
            (where,), f"{name} already exists at this place of the tree.", ErrorCode.DUPLICATE
        )
    if data.get("position") is not None:
        clean["position"] = check.integer(
            data["position"], ("position",), minimum=0, maximum=100_000
        )
    return clean, check


def _height(parents: Mapping[int, int | None], category: Category | None) -> int:
    """Levels of the subtree rooted at `category` (1 for a leaf, 1 for a new category)."""
    if category is None:
        return 1
    below = subtree(parents, {category.id})
    return max(depth_of(parents, node) for node in below) - depth_of(parents, category.id) + 1


# Carriers


async def create_carrier(
    principal: Principal, storefront: Storefront, data: Mapping[str, Any]
) -> Result[Carrier]:
    permissions.require_admin(principal)

    async def clean_carrier() -> tuple[str | None, str, Checker]:
        check = Checker()
        name = check.text(data, "name", 200, True)
        if name and await taken(Carrier, storefront.id, None, name=name):
            check.add(("name",), f"A carrier named {name} already exists.", ErrorCode.DUPLICATE)
        url = ""
        if data.get("tracking_url"):
            limit = Carrier._meta.fields_map["tracking_url"].max_length  # type: ignore[attr-defined]  # Field has max_length only on CharField
            url = _url(check, data["tracking_url"], ("tracking_url",), limit) or ""
        return name, url, check

    async def recheck() -> list[UserError]:
        return (await clean_carrier())[2].errors

    name, url, check = await clean_carrier()
    if check.errors:
        return Result.fail(*check.errors)
    async with unique_violation(recheck) as clash:
        carrier = await Carrier.create(storefront_id=storefront.id, name=name, tracking_url=url)
        await catalog_versions.bump(storefront.id)
    if clash.errors:
        return Result.fail(*clash.errors)
    return Result(carrier)


# Products


async def _clean_product(
    storefront_id: int, data: Mapping[str, Any], product: Product | None
) -> tuple[dict[str, Any], Checker]:
    check = Checker()
    clean: dict[str, Any] = {}
    creating = product is None
    if creating or "sku" in data:
        sku = check.text(data, "sku", 60, True)
        if sku and not SKU.match(sku):
            check.add(("sku",), "SKU takes letters, digits and . _ / - only, no spaces.")
        elif sku and await taken(Product, storefront_id, product.id if product else None, sku=sku):
            check.add(("sku",), f"Another product already has SKU {sku}.", ErrorCode.DUPLICATE)
        clean["sku"] = sku
    if creating or "name" in data:
        clean["name"] = check.text(data, "name", 300, True)
    if "description" in data:
        clean["description"] = (
            check.text(data, "description", MAX_DESCRIPTION, False, multiline=True) or ""
        )
    if "unit" in data:
        clean["unit"] = check.text(data, "unit", 20, True)
    if data.get("image_urls") is not None:
        urls = list(data["image_urls"])
        if len(urls) > MAX_IMAGES:
            check.add(("image_urls",), f"At most {MAX_IMAGES} images.")
        clean["image_urls"] = [_url(check, u, ("image_urls", str(n))) for n, u in enumerate(urls)]
    for name in ("minimum_quantity", "quantity_multiple"):
        if data.get(name) is not None:
            clean[name] = check.integer(data[name], (name,), minimum=1, maximum=1_000_000)
    minimum = clean.get("minimum_quantity", product.minimum_quantity if product else 1)
    multiple = clean.get("quantity_multiple", product.quantity_multiple if product else 1)
    if minimum and multiple and minimum % multiple:
        check.add(
            ("minimum_quantity",),
            f"The minimum quantity must be a multiple of {multiple}, or it cannot be ordered.",
        )
    if "stock" in data:
        stock = data.get("stock")
        clean["stock"] = None if stock is None else check.integer(stock, ("stock",), minimum=0)
    if creating or "base_price" in data:
        if data.get("base_price") is None:
            check.add(("base_price",), "Base price is required.", ErrorCode.REQUIRED)
        else:
            clean["base_price"] = check.price(data["base_price"], ("base_price",))
    if data.get("floor_price") is not None:
        clean["floor_price"] = check.price(data["floor_price"], ("floor_price",))
    elif "floor_price" in data:
        clean["floor_price"] = None
    _flag(data, "is_active", clean)
    if creating or "supplier_id" in data:
        supplier = await Supplier.get_or_none(id=data.get("supplier_id") or 0)
        if supplier is None or supplier.storefront_id != storefront_id:
            check.add(("supplier_id",), "There is no such supplier.", ErrorCode.NOT_FOUND)
        clean["supplier_id"] = supplier.id if supplier else None
    if data.get("category_id") is not None:
        category = await Category.get_or_none(id=data["category_id"])
        if category is None or category.storefront_id != storefront_id:
            check.add(("category_id",), "There is no such category.", ErrorCode.NOT_FOUND)
        clean["category_id"] = category.id if category else None
    elif "category_id" in data:
        clean["category_id"] = None
    return clean, check


# Reading (on a queryset already narrowed by services.visibility)


def search_filter(search: str) -> Q:
    """Every word must appear in the name or SKU, ignoring case and accents. ValidationError for
    a term over text.search_words' caps."""
    condition = Q()
    for word in search_words(search):
        condition &= Q(search_text__contains=word)
    return condition


async def filter_products(
    queryset: QuerySet[Product],
    storefront_id: int,
    *,
    search: str | None = None,
    category_id: int | None = None,
    supplier_id: int | None = None,
) -> QuerySet[Product]:
    """Narrow a visible queryset; a category includes its subcategories."""
    if search and search.strip():
        queryset = queryset.filter(search_filter(search))
    if category_id is not None:
        below = subtree(await parents_of(storefront_id), {category_id})
        queryset = queryset.filter(category_id__in=sorted(below) or [0])
    if supplier_id is not None:
        queryset = queryset.filter(supplier_id=supplier_id)
    return queryset
