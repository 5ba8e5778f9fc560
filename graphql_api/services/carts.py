"""Carts (SPEC D1): one service for the cart of a buyer contact, of a quick-order link and of a
guest session.

Every line is checked by services.visibility and priced by services.pricing at its own quantity
(tiers apply per line). What would stop a checkout is reported as problems (`assess`), and
placing an order (services.orders) refuses exactly those problems, with the same codes."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, cast

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from graphql_api.auth.principal import ANONYMOUS_KIND, Principal
from graphql_api.auth.tokens import InvalidToken, TokenClaims, TokenSigner
from graphql_api.models import Cart, CartLine, Company, Contact, Product, Storefront
from graphql_api.models.enums import CatalogVisibility, PriceVisibility, RegistrationMode
from graphql_api.models.orders import QuickOrderLink
from graphql_api.services import activity, pricing, visibility
from graphql_api.services.errors import (
    ErrorCode,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    Result,
    UserError,
)
from graphql_api.services.money import Money
from graphql_api.services.policies import EffectivePolicy, effective_policy

MAX_QUANTITY = 1_000_000
MAX_LINES = 200
GUEST_TOKEN_KIND = "guest"
GUEST_SESSION_TTL = 30 * 24 * 3600


class ProblemCode(StrEnum):
    """What stops a checkout; the same strings are the error codes placeOrder refuses with."""

    EMPTY_CART = ErrorCode.EMPTY_CART.value
    BELOW_MINIMUM = ErrorCode.BELOW_MINIMUM.value
    PRODUCT_UNAVAILABLE = ErrorCode.PRODUCT_UNAVAILABLE.value
    QUANTITY_RULE = ErrorCode.QUANTITY_RULE.value
    INSUFFICIENT_STOCK = ErrorCode.INSUFFICIENT_STOCK.value
    PRICES_HIDDEN = ErrorCode.PRICES_HIDDEN.value
    CURRENCY_MISMATCH = ErrorCode.CURRENCY_MISMATCH.value


@dataclass(frozen=True)
class Problem:
    """Something wrong with a cart or one of its lines (`line_id`); every problem blocks the
    checkout."""

    code: ProblemCode
    message: str
    line_id: int | None = None

    def as_error(self, path: tuple[str, ...] = ()) -> UserError:
        return UserError(self.message, ErrorCode(self.code.value), path)


# Owners


@dataclass(frozen=True)
class CartOwner:
    """Whose cart: a contact's, a quick-order link's or a guest session's (exactly one)."""

    storefront: Storefront
    company: Company | None = None
    contact: Contact | None = None
    quick_link: QuickOrderLink | None = None
    guest_key: str | None = None

    @property
    def key(self) -> str:
        """The owner as one string: carts and idempotency keys are kept per owner."""
        if self.contact is not None:
            return f"contact:{self.contact.id}"
        if self.quick_link is not None:
            return f"link:{self.quick_link.id}"
        return f"guest:{self.guest_key}"

    def match(self) -> dict[str, Any]:
        if self.contact is not None:
            return {"contact_id": self.contact.id}
        if self.quick_link is not None:
            return {"quick_link_id": self.quick_link.id}
        return {"guest_key": self.guest_key}


def guest_checkout_closed(storefront: Storefront) -> str | None:
    """Why a visitor may not buy without an account here, or None when it may: the storefront
    must take self-registrations and show its catalog and prices to everyone."""
    if storefront.registration_mode == RegistrationMode.INVITE_ONLY:
        return "This storefront takes new customers by invitation only: sign in to buy."
    if storefront.catalog_visibility == CatalogVisibility.PRIVATE:
        return "This storefront shows its catalog to signed-in buyers only: sign in to buy."
    if storefront.price_visibility != PriceVisibility.EVERYONE:
        return "This storefront shows prices to signed-in buyers only: sign in to buy."
    return None


