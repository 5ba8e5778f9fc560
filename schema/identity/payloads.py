"""Buyer identity, storefronts and activity (SPEC B1-B11): mutation payloads (the changed object
and `userErrors`)."""

from __future__ import annotations

import strawberry

from schema.companies.types import Company, Contact
from schema.core.common import ERRORS, UserError
from schema.identity.staff import StaffSession
from schema.identity.types import ContactAccessGrant, ContactSession, Storefront


@strawberry.type(description="Result of a buyer sign-in.")
class ContactLoginPayload:
    session: ContactSession | None = strawberry.field(description="The session, on success.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of an operation that only succeeds or fails.")
class OkPayload:
    ok: bool | None = strawberry.field(
        description="True on success. Reset and claim requests answer true whether or not the "
        "email exists."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of setting a password from a link.")
class ResetPasswordPayload:
    contact: Contact | None = strawberry.field(description="The contact, now ACTIVE.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of creating access for a contact.")
class ContactAccessPayload:
    grant: ContactAccessGrant | None = strawberry.field(description="The invitation.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of blocking a contact.")
class BlockContactAccessPayload:
    contact: Contact | None = strawberry.field(description="The contact, now BLOCKED.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of acting as a contact.")
class ActAsContactPayload:
    session: ContactSession | None = strawberry.field(
        description="A short-lived token that sees what the contact sees and cannot order."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of a registration or its approval.")
class RegistrationPayload:
    company: Company | None = strawberry.field(description="The company.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of changing a storefront.")
class StorefrontPayload:
    storefront: Storefront | None = strawberry.field(description="The storefront.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of signing in.")
class StaffLoginPayload:
    session: StaffSession | None = strawberry.field(description="The session, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)
