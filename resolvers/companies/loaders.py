"""Loaders of companies and what hangs off them: contacts, addresses, notes, custom values."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from aiodataloader import DataLoader
from tortoise.functions import Count

from graphql_api.models import (
    Address,
    Company,
    CompanyEmail,
    CompanyPhone,
    Contact,
    CustomerGroup,
    CustomFieldValue,
    Note,
    TaxId,
)
from graphql_api.services.notes import NOTE_ORDER
from resolvers.batching import by_id, children

_CUSTOM_ORDER = ("definition__position", "definition_id")


class CompanyLoaders:
    @cached_property
    def company(self) -> DataLoader:
        return by_id(Company)

    @cached_property
    def contact(self) -> DataLoader:
        return by_id(Contact)

    @cached_property
    def group(self) -> DataLoader:
        return by_id(CustomerGroup)

    @cached_property
    def addresses(self) -> DataLoader:
        return children(Address, "company_id", ("position", "id"))

    @cached_property
    def tax_ids(self) -> DataLoader:
        return children(TaxId, "company_id", ("kind",))

    @cached_property
    def emails(self) -> DataLoader:
        return children(CompanyEmail, "company_id", ("position",))

    @cached_property
    def phones(self) -> DataLoader:
        return children(CompanyPhone, "company_id", ("position",))

    @cached_property
    def contacts(self) -> DataLoader:
        return children(Contact, "company_id", ("first_name", "last_name", "id"))

    @cached_property
    def notes(self) -> DataLoader:
        return children(Note, "company_id", NOTE_ORDER)

    @cached_property
    def company_custom_values(self) -> DataLoader:
        return children(
            CustomFieldValue, "company_id", _CUSTOM_ORDER, lambda q: q.select_related("definition")
        )

    @cached_property
    def contact_custom_values(self) -> DataLoader:
        return children(
            CustomFieldValue, "contact_id", _CUSTOM_ORDER, lambda q: q.select_related("definition")
        )

    @cached_property
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

        return DataLoader(load)
