"""Guest checkout that registers (SPEC B5, seed 000 scenario 1): a visitor with a guest cart
gives its registration data with the order, and the company, its purchasing contact and the
order are written in one transaction, through the registration service (same validation as
`register`) and the order service.

OPEN storefronts: the order is placed at once. WITH_APPROVAL: it is held (PENDING_APPROVAL) and
released or cancelled when an admin decides on the registration. INVITE_ONLY (and storefronts
that hide their catalog or prices from visitors): no guest carts, so no guest checkout."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from graphql_api.auth.principal import Principal
from graphql_api.models import Company, Contact, Order, Storefront
from graphql_api.models.enums import ApprovalStatus
from graphql_api.models.orders import OrderSource, OrderStatus
from graphql_api.services import carts, orders, pricing, registration
from graphql_api.services.errors import ErrorCode, Result, ServiceError, UserError
from graphql_api.settings import Settings


def _prefixed(errors: list[UserError]) -> list[UserError]:
    return [UserError(e.message, e.code, ("registration", *e.field)) for e in errors]


async def place_guest_order(
    principal: Principal, settings: Settings, storefront: Storefront, data: Mapping[str, Any]
) -> Result[Order]:
    owner = carts.owner_of(principal, storefront)
    details = data.get("registration")
    if not isinstance(details, Mapping):
        return Result.fail(
            UserError(
                "A guest checks out by registering: give the company, the contact and a password.",
                ErrorCode.REQUIRED,
                ("registration",),
            )
        )
    try:
        key = orders.idempotency_key(data)
    except ServiceError as exc:
        return Result.fail(*exc.errors)
    digest = orders.request_hash(data)
    earlier = await orders.replay(owner.key, key, digest)
    if earlier is not None:
        return earlier
    # The cart as the guest sees it: nobody is registered for an order that cannot be placed.
    seen = await carts.view_cart(principal, owner)
    if seen.assessment.problems:
        errors = [p.as_error() for p in seen.assessment.problems]
        return await orders.replay(owner.key, key, digest) or Result.fail(*errors)
    cart = seen.cart
    await orders.ensure_counter(storefront)
    try:
        async with in_transaction():
            made = await registration.register(principal, settings, storefront, details)
            if not made.ok or made.value is None:
                raise ServiceError(_prefixed(made.errors))
            company = await Company.get(id=made.value.id).select_related("group")
            contact = await Contact.get(company_id=company.id, is_purchasing=True)
            held = company.approval_status == ApprovalStatus.NEW
            placement = orders.Placement(
                storefront=storefront,
                company=company,
                owner_key=owner.key,
                source=OrderSource.GUEST,
                price_visibility=pricing.VISIBLE,
                contact=contact,
                cart=cart,
                status=OrderStatus.PENDING_APPROVAL if held else OrderStatus.PENDING,
            )
            items = await orders.cart_items(cart)
            order = await orders.write_order(settings, placement, data, items, key, digest)
    except ServiceError as exc:
        return await orders.replay(owner.key, key, digest) or Result.fail(*exc.errors)
    except IntegrityError:
        earlier = await orders.replay(owner.key, key, digest)
        if earlier is None:
            raise
        return earlier
    return Result(order)