def owner_of(principal: Principal, storefront: Storefront) -> CartOwner:
    """The cart owner a caller is, or PermissionDenied / NotAuthenticated saying why it has no
    cart. Prices, cart and orders are the purchasing contact's business (SPEC B2); staff order
    for a company with placeOrderOnBehalf; partners only read the catalog."""
    if principal.is_contact:
        contact = principal.contact
        assert contact is not None
        if contact.storefront_id != storefront.id:
            raise PermissionDenied("Your account belongs to another storefront.")
        if not contact.is_purchasing:
            raise PermissionDenied("Only the company's purchasing contact has a cart.")
        return CartOwner(storefront, company=principal.company, contact=contact)
    if principal.is_quick_link:
        link = principal.quick_link
        assert link is not None
        if link.storefront_id != storefront.id:
            raise PermissionDenied("This quick-order link belongs to another storefront.")
        return CartOwner(storefront, company=principal.company, quick_link=link)
    if principal.is_guest:
        closed = guest_checkout_closed(storefront)
        if closed is not None:
            raise NotAuthenticated(closed)
        return CartOwner(storefront, guest_key=principal.guest_key)
    if principal.kind == ANONYMOUS_KIND:
        raise NotAuthenticated(
            "Sign in, open a quick-order link or start a guest session (POST /session/guest) "
            "to use a cart."
        )
    raise PermissionDenied(
        "Staff and partners have no cart: staff order for a company with placeOrderOnBehalf."
    )


# Guest sessions


def start_guest_session(signer: TokenSigner, storefront: Storefront) -> tuple[str, int]:
    """A signed session token for a new guest cart: the cart itself is made on its first line,
    so a visitor who never buys writes nothing. Refuses (NotAuthenticated) where guests may not
    buy."""
    closed = guest_checkout_closed(storefront)
    if closed is not None:
        raise NotAuthenticated(closed)
    key = secrets.token_urlsafe(24)
    return signer.issue(
        subject=f"guest:{key}", kind=GUEST_TOKEN_KIND, version=1, ttl=GUEST_SESSION_TTL
    )


def guest_principal(claims: TokenClaims) -> Principal:
    kind, _, key = claims.subject.partition(":")
    if kind != "guest" or not key or len(key) > 64:
        raise InvalidToken("bad subject")
    return Principal(kind=ANONYMOUS_KIND, guest_key=key)


# Reading


async def find_cart(owner: CartOwner) -> Cart | None:
    return await Cart.filter(**owner.match()).first()


async def cart_for(owner: CartOwner) -> Cart:
    """The owner's cart, made on first use. Two first uses racing make one cart: the unique
    owner column refuses the second, which then reads the first."""
    cart = await find_cart(owner)
    if cart is not None:
        return cart
    try:
        # Its own (nested) transaction: a refused insert must not abort a caller's transaction.
        async with in_transaction():
            return await Cart.create(
                storefront_id=owner.storefront.id,
                company_id=owner.company.id if owner.company is not None else None,
                **owner.match(),
            )
    except IntegrityError:
        return await Cart.get(**owner.match())


async def cart_lines(cart: Cart | None) -> list[CartLine]:
    """The lines with their products, oldest first."""
    if cart is None:
        return []
    return list(await CartLine.filter(cart_id=cart.id).select_related("product").order_by("id"))


async def policy_for(storefront: Storefront, company: Company | None) -> EffectivePolicy:
    if company is None:
        return await effective_policy(storefront.id, None, None)
    return await effective_policy(
        storefront.id,
        company.group_id,
        company.id,
    )


@dataclass(frozen=True)
class Item:
    """A product and quantity to check and price: a cart line, or a line of an order placed on
    behalf of a company."""

    product: Product
    quantity: int
    line: CartLine | None = None

    @property
    def line_id(self) -> int | None:
        return self.line.id if self.line is not None else None


@dataclass
class LineView:
    item: Item
    available: bool
    price: pricing.Price | None
    line_total: Money | None
    base_total: Money | None
    previous_price: Money | None
    problems: list[Problem]

    @property
    def product(self) -> Product:
        return self.item.product

    @property
    def quantity(self) -> int:
        return self.item.quantity

    @property
    def line_id(self) -> int | None:
        return self.item.line_id

    @property
    def price_changed(self) -> bool:
        return self.previous_price is not None


@dataclass
class Assessment:
    """Lines checked and priced, the totals of the priced lines, the policy in force and every
    problem found (cart-level ones have no line)."""

    lines: list[LineView]
    currency: str
    subtotal: Money
    discount: Money
    total: Money
    policy: EffectivePolicy
    price_visibility: str
    cart_problems: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        """Every problem: the cart's own first, then each line's."""
        return self.cart_problems + [p for line in self.lines for p in line.problems]

    @property
    def can_checkout(self) -> bool:
        return not self.problems


def quantity_problem(product: Product, quantity: int) -> str | None:
    """Why `quantity` breaks the product's minimum or multiple, or None."""
    minimum, multiple = product.minimum_quantity or 1, product.quantity_multiple or 1
    if quantity < minimum:
        return f"{product.sku} is sold in quantities of at least {minimum}."
    if quantity % multiple:
        return f"{product.sku} is sold in multiples of {multiple}."
    return None


