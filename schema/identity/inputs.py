"""Buyer identity, storefronts and activity (SPEC B1-B11): the inputs of its mutations and
filters."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry import UNSET

from schema.companies.enums import TaxIdKind
from schema.companies.inputs import AddressInput, EmailInput, PhoneInput, TaxIdInput
from schema.core.limits import limits
from schema.identity.enums import CatalogVisibility, PriceVisibility, RegistrationMode


@strawberry.input(description="Buyer credentials for the request's storefront.")
class ContactLoginInput:
    email: str = strawberry.field(description="Sign-in email.")
    password: str = strawberry.field(description="Password.")


@strawberry.input(description="An email to send a link to.")
class EmailOnlyInput:
    email: str = strawberry.field(description="The email address.")


@strawberry.input(description="Logout takes no data; the input keeps the one-input convention.")
class LogoutInput:
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Echo for the client's bookkeeping (Relay); unused."
    )


@strawberry.input(description="A link token and the new password.")
class ResetPasswordInput:
    token: str = strawberry.field(description="Token from an invitation, reset or claim link.")
    password: str = strawberry.field(description="New password (at least 10 characters).")


@strawberry.input(description="Which contact.")
class ContactRefInput:
    contact_id: strawberry.ID = strawberry.field(description="The contact.")


@strawberry.input(description="Which company.")
class CompanyRefInput:
    id: strawberry.ID = strawberry.field(description="The company.")


@strawberry.input(description="The registering company: validated like staff-created ones.")
class RegisterCompanyInput:
    legal_name: str = strawberry.field(description="Legal name.")
    trade_name: str | None = strawberry.field(default=UNSET, description="Trade name.")
    is_individual: bool | None = strawberry.field(default=UNSET, description="Individual.")
    responsible_first_name: str | None = strawberry.field(
        default=UNSET, description="Responsible person's first name."
    )
    responsible_last_name: str | None = strawberry.field(
        default=UNSET, description="Responsible person's last name."
    )
    responsible_phone: str | None = strawberry.field(
        default=UNSET, description="WhatsApp or phone."
    )
    preferred_currency: str | None = strawberry.field(default=UNSET, description="ISO 4217.")
    preferred_language: str | None = strawberry.field(default=UNSET, description="Language.")
    tax_ids: list[TaxIdInput] | None = strawberry.field(default=UNSET, description="Tax ids.")
    addresses: list[AddressInput] | None = strawberry.field(default=UNSET, description="Addresses.")
    emails: list[EmailInput] | None = strawberry.field(default=UNSET, description="Emails.")
    phones: list[PhoneInput] | None = strawberry.field(default=UNSET, description="Phones.")


@strawberry.input(description="The registering person, who becomes the purchasing contact.")
class RegisterContactInput:
    first_name: str = strawberry.field(description="First name.")
    email: str = strawberry.field(description="Email; the sign-in name.")
    last_name: str | None = strawberry.field(default=UNSET, description="Last name.")
    phone: str | None = strawberry.field(default=UNSET, description="Phone.")


@strawberry.input(description="Self-registration of a company and its buyer.")
class RegisterInput:
    company: RegisterCompanyInput = strawberry.field(description="The company.")
    contact: RegisterContactInput = strawberry.field(description="The buyer.")
    password: str = strawberry.field(description="The buyer's password (10+ characters).")


@strawberry.input(description="Storefront settings to change; omitted ones stay.")
class UpdateStorefrontInput:
    id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="The storefront; default: the request's storefront."
    )
    name: str | None = strawberry.field(default=UNSET, description="Display name.")
    registration_mode: RegistrationMode | None = strawberry.field(
        default=UNSET, description="How buyers join."
    )
    catalog_visibility: CatalogVisibility | None = strawberry.field(
        default=UNSET, description="Who sees products."
    )
    price_visibility: PriceVisibility | None = strawberry.field(
        default=UNSET, description="Who sees prices."
    )
    default_currency: str | None = strawberry.field(default=UNSET, description="ISO 4217.")
    default_language: str | None = strawberry.field(
        default=UNSET, description="pt-BR, es, ro or en."
    )
    theme: str | None = strawberry.field(
        default=UNSET,
        description="An installed theme (`vitrine themes list`); served from the next request.",
    )
    rep_max_discount_percent: Decimal | None = strawberry.field(
        default=UNSET,
        description="The highest discountPercent a sales rep may give a company, 0 to 100; 0 "
        "(the default) leaves discounts to admins.",
    )
    legal_name: str | None = strawberry.field(
        default=UNSET,
        description="The seller's legal name, printed on invoices; empty: the display name.",
        metadata=limits(max_length=200),
    )
    tax_id_kind: TaxIdKind | None = strawberry.field(
        default=UNSET, description="The kind of `taxId` (CNPJ, VAT, ...)."
    )
    tax_id: str | None = strawberry.field(
        default=UNSET,
        description="The seller's tax id, checked like a company's (a VAT number against "
        "`country`); empty clears it.",
        metadata=limits(max_length=40),
    )
    state_registration: str | None = strawberry.field(
        default=UNSET,
        description="The seller's state registration (IE), printed on invoices.",
        metadata=limits(max_length=20),
    )
    fiscal_address: str | None = strawberry.field(
        default=UNSET,
        description="The seller's address as invoices print it, one line per line.",
        metadata=limits(max_length=500),
    )
    country: str | None = strawberry.field(
        default=UNSET,
        description="The seller's country, ISO 3166-1 alpha-2.",
        metadata=limits(max_length=2),
    )


@strawberry.input(description="Staff credentials.")
class StaffLoginInput:
    email: str = strawberry.field(description="Sign-in email.")
    password: str = strawberry.field(description="Password.")
