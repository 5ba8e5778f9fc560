"""Input checking shared by the services: one collector per input, so every problem of an input
is reported at once with the path of the field at fault."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, ParamSpec, TypeVar

from tortoise.models import Model

from graphql_api.services.errors import ErrorCode, UserError, ValidationError
from graphql_api.services.money import Money, too_fine
from graphql_api.services.text import clean_text

P = ParamSpec("P")
T = TypeVar("T")

# Prices are stored with four decimals: enough for unit prices of cheap items sold by the
# thousand. A storage rule, not rounding: that happens once, in services.money, when a price is
# shown. Amounts that are money as such (a minimum order) take their currency's minor unit.
PRICE_PLACES = Decimal("0.0001")
MAX_PRICE = Decimal("9999999999")


def label(name: str) -> str:
    return name.replace("_", " ").capitalize()


class Checker:
    """Collects errors for one input."""

    def __init__(self) -> None:
        self.errors: list[UserError] = []

    def add(self, path: Sequence[str], message: str, code: ErrorCode = ErrorCode.INVALID) -> None:
        self.errors.append(UserError(message, code, tuple(path)))

    def validate(
        self, path: Sequence[str], validator: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T | None:
        """Run one of the pure validators (graphql_api.services.validation): its result, or None
        with the ValidationError it raised recorded at `path`."""
        try:
            return validator(*args, **kwargs)
        except ValidationError as exc:
            self.add(path, exc.message, exc.code)
            return None

    def text(
        self,
        data: Mapping[str, Any],
        name: str,
        limit: int,
        required: bool,
        path: Sequence[str] = (),
        *,
        multiline: bool = False,
    ) -> str | None:
        """The field's text, cleaned by services.text.clean_text; None when absent or blank."""
        raw = data.get(name)
        value: str | None = None
        if raw is not None and raw != "":
            value = self.validate(
                (*path, name),
                clean_text,
                str(raw),
                max_length=limit,
                label=label(name),
                multiline=multiline,
            )
            if value is None:
                return None
        if not value:
            if required:
                self.add((*path, name), f"{label(name)} is required.", ErrorCode.REQUIRED)
            return None
        return value

    def amount(self, raw: Any, path: Sequence[str]) -> Decimal | None:
        """A decimal from 0 up to MAX_PRICE, whatever its places."""
        try:
            # "-0" is zero: stored as is, it would read back as -0.00.
            value = Decimal(str(raw).strip()) + 0
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            self.add(path, "Price must be a decimal number, like 12.50.")
        elif value < 0:
            self.add(path, "Price must not be negative.", ErrorCode.NEGATIVE)
        elif value > MAX_PRICE:
            self.add(path, f"Price must be at most {MAX_PRICE}.")
        else:
            return value
        return None

    def price(self, raw: Any, path: Sequence[str]) -> Decimal | None:
        """A stored price (list entry, base price): at most four decimals."""
        value = self.amount(raw, path)
        if value is None:
            return None
        if value != value.quantize(PRICE_PLACES):
            digits = -int(PRICE_PLACES.as_tuple().exponent)
            self.add(path, f"Price takes at most {digits} decimals.")
            return None
        return value.quantize(PRICE_PLACES)

    def money(self, raw: Any, currency: str, path: Sequence[str]) -> Money | None:
        """An amount of money in `currency`: no finer than its minor unit (JPY 1, BRL 0.01)."""
        value = self.amount(raw, path)
        if value is None:
            return None
        try:
            return Money(value, currency)
        except ValueError:
            self.add(path, too_fine(currency))
            return None

    def integer(
        self, raw: Any, path: Sequence[str], *, minimum: int, maximum: int = 10**9
    ) -> int | None:
        if isinstance(raw, bool) or not isinstance(raw, int) or not minimum <= raw <= maximum:
            self.add(path, f"{label(path[-1])} must be a whole number from {minimum} to {maximum}.")
            return None
        return raw


# Checks against the storefront's rows: every catalog and price input names rows of its own
# storefront, by name or by id.


async def taken(model: type[Model], storefront_id: int, own_id: int | None, **match: Any) -> bool:
    """Whether another row of the storefront already has these values."""
    queryset = model.filter(storefront_id=storefront_id, **match)
    if own_id is not None:
        queryset = queryset.exclude(id=own_id)
    return bool(await queryset.exists())


async def owned(
    check: Checker,
    model: type[Model],
    storefront_id: int,
    ids: Sequence[int],
    field: str,
    what: str,
) -> list[int]:
    """The ids that name rows of the storefront, repeats dropped; every other one is an error at
    its position in the list as sent."""
    found = set(
        await model.filter(storefront_id=storefront_id, id__in=list(ids)).values_list(
            "id", flat=True
        )
    )
    for n, pk in enumerate(ids):
        if pk not in found:
            check.add((field, str(n)), f"There is no such {what}.", ErrorCode.NOT_FOUND)
    return [pk for pk in dict.fromkeys(ids) if pk in found]