def _stock_message(product: Product, quantity: int) -> str:
    stock = product.stock or 0
    if stock <= 0:
        return f"{product.sku} is out of stock."
    return f"Only {stock} of {product.sku} in stock; {quantity} asked."


async def assess(
    items: Sequence[Item],
    *,
    storefront: Storefront,
    context: pricing.PricingContext,
    catalog: visibility.CatalogView,
    policy: EffectivePolicy,
    price_visibility: str,
) -> Assessment:
    """Check and price items as `catalog` and `context` see them. Two queries whatever the
    number of lines: the visible ids among them, and their price list entries."""
    ids = sorted({item.product.id for item in items})
    visible: set[int] = set()
    if ids:
        # Tortoise types every values_list as tuples; flat=True gives the bare values.
        visible = set(
            cast(
                list[int],
                await visibility.products(catalog).filter(id__in=ids).values_list("id", flat=True),
            )
        )
    priced = price_visibility == pricing.VISIBLE
    entries = await pricing.load_entries(context, sorted(visible)) if priced and visible else {}
    currency: str | None = None
    views: list[LineView] = []
    for item in items:
        product, quantity, line_id = item.product, item.quantity, item.line_id
        found: list[Problem] = []
        price = line_total = base_total = previous = None
        available = product.id in visible
        if not available:
            found.append(
                Problem(
                    ProblemCode.PRODUCT_UNAVAILABLE,
                    f"{product.sku} ({product.name}) is no longer available.",
                    line_id,
                )
            )
        else:
            rule = quantity_problem(product, quantity)
            if rule is not None:
                found.append(Problem(ProblemCode.QUANTITY_RULE, rule, line_id))
            if product.stock is not None and quantity > product.stock:
                found.append(
                    Problem(
                        ProblemCode.INSUFFICIENT_STOCK, _stock_message(product, quantity), line_id
                    )
                )
            if priced:
                price = pricing.price_of(context, product, entries[product.id], quantity)
                currency = currency or price.currency
                if price.currency != currency:
                    found.append(
                        Problem(
                            ProblemCode.CURRENCY_MISMATCH,
                            f"{product.sku} is priced in {price.currency}, the rest of the order "
                            f"in {currency}: one order has one currency.",
                            line_id,
                        )
                    )
                else:
                    line_total = price.unit * quantity
                    base_total = price.base * quantity
                line = item.line
                if line is not None and line.seen_price is not None:
                    seen = Money.of(line.seen_price, line.seen_currency or price.currency)
                    if seen != price.unit:
                        previous = seen
        views.append(LineView(item, available, price, line_total, base_total, previous, found))
    currency = currency or context.default_currency
    zero = Money.zero(currency)
    subtotal = sum((v.base_total for v in views if v.base_total is not None), zero)
    total = sum((v.line_total for v in views if v.line_total is not None), zero)
    cart_problems: list[Problem] = []
    if not items:
        cart_problems.append(Problem(ProblemCode.EMPTY_CART, "The cart is empty."))
    elif not priced:
        cart_problems.append(
            Problem(
                ProblemCode.PRICES_HIDDEN,
                "Prices are not shown to you here, so nothing can be ordered: ask for a quote.",
            )
        )
    minimum = policy.min_order_value
    # A minimum is compared in the order's own currency. One set in another currency does not
    # apply: there are no exchange rates, so a seller sets minimums per currency at the group
    # or company level (as the demo does for its EUR contract).
    if (
        items
        and priced
        and minimum is not None
        and minimum.currency == currency
        and total < minimum
    ):
        cart_problems.append(
            Problem(
                ProblemCode.BELOW_MINIMUM,
                f"The minimum order value is {minimum}; this order comes to {total}.",
            )
        )
    return Assessment(
        lines=views,
        currency=currency,
        subtotal=subtotal,
        discount=subtotal - total,
        total=total,
        policy=policy,
        price_visibility=price_visibility,
        cart_problems=cart_problems,
    )


@dataclass
class CartView:
    """A cart as its owner sees it."""

    owner: CartOwner
    cart: Cart | None
    assessment: Assessment

    @property
    def company_name(self) -> str | None:
        company = self.owner.company
        return (company.trade_name or company.legal_name) if company is not None else None

    @property
    def language(self) -> str:
        company = self.owner.company
        preferred = company.preferred_language if company is not None else None
        return preferred or self.owner.storefront.default_language

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.assessment.lines)


