"""A buyer's catalog view and pricing context kept under the catalog version
(services/buyer_memo.py), with the response cache off so every read runs: each kind of change
is seen on the next read, and a read after a change loads them again."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from graphql_api.app import create_app
from graphql_api.settings import Settings
from tests.conftest import Api
from tests.test_response_cache import BEFORE, CHANGES, PAGE, Change, _rows, world

__all__ = ["world"]


@pytest.fixture
async def reads(database: Settings) -> AsyncIterator[Api]:
    app = create_app(dataclasses.replace(database, response_cache=False), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield Api(http)
    await app.state.shared.close()


@pytest.mark.parametrize(("kind", "change", "expected"), CHANGES, ids=[c[0] for c in CHANGES])
async def test_each_kind_of_change_is_seen_on_the_next_read(
    reads: Api,
    admin: Any,
    world: dict[str, Any],
    count_sql: Any,
    kind: str,
    change: Change,
    expected: dict[str, tuple[Any, ...] | None],
) -> None:
    me = reads.as_(world["token"])
    first = await me(PAGE, {"first": 20})
    assert "cache" not in (first.get("extensions") or {})
    assert _rows(first) == BEFORE
    with count_sql() as warm:
        again = await me(PAGE, {"first": 20})
    assert again["data"] == first["data"]
    # The token check and the page: the view and the prices' lists and policy are kept.
    assert warm.count == 2, warm.statements

    await change(admin, world)

    with count_sql() as after_change:
        after = await me(PAGE, {"first": 20})
    wanted = {**BEFORE, **expected}
    assert _rows(after) == {sku: row for sku, row in wanted.items() if row is not None}, kind
    # A new version: loaded again (unless the change hid the prices, so none are computed).
    assert after_change.count > 2 or kind == "storefront setting", after_change.statements
