"""Buyer identity, storefronts and activity (SPEC B1-B11): the object types, thin views over domain
objects; field values come from the resolvers named on each field, or are plain attributes of the
model."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry
from strawberry.scalars import JSON

from graphql_api import models
from resolvers.identity import resolvers as r
from resolvers.nodes import global_id
from schema.companies.types import Company, Contact
from schema.core.common import Node, instance_of
from schema.identity.enums import (
    CatalogVisibility,
    PriceVisibility,
    RegistrationMode,
    ViewerKind,
)
from schema.identity.staff import StaffUser


@strawberry.type(description="A catalog the seller runs, with its access and display settings.")
class Storefront(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    slug: str = strawberry.field(description="Name used in the Vitrine-Storefront header.")
    name: str = strawberry.field(description="Display name.")
    default_currency: str = strawberry.field(description="ISO 4217 currency of public prices.")
    default_language: str = strawberry.field(description="pt-BR, es, ro or en.")
    registration_mode: RegistrationMode = strawberry.field(description="How buyers join.")
    catalog_visibility: CatalogVisibility = strawberry.field(description="Who sees products.")
    price_visibility: PriceVisibility = strawberry.field(description="Who sees prices.")
    theme: str = strawberry.field(description="Theme the storefront is served with.")
    rep_max_discount_percent: Decimal = strawberry.field(
        resolver=r.storefront_rep_max_discount,
        description="The highest discountPercent a sales rep may give a company (staff only).",
    )
    legal_name: str = strawberry.field(
        description="The seller's legal name on invoices; empty: the display name is used."
    )
    tax_id_kind: str = strawberry.field(
        description="The kind of taxId (CNPJ, VAT, ...); empty when none is set."
    )
    tax_id: str = strawberry.field(
        resolver=r.storefront_tax_id, description="The seller's tax id, formatted; may be empty."
    )
    state_registration: str = strawberry.field(
        description="The seller's state registration (IE); may be empty."
    )
    fiscal_address: str = strawberry.field(
        description="The seller's address as invoices print it, one line per line."
    )
    country: str = strawberry.field(description="The seller's country (ISO 3166-1); may be empty.")
    is_type_of = instance_of(models.Storefront)


@strawberry.type(description="An invitation to set a password, to hand over by any channel.")
class ContactAccessGrant:
    contact: Contact = strawberry.field(description="The invited contact, now INVITED.")
    invitation_url: str = strawberry.field(
        description="Single-use link to set a password; the page posts it to resetPassword."
    )
    whatsapp_url: str = strawberry.field(description="wa.me link carrying the invitation.")
    expires_at: datetime.datetime = strawberry.field(description="When the link stops working.")


@strawberry.type(description="A buyer session: send the token as `Authorization: Bearer`.")
class ContactSession:
    token: str = strawberry.field(description="Bearer token.")
    expires_at: int = strawberry.field(description="Expiry, in Unix seconds.")
    contact: Contact = strawberry.field(description="Who the token acts as.")


@strawberry.type(description="Something a buyer or staff member did (activity log).")
class Activity(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    kind: str = strawberry.field(description="What happened, e.g. LOGIN, ACCESS_CREATED.")
    created_at: datetime.datetime = strawberry.field(description="When it happened.")
    details: JSON = strawberry.field(description="Extra facts about the event.")
    company: Company | None = strawberry.field(
        resolver=r.activity_company, description="The company concerned."
    )
    contact: Contact | None = strawberry.field(
        resolver=r.activity_contact, description="The contact concerned."
    )
    staff: StaffUser | None = strawberry.field(
        resolver=r.activity_staff, description="The staff actor, also when acting as a contact."
    )
    is_type_of = instance_of(models.Activity)


@strawberry.type(description="The caller of this request.")
class Viewer:
    kind: ViewerKind = strawberry.field(description="What kind of caller this is.")
    staff: StaffUser | None = strawberry.field(description="The staff user, when staff.")
    contact: Contact | None = strawberry.field(description="The contact, when a buyer.")
    company: Company | None = strawberry.field(description="The buyer's company.")
    acting_staff: StaffUser | None = strawberry.field(
        description="Set when a staff member is acting as the contact (act-as): who it is."
    )
    storefront: Storefront | None = strawberry.field(description="The request's storefront.")
    partner_name: str | None = strawberry.field(description="The partner client, when partner.")

    @strawberry.field(description="Whether a staff member is acting as the contact.")
    def is_acting(self) -> bool:
        return self.acting_staff is not None