async def view_cart(
    principal: Principal,
    owner: CartOwner,
    *,
    context: pricing.PricingContext | None = None,
    catalog: visibility.CatalogView | None = None,
) -> CartView:
    """The owner's cart checked and priced. A request passes its cached pricing context and
    catalog view; otherwise they are computed here."""
    storefront = owner.storefront
    if context is None:
        context = await pricing.context_for(principal, storefront)
    if catalog is None:
        catalog = await visibility.catalog_view(principal, storefront)
    cart = await find_cart(owner)
    lines = await cart_lines(cart)
    assessment = await assess(
        [Item(line.product, line.quantity, line) for line in lines],
        storefront=storefront,
        context=context,
        catalog=catalog,
        policy=await policy_for(storefront, owner.company),
        price_visibility=pricing.price_visibility(principal, storefront),
    )
    return CartView(owner, cart, assessment)


# Changing


def _check_quantity(raw: Any, path: tuple[str, ...], *, allow_zero: bool = False) -> int:
    low = 0 if allow_zero else 1
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= MAX_QUANTITY:
        raise _Refused(
            UserError(
                f"Quantity must be a whole number from {low} to {MAX_QUANTITY}.",
                ErrorCode.INVALID,
                path,
            )
        )
    return raw


class _Refused(Exception):
    def __init__(self, error: UserError) -> None:
        super().__init__(error.message)
        self.error = error


async def _visible_product(
    principal: Principal, owner: CartOwner, product_id: int, path: tuple[str, ...]
) -> Product:
    catalog = await visibility.catalog_view(principal, owner.storefront)
    product = await visibility.products(catalog).filter(id=product_id).first()
    if product is None:
        raise NotFound("product", path)
    return product


async def _unit_price(
    principal: Principal, owner: CartOwner, product: Product, quantity: int
) -> pricing.Price | None:
    storefront = owner.storefront
    if pricing.price_visibility(principal, storefront) != pricing.VISIBLE:
        return None
    context = await pricing.context_for(principal, storefront)
    entries = await pricing.load_entries(context, [product.id])
    return pricing.price_of(context, product, entries[product.id], quantity)


def _refuse_hidden_prices(principal: Principal, storefront: Storefront) -> None:
    if pricing.price_visibility(principal, storefront) != pricing.VISIBLE:
        raise _Refused(
            UserError(
                "Prices are not shown to you here, so nothing can be ordered: ask for a quote.",
                ErrorCode.PRICES_HIDDEN,
            )
        )


async def _record(principal: Principal, owner: CartOwner, action: str, **details: Any) -> None:
    if owner.company is None:
        return  # a guest has no company whose activity log this would belong to
    await activity.record(
        activity.CART_CHANGED,
        storefront_id=owner.storefront.id,
        company_id=owner.company.id,
        contact_id=owner.contact.id if owner.contact is not None else None,
        staff_id=principal.acting_staff.id if principal.acting_staff is not None else None,
        action=action,
        via_link=owner.quick_link is not None,
        **details,
    )


async def add_to_cart(
    principal: Principal, storefront: Storefront, product_id: int, quantity: Any
) -> Result[CartOwner]:
    """Add `quantity` of a product the owner may see; a product already in the cart gets the
    quantities added. The sum must respect the product's minimum and multiple; going over the
    stock is allowed and shown as a problem of the cart."""
    try:
        return await _add(principal, storefront, product_id, quantity)
    except IntegrityError:
        # The same product added twice at once: the other request made the line, so this one
        # now adds to it.
        return await _add(principal, storefront, product_id, quantity)


async def _add(
    principal: Principal, storefront: Storefront, product_id: int, quantity: Any
) -> Result[CartOwner]:
    owner = owner_of(principal, storefront)
    try:
        _refuse_hidden_prices(principal, storefront)
        amount = _check_quantity(quantity, ("quantity",))
        product = await _visible_product(principal, owner, product_id, ("product_id",))
        cart = await cart_for(owner)
        async with in_transaction():
            line = await CartLine.filter(cart_id=cart.id, product_id=product.id).first()
            new_quantity = amount + (line.quantity if line is not None else 0)
            if new_quantity > MAX_QUANTITY:
                raise _Refused(
                    UserError(
                        f"At most {MAX_QUANTITY} of one product in a cart.",
                        ErrorCode.INVALID,
                        ("quantity",),
                    )
                )
            rule = quantity_problem(product, new_quantity)
            if rule is not None:
                raise _Refused(UserError(rule, ErrorCode.QUANTITY_RULE, ("quantity",)))
            price = await _unit_price(principal, owner, product, new_quantity)
            seen: dict[str, Any] = {
                "seen_price": price.unit.amount if price else None,
                "seen_currency": price.currency if price else None,
            }
            if line is None:
                if await CartLine.filter(cart_id=cart.id).count() >= MAX_LINES:
                    raise _Refused(
                        UserError(
                            f"A cart holds at most {MAX_LINES} products.",
                            ErrorCode.INVALID,
                            ("product_id",),
                        )
                    )
                await CartLine.create(
                    cart_id=cart.id, product_id=product.id, quantity=new_quantity, **seen
                )
            else:
                # F(): two adds racing both count, whichever writes first.
                await CartLine.filter(id=line.id).update(quantity=F("quantity") + amount, **seen)
            await _record(principal, owner, "ADD", sku=product.sku, quantity=amount)
    except _Refused as exc:
        return Result.fail(exc.error)
    return Result(owner)


