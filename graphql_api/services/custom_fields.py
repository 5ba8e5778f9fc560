"""Custom fields (SPEC A7): definitions made by an admin, values validated by type and stored in
canonical text form."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from graphql_api.auth.principal import Principal
from graphql_api.models import CustomFieldDefinition, CustomFieldValue, Storefront
from graphql_api.models.enums import CustomFieldTarget, CustomFieldType
from graphql_api.services.checks import Checker
from graphql_api.services.constraints import unique_violation
from graphql_api.services.errors import ErrorCode, Result, UserError, ValidationError
from graphql_api.services.permissions import require_admin
from graphql_api.services.text import clean_text

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
MAX_VALUE_LENGTH = 500
MAX_CHOICE_LENGTH = 120


def canonical_value(definition: CustomFieldDefinition, raw: Any) -> str:
    """The stored text of `raw` for this field, or ValueError with a sentence saying why not."""
    text = "" if raw is None else str(raw).strip()
    kind = definition.type
    if kind == CustomFieldType.TEXT:
        try:
            return clean_text(text, max_length=MAX_VALUE_LENGTH, label="It", multiline=True)
        except ValidationError as exc:
            # The caller prefixes the field's label: "Notes must have at most ...".
            raise ValueError(exc.message.removeprefix("It ").rstrip(".")) from None
    if kind == CustomFieldType.NUMBER:
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError("must be a number, like 1200 or 3.5") from None
        if not number.is_finite():
            raise ValueError("must be a finite number")
        # normalize() would write 1E+3; keep plain notation so equal numbers compare equal as text.
        plain = format(number.normalize(), "f")
        return plain
    if kind == CustomFieldType.BOOLEAN:
        lowered = text.lower()
        if lowered in {"true", "1", "yes"}:
            return "true"
        if lowered in {"false", "0", "no"}:
            return "false"
        raise ValueError("must be true or false")
    if kind == CustomFieldType.DATE:
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError("must be a date written YYYY-MM-DD") from None
    if kind == CustomFieldType.CHOICE:
        if text not in (definition.choices or []):
            raise ValueError("must be one of: " + ", ".join(definition.choices or []))
        return text
    raise ValueError(f"has an unknown type {kind}")


async def definitions_for(
    storefront_id: int, target: CustomFieldTarget
) -> list[CustomFieldDefinition]:
    return await CustomFieldDefinition.filter(storefront_id=storefront_id, target=target).order_by(
        "position", "id"
    )


def validate_values(
    definitions: Iterable[CustomFieldDefinition],
    values: list[Mapping[str, Any]] | None,
    *,
    creating: bool,
    path: tuple[str, ...] = ("custom_fields",),
) -> tuple[dict[int, str | None], list[UserError]]:
    """Check `[{key, value}]` against the definitions.

    Returns the values to write by definition id (None means remove) and the errors. On create,
    every required field must be present; on update only the given keys change, and a required
    field cannot be cleared."""
    by_key = {d.key: d for d in definitions}
    errors: list[UserError] = []
    out: dict[int, str | None] = {}
    seen: set[str] = set()
    for index, item in enumerate(values or []):
        key = str(item.get("key", ""))
        here = (*path, str(index), "value")
        definition = by_key.get(key)
        if definition is None:
            errors.append(
                UserError(
                    f"There is no custom field '{key}'.",
                    ErrorCode.UNKNOWN_CUSTOM_FIELD,
                    (*path, str(index), "key"),
                )
            )
            continue
        if key in seen:
            errors.append(
                UserError(
                    f"Custom field '{key}' is given twice.",
                    ErrorCode.DUPLICATE,
                    (*path, str(index), "key"),
                )
            )
            continue
        seen.add(key)
        raw = item.get("value")
        if raw is None or str(raw).strip() == "":
            if definition.required:
                errors.append(
                    UserError(f"{definition.label} is required.", ErrorCode.REQUIRED, here)
                )
            else:
                out[definition.id] = None
            continue
        try:
            out[definition.id] = canonical_value(definition, raw)
        except ValueError as exc:
            errors.append(UserError(f"{definition.label} {exc}.", ErrorCode.INVALID, here))
    if creating:
        for definition in by_key.values():
            if definition.required and definition.key not in seen:
                errors.append(
                    UserError(
                        f"{definition.label} is required.",
                        ErrorCode.REQUIRED,
                        (*path, definition.key),
                    )
                )
    return out, errors


async def write_values(
    values: dict[int, str | None], *, company_id: int | None = None, contact_id: int | None = None
) -> None:
    owner = {"company_id": company_id} if company_id is not None else {"contact_id": contact_id}
    for definition_id, value in values.items():
        existing = await CustomFieldValue.get_or_none(definition_id=definition_id, **owner)
        if value is None:
            if existing is not None:
                await existing.delete()
        elif existing is None:
            await CustomFieldValue.create(definition_id=definition_id, value=value, **owner)
        elif existing.value != value:
            existing.value = value
            await existing.save(update_fields=["value", "updated_at"])


async def define_field(
    principal: Principal, storefront: Storefront, data: Mapping[str, Any]
) -> Result[CustomFieldDefinition]:
    require_admin(principal)
    errors: list[UserError] = []
    key = str(data.get("key") or "").strip()
    check = Checker()
    label = check.text(data, "label", 120, True) or ""
    kind = data.get("type")
    target = data.get("target") or CustomFieldTarget.COMPANY
    choices = [
        check.validate(("choices", str(n)), clean_text, str(c), max_length=MAX_CHOICE_LENGTH) or ""
        for n, c in enumerate(data.get("choices") or [])
    ]
    errors.extend(check.errors)
    if not KEY_PATTERN.match(key):
        errors.append(
            UserError(
                "Key must start with a lower-case letter and use only a-z, 0-9 and _ (60 at most).",
                ErrorCode.INVALID,
                ("key",),
            )
        )
    elif await CustomFieldDefinition.exists(storefront_id=storefront.id, target=target, key=key):
        errors.append(
            UserError(f"A custom field '{key}' already exists.", ErrorCode.DUPLICATE, ("key",))
        )
    if kind == CustomFieldType.CHOICE:
        if not choices or any(not c for c in choices) or len(set(choices)) != len(choices):
            errors.append(
                UserError(
                    "A choice field needs distinct, non-empty choices.",
                    ErrorCode.INVALID,
                    ("choices",),
                )
            )
    elif choices:
        errors.append(
            UserError("Only a choice field has choices.", ErrorCode.INVALID, ("choices",))
        )
    if errors:
        return Result.fail(*errors)
    position = await CustomFieldDefinition.filter(storefront_id=storefront.id).count()
    async with unique_violation() as clash:
        definition = await CustomFieldDefinition.create(
            storefront=storefront,
            key=key,
            label=label,
            type=kind,
            target=target,
            required=bool(data.get("required")),
            choices=choices,
            position=position,
        )
    if clash.errors:
        return Result.fail(*clash.errors)
    return Result(definition)


async def delete_field(principal: Principal, definition: CustomFieldDefinition) -> None:
    require_admin(principal)
    await CustomFieldValue.filter(definition_id=definition.id).delete()
    await definition.delete()
