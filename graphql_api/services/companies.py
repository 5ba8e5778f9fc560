"""Customer records (SPEC A1-A4, A6, A10): create, change, delete and list companies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from tortoise.expressions import Q, Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from graphql_api.auth.principal import Principal
from graphql_api.models import (
    Address,
    Company,
    CompanyEmail,
    CompanyPhone,
    Contact,
    CustomerGroup,
    CustomFieldDefinition,
    CustomFieldValue,
    StaffUser,
    Storefront,
    TaxId,
)
from graphql_api.models.enums import (
    AddressKind,
    CompanyStatus,
    CustomFieldTarget,
    StaffRole,
    TaxIdKind,
    Temperature,
)
from graphql_api.services import catalog_versions, custom_fields, permissions
from graphql_api.services.checks import Checker
from graphql_api.services.constraints import unique_violation
from graphql_api.services.errors import ErrorCode, NotFound, Result, ServiceError, UserError
from graphql_api.services.money import currency_code, parse_percent
from graphql_api.services.storefronts import LANGUAGES
from graphql_api.services.text import digits, fold, search_document, search_words
from graphql_api.services.validation import countries, emails, phones, postal_codes, tax_ids

BRAZIL_ONLY = {TaxIdKind.CNPJ, TaxIdKind.CPF, TaxIdKind.IE, TaxIdKind.IM}
UNIQUE_TAX_IDS = {TaxIdKind.CNPJ, TaxIdKind.CPF, TaxIdKind.VAT}

# name -> (max length, required on create)
_TEXT_FIELDS: dict[str, tuple[int, bool]] = {
    "legal_name": (200, True),
    "trade_name": (200, False),
    "responsible_first_name": (100, False),
    "responsible_last_name": (100, False),
}
_ADDRESS_TEXT: dict[str, tuple[int, bool]] = {
    "street": (200, True),
    "number": (20, False),
    "complement": (120, False),
    "district": (120, False),
    "city": (120, True),
    "state": (120, False),
}


def _country_of(addresses: list[dict[str, Any]] | None) -> str | None:
    """The country of the MAIN address (else the first), as given: upper-cased, unchecked."""
    chosen = next(
        (a for a in addresses or [] if a.get("kind", AddressKind.MAIN) == AddressKind.MAIN),
        addresses[0] if addresses else None,
    )
    country = str((chosen or {}).get("country") or "").strip().upper()
    return country or None


async def main_country(company_id: int) -> str | None:
    """The country of the company's MAIN address (else its first), as stored."""
    rows = (
        await Address.filter(company_id=company_id)
        .order_by("position")
        .values_list("kind", "country")
    )
    return next((c for k, c in rows if k == AddressKind.MAIN), rows[0][1] if rows else None)


def _check_rep_discount(
    check: Checker,
    principal: Principal,
    storefront: Storefront,
    company: Company | None,
    discount: Decimal,
) -> None:
    """A sales rep may give one of its companies (SPEC A10) a discount up to the storefront's
    ceiling, never above: the discount is the company's price, and the ceiling is the admin's
    (0: reps give none). A value the company already has is no change, so a form that sends
    every field back still saves."""
    if not principal.is_sales_rep:
        return
    current = Decimal(company.discount_percent) if company is not None else Decimal(0)
    ceiling = Decimal(storefront.rep_max_discount_percent)
    if discount == current or discount <= ceiling:
        return
    if ceiling == 0:
        message = "Only an admin may give a company a discount in this storefront."
    else:
        message = f"A sales rep may give a company at most {ceiling:.2f}% discount."
    check.add(("discount_percent",), message, ErrorCode.FORBIDDEN)


