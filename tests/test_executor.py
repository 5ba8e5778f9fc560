"""The planned executor (schema/core/executor.py) gives what graphql-core's gives: the same
documents run through a schema with each and the answers (data, errors and their paths) are
compared, for the fast paths (plain reads, objects checked by instance_of, lists of leaves and
of objects) and for what must leave them (errors, nulls in non-null fields, awaitables,
arguments, aliases, fragments, @skip and @include, variables)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import strawberry

from schema.core.common import instance_of
from schema.core.direct import read_directly
from schema.core.executor import PlannedExecutor


@dataclass
class PartRow:
    code: str
    weight: int | None


@dataclass
class ItemRow:
    id: int
    name: str
    note: str | None
    parts: list[Any]
    labels: list[Any]


@strawberry.type(description="A part.")
class Part:
    code: str = strawberry.field(description="Code.")
    weight: int = strawberry.field(description="Non-null, though some rows have none.")
    is_type_of = instance_of(PartRow)


@strawberry.type(description="An item.")
class Item:
    id: int = strawberry.field(description="Id.")
    name: str = strawberry.field(description="Name.")
    note: str | None = strawberry.field(description="Often null.")
    parts: list[Part] = strawberry.field(description="Parts.")
    labels: list[str] = strawberry.field(description="Labels, one of them null on item 3.")

    @strawberry.field(description="Fails for item 2.")
    def risky(self, root: strawberry.Parent[ItemRow]) -> str | None:
        if root.id == 2:
            raise ValueError("risky failed")
        return f"ok {root.id}"

    @strawberry.field(description="Fails for item 2, and may not be null.")
    def strict(self, root: strawberry.Parent[ItemRow]) -> str:
        if root.id == 2:
            raise ValueError("strict failed")
        return "fine"

    @strawberry.field(description="Awaited.")
    async def later(self, root: strawberry.Parent[ItemRow], times: int = 2) -> int:
        return root.id * times

    @strawberry.field(description="The first part, or null.")
    def first_part(self, root: strawberry.Parent[ItemRow]) -> Part | None:
        return root.parts[0] if root.parts else None

    @strawberry.field(description="A wrong type for item 1.")
    def odd_part(self, root: strawberry.Parent[ItemRow]) -> Part | None:
        return "not a part" if root.id == 1 else None  # type: ignore[return-value]


ITEMS = [
    ItemRow(1, "One", None, [PartRow("a", 1), PartRow("b", 2)], ["x"]),
    ItemRow(2, "Two", "n", [PartRow("c", None)], []),
    ItemRow(3, "Three", "m", [], ["y", None]),
]


@strawberry.type(description="Root.")
class Query:
    @strawberry.field(description="Items.")
    def items(self) -> list[Item]:
        return ITEMS  # type: ignore[return-value]

    @strawberry.field(description="Items, as awaitables.")
    async def later_items(self) -> list[Item]:
        return ITEMS  # type: ignore[return-value]


def _schema(planned: bool) -> strawberry.Schema:
    schema = strawberry.Schema(
        query=Query, execution_context_class=PlannedExecutor if planned else None
    )
    read_directly(schema, ["Item", "Part"])
    return schema


DOCUMENTS = {
    "plain reads": "{ items { id name note } }",
    "objects and lists": "{ items { parts { code } labels firstPart { code } } }",
    "a null in a non-null leaf of a list item": "{ items { id parts { code weight } } }",
    "a null in a non-null list of leaves": "{ items { id labels } }",
    "errors, nullable and not": "{ items { id risky } more: items { id strict } }",
    "awaitables": "{ laterItems { id later(times: 3) parts { code } } }",
    "a wrong object": "{ items { id oddPart { code } } }",
    "aliases and fragments": "{ items { ident: id ...F } } fragment F on Item { name n: name }",
    "skip and include": "query($s: Boolean!) { items { id @skip(if: $s) "
    "name @include(if: $s) parts @skip(if: $s) { code } } }",
    "typename": "{ items { __typename parts { __typename code } } }",
}


def _plain(result: Any) -> tuple[Any, list[tuple[str, list[Any] | None]]]:
    errors = sorted((e.message, e.path) for e in result.errors or [])
    return result.data, errors


@pytest.mark.parametrize("name", list(DOCUMENTS))
async def test_the_planned_executor_answers_as_graphql_core(name: str) -> None:
    document = DOCUMENTS[name]
    for variables in ({"s": True}, {"s": False}):
        general = await _schema(False).execute(document, variable_values=variables)
        planned = await _schema(True).execute(document, variable_values=variables)
        assert _plain(planned) == _plain(general), name


async def test_the_answers_compared_are_real_ones() -> None:
    """Not two empty answers: values, nulls and errors where the documents put them."""
    result = await _schema(True).execute("{ items { id risky } }")
    assert result.data is not None
    assert [i["risky"] for i in result.data["items"]] == ["ok 1", None, "ok 3"]
    assert [e.path for e in result.errors or []] == [["items", 1, "risky"]]
    # An error in a non-null field nulls up to the nearest nullable parent: here the root.
    result = await _schema(True).execute(DOCUMENTS["errors, nullable and not"])
    assert result.data is None
    assert sorted(e.path for e in result.errors or []) == [
        ["items", 1, "risky"],
        ["more", 1, "strict"],
    ]
    result = await _schema(True).execute(DOCUMENTS["a null in a non-null leaf of a list item"])
    assert result.data is None  # [Part!]! in [Item!]!: nothing nullable until the root
    assert [e.path for e in result.errors or []] == [["items", 1, "parts", 0, "weight"]]
    result = await _schema(True).execute(DOCUMENTS["awaitables"])
    assert result.data == {
        "laterItems": [
            {"id": 1, "later": 3, "parts": [{"code": "a"}, {"code": "b"}]},
            {"id": 2, "later": 6, "parts": [{"code": "c"}]},
            {"id": 3, "later": 9, "parts": []},
        ]
    }
