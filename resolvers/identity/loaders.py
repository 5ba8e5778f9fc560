"""Loaders of staff users and storefronts."""

from __future__ import annotations

from functools import cached_property

from aiodataloader import DataLoader

from graphql_api.models import StaffUser, Storefront
from resolvers.batching import by_id


class IdentityLoaders:
    @cached_property
    def staff(self) -> DataLoader:
        return by_id(StaffUser)

    @cached_property
    def storefront(self) -> DataLoader:
        return by_id(Storefront)