def validate_company(
    check: Checker,
    data: Mapping[str, Any],
    *,
    creating: bool,
    company: Company | None,
    principal: Principal,
    storefront: Storefront,
    stored_country: str | None,
    definitions: Sequence[CustomFieldDefinition] | None,
) -> dict[str, Any]:
    """The rules of a company input that need no database: every field's shape, the caller's
    rights over discount, group and sales rep, tax id check digits, custom field values. Returns
    the cleaned values (only the keys present on update); problems go to `check`.

    `stored_country` is the company's stored main country (update only: the region of phones
    typed without a country code when the input brings no address); `definitions` are the
    storefront's company custom fields, needed on create and when custom_fields is given.
    What needs the database (a group or sales rep that exists, a tax id no other company has)
    is `check_company_keys`'s. createCompany, updateCompany and the customer import all come
    through here, so a rule lives in one place."""
    clean: dict[str, Any] = {}
    for name, (limit, required) in _TEXT_FIELDS.items():
        if creating or name in data:
            clean[name] = check.text(data, name, limit, required and (creating or name in data))
    if clean.get("responsible_first_name") is None and "responsible_first_name" in clean:
        clean["responsible_first_name"] = ""
    if clean.get("responsible_last_name") is None and "responsible_last_name" in clean:
        clean["responsible_last_name"] = ""

    for name in ("is_individual",):
        if name in data:
            clean[name] = bool(data[name])
    if data.get("status") is not None:
        clean["status"] = CompanyStatus(data["status"])
    if data.get("temperature") is not None:
        clean["temperature"] = Temperature(data["temperature"])

    # The company's country is the region of phones typed without a country code, and what
    # Brazilian ids and VAT prefixes are checked against.
    country = _country_of(data.get("addresses")) or stored_country

    if data.get("responsible_phone"):
        clean["responsible_phone"] = check.validate(
            ("responsible_phone",), phones.normalize_phone, str(data["responsible_phone"]), country
        )
    elif "responsible_phone" in data:
        clean["responsible_phone"] = None

    if data.get("preferred_currency"):
        try:
            clean["preferred_currency"] = currency_code(data["preferred_currency"])
        except ValueError as exc:
            check.add(("preferred_currency",), str(exc))
    elif "preferred_currency" in data:
        clean["preferred_currency"] = None

    if data.get("preferred_language"):
        if data["preferred_language"] not in LANGUAGES:
            check.add(
                ("preferred_language",),
                "Preferred language must be one of " + ", ".join(LANGUAGES) + ".",
            )
        else:
            clean["preferred_language"] = data["preferred_language"]
    elif "preferred_language" in data:
        clean["preferred_language"] = None

    if data.get("discount_percent") is not None:
        try:
            clean["discount_percent"] = parse_percent(data["discount_percent"])
        except ValueError as exc:
            check.add(("discount_percent",), str(exc))
        else:
            _check_rep_discount(check, principal, storefront, company, clean["discount_percent"])

    if "group_id" in data:
        group_id = data["group_id"]
        current_group = company.group_id if company is not None else None
        if principal.is_sales_rep and group_id != current_group:
            # A group brings its price list, discount and policy: pricing is the admin's.
            check.add(
                ("group_id",),
                "Only an admin may change a company's customer group.",
                ErrorCode.FORBIDDEN,
            )
        else:
            clean["group_id"] = group_id

    if "sales_rep_id" in data:
        if not permissions.may_assign_sales_rep(principal):
            check.add(
                ("sales_rep_id",), "Only an admin may assign a sales rep.", ErrorCode.FORBIDDEN
            )
        else:
            clean["sales_rep_id"] = data["sales_rep_id"]
    elif creating and principal.is_sales_rep and principal.staff is not None:
        # A rep's new customer is the rep's own; otherwise the rep could not see it afterwards.
        clean["sales_rep_id"] = principal.staff.id

    if "addresses" in data:
        clean["addresses"] = _clean_addresses(check, data["addresses"] or [])
    if "emails" in data:
        clean["emails"] = _clean_emails(check, data["emails"] or [])
    if "phones" in data:
        clean["phones"] = _clean_phones(check, data["phones"] or [], country)

    if "tax_ids" in data:
        individual = clean.get("is_individual", company.is_individual if company else False)
        clean["tax_ids"] = _clean_tax_ids(
            check, data["tax_ids"] or [], country=country, individual=individual, replacing=True
        )

    if "custom_fields" in data or creating:
        values, errors = custom_fields.validate_values(
            definitions or [], data.get("custom_fields") or [], creating=creating
        )
        check.errors.extend(errors)
        if "custom_fields" in data:
            clean["custom_fields"] = values
    return clean


