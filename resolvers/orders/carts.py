"""Carts: the `cart` query, its nested fields and the cart mutations. Every cart is read through
services.carts.view_cart with the request's cached pricing context and catalog view."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from graphql_api.global_ids import pk_of, to_global_id
from graphql_api.models import Product
from graphql_api.services import carts, pricing
from graphql_api.services.errors import Result
from graphql_api.services.money import Money
from graphql_api.services.policies import EffectivePolicy
from resolvers.payloads import mutation


async def view(info: Info, owner: carts.CartOwner) -> carts.CartView:
    ctx = info.context
    return await carts.view_cart(
        ctx.principal,
        owner,
        context=await ctx.pricing_context(None),
        catalog=await ctx.catalog_view(),
    )


async def cart(info: Info) -> carts.CartView | None:
    """The caller's cart; null for a visitor who has no guest session yet."""
    ctx = info.context
    principal = ctx.principal
    if principal.kind == "ANONYMOUS" and not principal.is_guest:
        return None
    return await view(info, carts.owner_of(principal, ctx.require_storefront()))


async def _viewed(info: Info, result: Result[carts.CartOwner]) -> Any:
    if not result.ok or result.value is None:
        return result
    return Result(await view(info, result.value))


# Nested fields of Cart


def cart_lines(root: carts.CartView) -> list[carts.LineView]:
    return root.assessment.lines


def cart_currency(root: carts.CartView) -> str:
    return root.assessment.currency


def cart_subtotal(root: carts.CartView) -> Money:
    return root.assessment.subtotal


def cart_discount(root: carts.CartView) -> Money:
    return root.assessment.discount


def cart_total(root: carts.CartView) -> Money:
    return root.assessment.total


def cart_policy(root: carts.CartView) -> EffectivePolicy:
    return root.assessment.policy


def cart_problems(root: carts.CartView) -> list[carts.Problem]:
    return root.assessment.problems


def cart_can_checkout(root: carts.CartView) -> bool:
    return root.assessment.can_checkout


def cart_price_visibility(root: carts.CartView) -> str:
    return root.assessment.price_visibility


# Nested fields of CartLine and CheckoutProblem


def line_global_id(root: carts.LineView) -> strawberry.ID:
    return strawberry.ID(to_global_id("CartLine", root.line_id or 0))


def line_product(root: carts.LineView) -> Product | None:
    return root.product if root.available else None


def line_sku(root: carts.LineView) -> str:
    return root.product.sku


def line_name(root: carts.LineView) -> str:
    return root.product.name


def line_unit_price(root: carts.LineView) -> pricing.Price | None:
    return root.price


def line_previous_price(root: carts.LineView) -> Money | None:
    return root.previous_price


def line_stock(root: carts.LineView) -> int | None:
    return root.product.stock


def problem_line_id(root: carts.Problem) -> strawberry.ID | None:
    return strawberry.ID(to_global_id("CartLine", root.line_id)) if root.line_id else None


# Mutations


def _storefront_and_principal(info: Info) -> tuple[Any, Any]:
    ctx = info.context
    return ctx.principal, ctx.require_storefront()


@mutation("cart", id_field="product_id")
async def add_to_cart(info: Info, data: dict[str, Any]) -> Any:
    principal, storefront = _storefront_and_principal(info)
    product_id = pk_of(data["product_id"], "Product", "product_id")
    result = await carts.add_to_cart(principal, storefront, product_id, data["quantity"])
    return await _viewed(info, result)


@mutation("cart", id_field="line_id")
async def update_cart_line(info: Info, data: dict[str, Any]) -> Any:
    principal, storefront = _storefront_and_principal(info)
    line_id = pk_of(data["line_id"], "CartLine", "line_id")
    result = await carts.update_cart_line(principal, storefront, line_id, data["quantity"])
    return await _viewed(info, result)


@mutation("cart", id_field="line_id")
async def remove_cart_line(info: Info, data: dict[str, Any]) -> Any:
    principal, storefront = _storefront_and_principal(info)
    line_id = pk_of(data["line_id"], "CartLine", "line_id")
    return await _viewed(info, await carts.remove_cart_line(principal, storefront, line_id))


@mutation("cart")
async def clear_cart(info: Info, data: dict[str, Any]) -> Any:
    principal, storefront = _storefront_and_principal(info)
    return await _viewed(info, await carts.clear_cart(principal, storefront))
