"""DataLoaders: one SQL query per relation per request, whatever the page size (SPEC F3).

Loaders are built per request (aiodataloader binds to the running loop), and they never check
permissions: they are only reached from objects a permission check has already let through."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from aiodataloader import DataLoader
from tortoise.functions import Count
from tortoise.models import Model

from graphql_api.models import (
    Address,
    Carrier,
    Category,
    Company,
    CompanyEmail,
    CompanyPhone,
    Contact,
    CustomerGroup,
    CustomFieldDefinition,
    CustomFieldValue,
    Note,
    PriceListAssignment,
    PriceListEntry,
    StaffUser,
    Storefront,
    Supplier,
    TaxId,
)
from graphql_api.services import pricing
from graphql_api.services.notes import NOTE_ORDER

M = TypeVar("M", bound=Model)


def by_id(model: type[M]) -> DataLoader:
    async def load(ids: Sequence[int]) -> list[M | None]:
        rows = {row.pk: row for row in await model.filter(id__in=list(ids))}
        return [rows.get(i) for i in ids]

    return DataLoader(load)


def children(
    model: type[M],
    parent: str,
    order: Iterable[str],
    prepare: Callable[[Any], Any] | None = None,
) -> DataLoader:
    """Rows of `model` grouped by the foreign key column `parent`, in `order`."""
    order_by = tuple(order)

    async def load(ids: Sequence[int]) -> list[list[M]]:
        queryset = model.filter(**{f"{parent}__in": list(ids)}).order_by(*order_by)
        if prepare is not None:
            queryset = prepare(queryset)
        groups: dict[int, list[M]] = defaultdict(list)
        for row in await queryset:
            groups[getattr(row, parent)].append(row)
        return [groups.get(i, []) for i in ids]

    return DataLoader(load)


class Loaders:
    """The request's loaders, created on first use."""

    def __init__(self) -> None:
        self._made: dict[str, DataLoader] = {}

    def _get(self, name: str, factory: Callable[[], DataLoader]) -> DataLoader:
        loader = self._made.get(name)
        if loader is None:
            loader = self._made[name] = factory()
        return loader

    @property
    def company(self) -> DataLoader:
        return self._get("company", lambda: by_id(Company))

    @property
    def contact(self) -> DataLoader:
        return self._get("contact", lambda: by_id(Contact))

    @property
    def group(self) -> DataLoader:
        return self._get("group", lambda: by_id(CustomerGroup))

    @property
    def staff(self) -> DataLoader:
        return self._get("staff", lambda: by_id(StaffUser))

    @property
    def addresses(self) -> DataLoader:
        return self._get("addresses", lambda: children(Address, "company_id", ("position", "id")))

    @property
    def tax_ids(self) -> DataLoader:
        return self._get("tax_ids", lambda: children(TaxId, "company_id", ("kind",)))

    @property
    def emails(self) -> DataLoader:
        return self._get("emails", lambda: children(CompanyEmail, "company_id", ("position",)))

    @property
    def phones(self) -> DataLoader:
        return self._get("phones", lambda: children(CompanyPhone, "company_id", ("position",)))

    @property
    def contacts(self) -> DataLoader:
        return self._get(
            "contacts", lambda: children(Contact, "company_id", ("first_name", "last_name", "id"))
        )

    @property
    def notes(self) -> DataLoader:
        return self._get("notes", lambda: children(Note, "company_id", NOTE_ORDER))

    @property
    def company_custom_values(self) -> DataLoader:
        return self._get(
            "company_custom_values",
            lambda: children(
                CustomFieldValue,
                "company_id",
                ("definition__position", "definition_id"),
                lambda qs: qs.select_related("definition"),
            ),
        )

    @property
    def contact_custom_values(self) -> DataLoader:
        return self._get(
            "contact_custom_values",
            lambda: children(
                CustomFieldValue,
                "contact_id",
                ("definition__position", "definition_id"),
                lambda qs: qs.select_related("definition"),
            ),
        )

    @property
    def group_company_count(self) -> DataLoader:
        async def load(ids: Sequence[int]) -> list[int]:
            rows = (
                await Company.filter(group_id__in=list(ids))
                .annotate(n=Count("id"))
                .group_by("group_id")
                .values_list("group_id", "n")
            )
            counts = dict(rows)
            return [counts.get(i, 0) for i in ids]

        return self._get("group_company_count", lambda: DataLoader(load))

    @property
    def definition(self) -> DataLoader:
        return self._get("definition", lambda: by_id(CustomFieldDefinition))

    @property
    def category(self) -> DataLoader:
        return self._get("category", lambda: by_id(Category))

    @property
    def supplier(self) -> DataLoader:
        return self._get("supplier", lambda: by_id(Supplier))

    @property
    def storefront(self) -> DataLoader:
        return self._get("storefront", lambda: by_id(Storefront))

    @property
    def price_list_entries(self) -> DataLoader:
        """Entries by price list, with their products, in product name order."""
        return self._get(
            "price_list_entries",
            lambda: children(
                PriceListEntry,
                "price_list_id",
                ("product__name_key",),
                lambda q: q.select_related("product"),
            ),
        )

    @property
    def price_list_assignments(self) -> DataLoader:
        """Assignments by price list, with their company or group."""
        return self._get(
            "price_list_assignments",
            lambda: children(
                PriceListAssignment,
                "price_list_id",
                ("id",),
                lambda q: q.select_related("company", "group"),
            ),
        )

    @property
    def carrier(self) -> DataLoader:
        return self._get("carrier", lambda: by_id(Carrier))

    def price_entries(self, context: pricing.PricingContext) -> DataLoader:
        """List entries by product id, for one pricing context: one query for a page."""

        async def load(ids: Sequence[int]) -> list[Any]:
            entries = await pricing.load_entries(context, ids)
            return [entries[i] for i in ids]

        return self._get(f"price_entries:{context.company_id}", lambda: DataLoader(load))