async def check_company_keys(
    check: Checker,
    storefront: Storefront,
    clean: dict[str, Any],
    company: Company | None,
    principal_rep_id: int | None,
) -> None:
    """The database half of a company input's rules: the group and sales rep it names exist,
    and no other company of the storefront has its CNPJ, CPF or VAT. A value that fails is
    dropped from `clean` and reported on `check`."""
    group_id = clean.get("group_id")
    if group_id is not None and not await CustomerGroup.exists(
        id=group_id, storefront_id=storefront.id
    ):
        check.add(("group_id",), "There is no such customer group.", ErrorCode.NOT_FOUND)
        del clean["group_id"]
    rep_id = clean.get("sales_rep_id")
    # A rep's own new customer names the rep without asking (validate_company).
    own = company is None and principal_rep_id == rep_id
    if (
        rep_id is not None
        and not own
        and not await StaffUser.exists(id=rep_id, role=StaffRole.SALES_REP, is_active=True)
    ):
        check.add(
            ("sales_rep_id",), "There is no active sales rep with this id.", ErrorCode.NOT_FOUND
        )
        del clean["sales_rep_id"]
    if clean.get("tax_ids"):
        exclude = company.id if company is not None else None
        taken = await taken_tax_ids(
            storefront.id, unique_tax_ids(clean["tax_ids"]), exclude_company_id=exclude
        )
        kept = []
        for item in clean["tax_ids"]:
            if (item["kind"], item["value"]) in taken:
                check.add(item["path"], tax_id_taken(item["kind"]), ErrorCode.DUPLICATE)
            else:
                kept.append(item)
        clean["tax_ids"] = kept


