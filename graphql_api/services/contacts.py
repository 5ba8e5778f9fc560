"""Contacts of a company: the people staff talk to. Roles, access and sign-in come with the
buyer identity work (SPEC B2, B3)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from tortoise.transactions import in_transaction

from graphql_api.auth.principal import Principal
from graphql_api.models import Company, Contact, CustomFieldDefinition, CustomFieldValue
from graphql_api.models.enums import CustomFieldTarget
from graphql_api.services import custom_fields, permissions
from graphql_api.services.checks import Checker
from graphql_api.services.companies import IN_CHUNK, main_country, refresh_search
from graphql_api.services.constraints import unique_violation
from graphql_api.services.errors import ErrorCode, NotFound, Result, UserError
from graphql_api.services.validation import emails, phones

# Role name -> column. PURCHASING is also mirrored into purchasing_company_id, whose unique
# index makes the database refuse a second purchasing contact even when two requests race.
ROLES = {
    "PURCHASING": "is_purchasing",
    "BILLING": "is_billing",
    "SHIPPING": "is_shipping",
    "SUPPORT": "is_support",
}
PURCHASING_TAKEN = UserError(
    "This company already has a purchasing contact: take the role from them first.",
    ErrorCode.PURCHASING_CONTACT_EXISTS,
    ("roles",),
)


def roles_of(contact: Contact) -> list[str]:
    return [role for role, column in ROLES.items() if getattr(contact, column)]


def validate_contact(
    check: Checker,
    data: Mapping[str, Any],
    *,
    contact: Contact | None,
    country: str | None,
    definitions: Sequence[CustomFieldDefinition] | None,
) -> dict[str, Any]:
    """The rules of a contact input that need no database (createContact, updateContact and the
    customer import all come through here). `country` is the region of a phone typed without
    its country code; `definitions` the storefront's contact custom fields (needed on create
    and when custom_fields is given). The email's uniqueness and the one purchasing contact are
    `check_contact_keys`'s."""
    clean: dict[str, Any] = {}
    creating = contact is None
    for name, limit, required in (
        ("first_name", 100, True),
        ("last_name", 100, False),
        ("job_title", 120, False),
    ):
        if creating or name in data:
            value = check.text(data, name, limit, required)
            clean[name] = value or ("" if name != "job_title" else None)
    if creating or "email" in data:
        email = check.validate(("email",), emails.normalize_email, str(data.get("email") or ""))
        if email is not None:
            clean["email"] = email
    if data.get("phone"):
        clean["phone"] = check.validate(
            ("phone",), phones.normalize_phone, str(data["phone"]), country
        )
    elif "phone" in data:
        clean["phone"] = None
    if "roles" in data:
        roles = set(data.get("roles") or [])
        unknown = roles - set(ROLES)
        if unknown:
            check.add(("roles",), "Unknown role.")
        for role, column in ROLES.items():
            clean[column] = role in roles
    if creating or "custom_fields" in data:
        values, problems = custom_fields.validate_values(
            definitions or [], data.get("custom_fields"), creating=creating
        )
        check.errors.extend(problems)
        clean["custom_fields"] = values
    return clean


def email_taken() -> UserError:
    return UserError("Another contact already uses this email.", ErrorCode.DUPLICATE, ("email",))


async def taken_emails(
    storefront_id: int, addresses: Iterable[str], *, exclude_contact_id: int | None = None
) -> set[str]:
    """Which of these (normalised) emails a contact of the storefront already uses: one query per
    IN_CHUNK addresses, on the unique key (storefront_id, email)."""
    ordered = sorted(set(addresses))
    found: set[str] = set()
    for start in range(0, len(ordered), IN_CHUNK):
        query = Contact.filter(
            storefront_id=storefront_id, email__in=ordered[start : start + IN_CHUNK]
        )
        if exclude_contact_id is not None:
            query = query.exclude(id=exclude_contact_id)
        # Tortoise types every values_list as tuples; flat=True gives the bare values.
        found.update(cast(list[str], await query.values_list("email", flat=True)))
    return found


