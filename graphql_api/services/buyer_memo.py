"""A buyer's catalog view and pricing context, kept across requests under the storefront's
catalog version (issue 13).

Each costs statements of its own (the company's catalog limits; its price lists and the policy
in force) and is the same for every request of the company's buyers until something it is made
of changes. Every such change bumps the catalog version in its own transaction, and what they
are computed from that the request loaded before it read the version (the company's pricing
fields, its group's discount, the storefront's settings) is in `viewer_key`
(services/catalog_versions.py); so a value kept under (version, viewer) is never stale. Per
process and bounded: each process computes a value once per version and viewer."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from graphql_api.auth.principal import Principal
from graphql_api.models import Storefront
from graphql_api.services import catalog_versions

T = TypeVar("T")
MAX_ENTRIES = 4096
_kept: OrderedDict[tuple[str, str, str], Any] = OrderedDict()


async def kept(
    principal: Principal, storefront: Storefront, what: str, make: Callable[[], Awaitable[T]]
) -> T:
    """`make()`'s value for a buyer, computed once per catalog version; for anyone else (who
    needs no statement for it, or is staff) simply `make()`."""
    viewer = (
        catalog_versions.viewer_key(principal, storefront)
        if principal.buyer_company is not None
        else None
    )
    if viewer is None:
        return await make()
    # The version first, as catalog_versions asks of every reader: what `make` reads after it
    # is at least as new as the version it is kept under.
    key = (await catalog_versions.current(storefront), viewer, what)
    if key in _kept:
        _kept.move_to_end(key)
        return _kept[key]
    value = await make()
    _kept[key] = value
    if len(_kept) > MAX_ENTRIES:
        _kept.popitem(last=False)
    return value


def clear() -> None:
    _kept.clear()