async def _own_line(owner: CartOwner, line_id: int) -> CartLine:
    cart = await find_cart(owner)
    line = (
        await CartLine.filter(id=line_id, cart_id=cart.id).select_related("product").first()
        if cart is not None
        else None
    )
    if line is None:
        raise NotFound("cart line", ("line_id",))
    return line


async def update_cart_line(
    principal: Principal, storefront: Storefront, line_id: int, quantity: Any
) -> Result[CartOwner]:
    """Set a line's quantity; 0 removes the line."""
    owner = owner_of(principal, storefront)
    line = await _own_line(owner, line_id)
    try:
        amount = _check_quantity(quantity, ("quantity",), allow_zero=True)
        if amount == 0:
            await line.delete()
            await _record(principal, owner, "REMOVE", sku=line.product.sku)
            return Result(owner)
        _refuse_hidden_prices(principal, storefront)
        product = await _visible_product(principal, owner, line.product.id, ("line_id",))
        rule = quantity_problem(product, amount)
        if rule is not None:
            raise _Refused(UserError(rule, ErrorCode.QUANTITY_RULE, ("quantity",)))
        price = await _unit_price(principal, owner, product, amount)
    except _Refused as exc:
        return Result.fail(exc.error)
    except NotFound:
        return Result.fail(
            UserError(
                f"{line.product.sku} is no longer available: remove it from the cart.",
                ErrorCode.PRODUCT_UNAVAILABLE,
                ("line_id",),
            )
        )
    async with in_transaction():
        await CartLine.filter(id=line.id).update(
            quantity=amount,
            seen_price=price.unit.amount if price else None,
            seen_currency=price.currency if price else None,
        )
        await _record(principal, owner, "UPDATE", sku=product.sku, quantity=amount)
    return Result(owner)


async def remove_cart_line(
    principal: Principal, storefront: Storefront, line_id: int
) -> Result[CartOwner]:
    owner = owner_of(principal, storefront)
    line = await _own_line(owner, line_id)
    async with in_transaction():
        await line.delete()
        await _record(principal, owner, "REMOVE", sku=line.product.sku)
    return Result(owner)


async def clear_cart(principal: Principal, storefront: Storefront) -> Result[CartOwner]:
    owner = owner_of(principal, storefront)
    cart = await find_cart(owner)
    if cart is not None:
        async with in_transaction():
            removed = await CartLine.filter(cart_id=cart.id).delete()
            if removed:
                await _record(principal, owner, "CLEAR", lines=removed)
    return Result(owner)


async def add_items(
    principal: Principal, owner: CartOwner, items: Sequence[tuple[Product, int]]
) -> None:
    """Put products the caller has checked into the owner's cart (reorder): quantities add to
    lines already there; the seen price is today's."""
    cart = await cart_for(owner)
    context = await pricing.context_for(principal, owner.storefront)
    entries = await pricing.load_entries(context, [product.id for product, _ in items])
    async with in_transaction():
        existing = {line.product_id: line for line in await CartLine.filter(cart_id=cart.id)}
        for product, quantity in items:
            line = existing.get(product.id)
            total = quantity + (line.quantity if line is not None else 0)
            price = pricing.price_of(context, product, entries[product.id], total)
            seen: dict[str, Any] = {
                "seen_price": price.unit.amount,
                "seen_currency": price.currency,
            }
            if line is None:
                await CartLine.create(
                    cart_id=cart.id, product_id=product.id, quantity=total, **seen
                )
            else:
                await CartLine.filter(id=line.id).update(quantity=total, **seen)


async def empty(cart_id: int) -> None:
    """Remove every line of a cart (an order was placed from it)."""
    await CartLine.filter(cart_id=cart_id).delete()