async def check_contact_keys(
    check: Checker, company: Company, clean: dict[str, Any], contact: Contact | None
) -> None:
    """The database half: no other contact of the storefront uses the email, and the company
    has at most one purchasing contact."""
    if "email" in clean:
        exclude = contact.id if contact is not None else None
        if await taken_emails(company.storefront_id, [clean["email"]], exclude_contact_id=exclude):
            check.errors.append(email_taken())
    if "is_purchasing" in clean:
        clean["purchasing_company_id"] = company.id if clean["is_purchasing"] else None
        if clean["is_purchasing"]:
            holder = Contact.filter(purchasing_company_id=company.id)
            if contact is not None:
                holder = holder.exclude(id=contact.id)
            if await holder.exists():
                check.errors.append(PURCHASING_TAKEN)


async def _clean(
    company: Company, data: Mapping[str, Any], contact: Contact | None, country: str | None
) -> tuple[dict[str, Any], list[UserError]]:
    """`country` is the region of a phone typed without its country code; by default the
    company's."""
    check = Checker()
    if data.get("phone") and country is None:
        country = await main_country(company.id)
    definitions = None
    if contact is None or "custom_fields" in data:
        definitions = await custom_fields.definitions_for(
            company.storefront_id, CustomFieldTarget.CONTACT
        )
    clean = validate_contact(check, data, contact=contact, country=country, definitions=definitions)
    await check_contact_keys(check, company, clean, contact)
    return clean, check.errors


async def create_contact(
    principal: Principal, company: Company, data: Mapping[str, Any], *, country: str | None = None
) -> Result[Contact]:
    """`country` stands in for the company's main address country as the region of a phone
    typed without its country code."""
    permissions.check_company(principal, company)
    return await add_contact(company, data, country=country)


async def add_contact(
    company: Company, data: Mapping[str, Any], *, country: str | None = None, **fixed: Any
) -> Result[Contact]:
    """Validate and write a contact with no permission check (self-registration uses it)."""

    async def recheck() -> list[UserError]:
        return (await _clean(company, data, None, country))[1]

    clean, errors = await _clean(company, data, None, country)
    if errors:
        return Result.fail(*errors)
    values = clean.pop("custom_fields", {})
    clean.update(fixed)
    async with unique_violation(recheck) as clash:
        contact = await Contact.create(
            company_id=company.id,
            storefront_id=company.storefront_id,
            **clean,
        )
        await custom_fields.write_values(values, contact_id=contact.id)
        await refresh_search(company)
    if clash.errors:
        return Result.fail(*clash.errors)
    return Result(contact)


async def check_new_contact(
    principal: Principal, company: Company, data: Mapping[str, Any], *, country: str | None = None
) -> list[UserError]:
    """What create_contact would refuse in `data`, found with reads only. `company` may be one
    not written yet (the customer import checks every row before writing any)."""
    permissions.check_company(principal, company)
    _, errors = await _clean(company, data, None, country)
    return errors


async def update_contact(
    principal: Principal, contact: Contact, data: Mapping[str, Any]
) -> Result[Contact]:
    company = await Company.get(id=contact.company_id)
    permissions.check_company(principal, company)

    async def recheck() -> list[UserError]:
        await contact.refresh_from_db()
        return (await _clean(company, data, contact, None))[1]

    clean, errors = await _clean(company, data, contact, None)
    if errors:
        return Result.fail(*errors)
    values = clean.pop("custom_fields", {})
    async with unique_violation(recheck) as clash:
        contact.update_from_dict(clean)
        await contact.save()
        await custom_fields.write_values(values, contact_id=contact.id)
        await refresh_search(company)
    if clash.errors:
        return Result.fail(*clash.errors)
    return Result(contact)


async def delete_contact(principal: Principal, contact: Contact) -> Result[Contact]:
    company = await Company.get(id=contact.company_id)
    permissions.check_company(principal, company)
    async with in_transaction():
        await CustomFieldValue.filter(contact_id=contact.id).delete()
        # As for companies: of concurrent deletes, only the one that removed the row succeeds.
        if not await Contact.filter(id=contact.id).delete():
            raise NotFound("contact")
        await refresh_search(company)
    return Result(contact)