def unique_tax_ids(items: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(kind, value) of the cleaned tax ids whose kind names one company only."""
    return [(i["kind"], i["value"]) for i in items if i["kind"] in UNIQUE_TAX_IDS]


def tax_id_taken(kind: str) -> str:
    return f"Another company already has this {kind}."


# Values per IN list: under SQLite's default limit of 999 bound variables (older builds).
IN_CHUNK = 900


async def taken_tax_ids(
    storefront_id: int,
    pairs: Iterable[tuple[str, str]],
    *,
    exclude_company_id: int | None = None,
) -> set[tuple[str, str]]:
    """Which of these (kind, value) pairs a company of the storefront already has: one query
    per kind and IN_CHUNK values, on the unique key (unique_storefront_id, kind, value)."""
    by_kind: dict[str, set[str]] = {}
    for kind, value in pairs:
        by_kind.setdefault(kind, set()).add(value)
    found: set[tuple[str, str]] = set()
    for kind, values in by_kind.items():
        ordered = sorted(values)
        for start in range(0, len(ordered), IN_CHUNK):
            query = TaxId.filter(
                unique_storefront_id=storefront_id,
                kind=kind,
                value__in=ordered[start : start + IN_CHUNK],
            )
            if exclude_company_id is not None:
                query = query.exclude(company_id=exclude_company_id)
            # Tortoise types every values_list as tuples; flat=True gives the bare values.
            rows = cast(list[str], await query.values_list("value", flat=True))
            found.update((kind, value) for value in rows)
    return found


async def _clean(
    check: Checker,
    storefront: Storefront,
    data: Mapping[str, Any],
    *,
    creating: bool,
    company: Company | None,
    principal: Principal,
) -> dict[str, Any]:
    """Validate `data` (only the keys present on update) and return the cleaned values: the
    pure rules, then the database's."""
    stored_country: str | None = None
    needs_country = any(k in data for k in ("responsible_phone", "phones", "tax_ids")) or (
        "is_individual" in data and not creating
    )
    if company is not None and needs_country and _country_of(data.get("addresses")) is None:
        stored_country = await main_country(company.id)
    definitions = None
    if creating or "custom_fields" in data:
        definitions = await custom_fields.definitions_for(storefront.id, CustomFieldTarget.COMPANY)
    if "is_individual" in data and "tax_ids" not in data and not creating:
        assert company is not None  # not creating: the company exists
        # Turning a company into a person (or back) checks its stored tax ids again.
        stored = [
            {"kind": t.kind, "value": t.value} for t in await TaxId.filter(company_id=company.id)
        ]
    else:
        stored = None
    clean = validate_company(
        check,
        data,
        creating=creating,
        company=company,
        principal=principal,
        storefront=storefront,
        stored_country=stored_country,
        definitions=definitions,
    )
    if stored is not None:
        assert company is not None
        country = _country_of(data.get("addresses")) or stored_country
        clean["tax_ids"] = _clean_tax_ids(
            check, stored, country=country, individual=clean["is_individual"], replacing=False
        )
    own_rep = principal.staff.id if principal.is_sales_rep and principal.staff else None
    await check_company_keys(check, storefront, clean, company, own_rep)
    return clean


def _clean_addresses(check: Checker, items: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for index, item in enumerate(items):
        path = ("addresses", str(index))
        row: dict[str, Any] = {
            "kind": AddressKind(item.get("kind") or AddressKind.MAIN),
            "position": index,
        }
        for name, (limit, required) in _ADDRESS_TEXT.items():
            row[name] = check.text(item, name, limit, required, path)
        row["country"] = check.validate(
            (*path, "country"), countries.normalize_country, str(item.get("country") or "")
        )
        postal = str(item.get("postal_code") or "").strip()
        if not postal:
            check.add((*path, "postal_code"), "Postal code is required.", ErrorCode.REQUIRED)
        elif row["country"]:
            row["postal_code"] = check.validate(
                (*path, "postal_code"), postal_codes.normalize_postal_code, row["country"], postal
            )
        out.append(row)
    kinds = [row["kind"] for row in out]
    if kinds.count(AddressKind.MAIN) > 1:
        check.add(("addresses",), "A company has at most one MAIN address.")
    return out


def _clean_emails(check: Checker, items: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        path = ("emails", str(index), "email")
        email = check.validate(path, emails.normalize_email, str(item.get("email") or ""))
        if email is None:
            continue
        if email in seen:
            check.add(path, f"{email} is listed twice.", ErrorCode.DUPLICATE)
            continue
        seen.add(email)
        label = check.text(item, "label", 60, False, ("emails", str(index))) or ""
        out.append({"email": email, "label": label, "position": index})
    return out


def _clean_phones(
    check: Checker, items: list[Mapping[str, Any]], country: str | None
) -> list[dict[str, Any]]:
    out = []
    for index, item in enumerate(items):
        number = check.validate(
            ("phones", str(index), "number"),
            phones.normalize_phone,
            str(item.get("number") or ""),
            country,
        )
        label = check.text(item, "label", 60, False, ("phones", str(index))) or ""
        if number is None:
            continue
        out.append(
            {
                "number": number,
                "label": label,
                "whatsapp": bool(item.get("whatsapp")),
                "position": index,
            }
        )
    return out


def _clean_tax_ids(
    check: Checker,
    items: Sequence[Mapping[str, Any]],
    *,
    country: str | None,
    individual: bool,
    replacing: bool,
) -> list[dict[str, Any]]:
    """Kinds, check digits and who may have which kind; `path` of each item is where a later
    clash (check_company_keys) is reported."""
    out: list[dict[str, Any]] = []
    kinds: set[TaxIdKind] = set()
    for index, item in enumerate(items):
        path = ("tax_ids", str(index), "value") if replacing else ("is_individual",)
        try:
            kind = TaxIdKind(item.get("kind", ""))
        except ValueError:
            check.add(("tax_ids", str(index), "kind"), "Unknown tax id kind.")
            continue
        if kind in kinds:
            check.add(
                ("tax_ids", str(index), "kind"), f"{kind} is given twice.", ErrorCode.DUPLICATE
            )
            continue
        kinds.add(kind)
        if kind in BRAZIL_ONLY and country not in (None, "BR"):
            check.add(
                path, f"{kind} applies to Brazilian companies only.", ErrorCode.INVALID_TAX_ID
            )
            continue
        if kind == TaxIdKind.CPF and not individual:
            check.add(
                path,
                "A CPF identifies an individual: use a CNPJ for a company.",
                ErrorCode.INVALID_TAX_ID,
            )
            continue
        if kind == TaxIdKind.CNPJ and individual:
            check.add(
                path, "An individual is identified by a CPF, not a CNPJ.", ErrorCode.INVALID_TAX_ID
            )
            continue
        value = check.validate(
            path, tax_ids.normalize_tax_id, kind, str(item.get("value") or ""), country
        )
        if value is None:
            continue
        out.append({"kind": kind, "value": value, "path": path})
    return out


def search_fields(
    company: Mapping[str, Any],
    *,
    emails: Sequence[str],
    phones: Sequence[str],
    contacts: Sequence[Mapping[str, Any]],
    cities: Sequence[str],
) -> dict[str, str]:
    """The folded search text and name key of a company (its own fields as a mapping) with
    what it owns (contacts as mappings with first_name, last_name, email and phone)."""
    contact_words = [f"{c['first_name']} {c['last_name']} {c['email']}" for c in contacts]
    search_text = search_document(
        company.get("legal_name"),
        company.get("trade_name"),
        company.get("responsible_first_name"),
        company.get("responsible_last_name"),
        *emails,
        *contact_words,
        *cities,
        phones=(
            *phones,
            company.get("responsible_phone") or "",
            *(c.get("phone") or "" for c in contacts),
        ),
    )
    return {"search_text": search_text, "name_key": fold(company.get("legal_name") or "")[:200]}


async def refresh_search(company: Company) -> None:
    """Rebuild the folded search text from the company and everything it owns."""
    # Tortoise types every values_list as tuples; flat=True gives the bare values.
    emails = cast(
        list[str],
        await CompanyEmail.filter(company_id=company.id).values_list("email", flat=True),
    )
    phones = cast(
        list[str],
        await CompanyPhone.filter(company_id=company.id).values_list("number", flat=True),
    )
    contacts = await Contact.filter(company_id=company.id).values(
        "first_name", "last_name", "email", "phone"
    )
    cities = cast(
        list[str], await Address.filter(company_id=company.id).values_list("city", flat=True)
    )
    own = {
        name: getattr(company, name)
        for name in (
            "legal_name",
            "trade_name",
            "responsible_first_name",
            "responsible_last_name",
            "responsible_phone",
        )
    }
    found = search_fields(own, emails=emails, phones=phones, contacts=contacts, cities=cities)
    company.search_text, company.name_key = found["search_text"], found["name_key"]
    await company.save(update_fields=["search_text", "name_key"])


def tax_id_row(storefront_id: int, row: Mapping[str, Any]) -> dict[str, Any]:
    """The row with the storefront id that puts kinds naming one company under the unique key
    (storefront, kind, value); other kinds stay outside it."""
    unique = storefront_id if row["kind"] in UNIQUE_TAX_IDS else None
    return {"kind": row["kind"], "value": row["value"], "unique_storefront_id": unique}


async def _write_children(company: Company, clean: Mapping[str, Any], *, fresh: bool) -> None:
    """Replace the lists the input named. A fresh company has nothing to delete first."""
    children: tuple[tuple[str, type[Model]], ...] = (
        ("addresses", Address),
        ("emails", CompanyEmail),
        ("phones", CompanyPhone),
        ("tax_ids", TaxId),
    )
    for key, model in children:
        if key not in clean:
            continue
        if not fresh:
            await model.filter(company_id=company.id).delete()
        rows = (
            [tax_id_row(company.storefront_id, r) for r in clean[key]]
            if model is TaxId
            else clean[key]
        )
        if rows:
            await model.bulk_create([model(company_id=company.id, **row) for row in rows])
    if "custom_fields" in clean:
        await custom_fields.write_values(clean["custom_fields"], company_id=company.id)


CHILDREN = ("addresses", "emails", "phones", "tax_ids", "custom_fields")


async def create_company(
    principal: Principal, storefront: Storefront, data: Mapping[str, Any]
) -> Result[Company]:
    permissions.require_staff(principal)
    return await register_company(principal, storefront, data)


async def register_company(
    principal: Principal, storefront: Storefront, data: Mapping[str, Any], **fixed: Any
) -> Result[Company]:
    """Validate and write a company with no permission check: for staff through create_company,
    and for self-registration, whose buyers are not staff. `fixed` sets columns no input may."""

    async def recheck() -> list[UserError]:
        check = Checker()
        await _clean(check, storefront, data, creating=True, company=None, principal=principal)
        return check.errors

    check = Checker()
    clean = await _clean(check, storefront, data, creating=True, company=None, principal=principal)
    if check.errors:
        return Result.fail(*check.errors)
    scalars = {k: v for k, v in clean.items() if k not in CHILDREN}
    async with unique_violation(recheck) as clash:
        company = await Company.create(storefront_id=storefront.id, **scalars, **fixed)
        await _write_children(company, clean, fresh=True)
        await refresh_search(company)
    if clash.errors:
        return Result.fail(*clash.errors)
    return Result(company)


async def check_new_company(
    principal: Principal, storefront: Storefront, data: Mapping[str, Any]
) -> list[UserError]:
    """What create_company would refuse in `data`, found with reads only: the customer import
    checks a whole file this way before it writes any row."""
    permissions.require_staff(principal)
    check = Checker()
    await _clean(check, storefront, data, creating=True, company=None, principal=principal)
    return check.errors


async def update_company(
    principal: Principal, company: Company, data: Mapping[str, Any]
) -> Result[Company]:
    permissions.check_company(principal, company)
    storefront = await Storefront.get(id=company.storefront_id)

    async def recheck() -> list[UserError]:
        await company.refresh_from_db()
        check = Checker()
        await _clean(check, storefront, data, creating=False, company=company, principal=principal)
        return check.errors

    check = Checker()
    clean = await _clean(
        check, storefront, data, creating=False, company=company, principal=principal
    )
    if check.errors:
        return Result.fail(*check.errors)
    pricing = catalog_versions.company_pricing_changed(company, clean)
    async with unique_violation(recheck) as clash:
        for name, value in clean.items():
            if name not in CHILDREN:
                setattr(company, name, value)
        await company.save()
        if pricing:
            await catalog_versions.bump(company.storefront_id)
        await _write_children(company, clean, fresh=False)
        await refresh_search(company)
    if clash.errors:
        return Result.fail(*clash.errors)
    return Result(company)


async def delete_company(principal: Principal, company: Company) -> Result[Company]:
    permissions.check_company(principal, company)
    if not principal.is_admin:
        return Result.fail(UserError("Only an admin may delete a company.", ErrorCode.FORBIDDEN))
    async with in_transaction():
        await CustomFieldValue.filter(company_id=company.id).delete()
        await CustomFieldValue.filter(contact__company_id=company.id).delete()
        # Concurrent deletes all found the company before any removed it: the row count is
        # what tells the one that deleted it from the others (PostgreSQL makes them wait for
        # the winner's commit, SQLite runs them one after the other).
        if not await Company.filter(id=company.id).delete():
            raise NotFound("company")
        await catalog_versions.bump(company.storefront_id)
    return Result(company)


def search_filter(search: str) -> Q:
    """Partial, case- and accent-insensitive match on names, emails, cities and phone digits.
    ValidationError for a term over text.search_words' caps."""
    needle = " ".join(search_words(search))
    condition = Q(search_text__contains=needle)
    number = digits(search)
    if len(number) >= 4 and number != needle:
        condition |= Q(search_text__contains=number)
    return condition


def list_companies(
    principal: Principal,
    storefront: Storefront,
    *,
    search: str | None = None,
    statuses: Sequence[CompanyStatus] | None = None,
    temperatures: Sequence[Temperature] | None = None,
    group_ids: Sequence[int] | None = None,
    sales_rep_id: int | None = None,
    custom_fields_equal: Sequence[tuple[str, Any]] = (),
) -> QuerySet[Company]:
    """The companies the caller may see in this storefront, filtered. Filters combine with AND;
    the values inside one filter combine with OR."""
    queryset = permissions.visible_companies(principal).filter(storefront_id=storefront.id)
    if search and search.strip():
        queryset = queryset.filter(search_filter(search))
    if statuses:
        queryset = queryset.filter(status__in=list(statuses))
    if temperatures:
        queryset = queryset.filter(temperature__in=list(temperatures))
    if group_ids:
        queryset = queryset.filter(group_id__in=list(group_ids))
    if sales_rep_id is not None:
        queryset = queryset.filter(sales_rep_id=sales_rep_id)
    for key, value in custom_fields_equal:
        matching = CustomFieldValue.filter(
            definition__key=key,
            definition__storefront_id=storefront.id,
            definition__target=CustomFieldTarget.COMPANY,
            value=value,
        ).values("company_id")
        queryset = queryset.filter(id__in=Subquery(matching))
    return queryset


async def canonical_filter_values(
    storefront: Storefront, filters: Sequence[tuple[str, Any]]
) -> list[tuple[str, str]]:
    """Custom-field filter values in stored form, so "1200.0" finds a number stored as "1200"."""
    if not filters:
        return []
    definitions = {
        d.key: d
        for d in await custom_fields.definitions_for(storefront.id, CustomFieldTarget.COMPANY)
    }
    out: list[tuple[str, str]] = []
    errors: list[UserError] = []
    for index, (key, value) in enumerate(filters):
        definition = definitions.get(key)
        if definition is None:
            errors.append(
                UserError(
                    f"There is no custom field '{key}'.",
                    ErrorCode.UNKNOWN_CUSTOM_FIELD,
                    ("custom_fields", str(index), "key"),
                )
            )
            continue
        try:
            out.append((key, custom_fields.canonical_value(definition, value)))
        except ValueError as exc:
            errors.append(
                UserError(
                    f"{definition.label} {exc}.",
                    ErrorCode.INVALID,
                    ("custom_fields", str(index), "value"),
                )
            )
    if errors:
        raise ServiceError(errors)
    return out
