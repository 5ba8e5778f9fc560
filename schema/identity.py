"""Buyer identity: storefront settings, sign-in, access, registration, act-as and activity."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry
from strawberry import UNSET
from strawberry.scalars import JSON
from strawberry.types import Info

from graphql_api import models
from graphql_api.models import enums
from resolvers.companies import companies as company_r
from resolvers.identity import resolvers as r
from schema.common import Connection, Node, UserError, arg, connection, input_dict, instance_of
from schema.companies import Company, Contact
from schema.inputs import AddressInput, EmailInput, PhoneInput, TaxIdInput
from schema.staff import StaffUser

RegistrationMode = strawberry.enum(
    enums.RegistrationMode,
    description="OPEN: self-registered buyers are active at once; WITH_APPROVAL: an admin "
    "validates them first; INVITE_ONLY: no self-registration.",
)
CatalogVisibility = strawberry.enum(
    enums.CatalogVisibility, description="PUBLIC: visitors browse; PRIVATE: signed-in buyers only."
)
PriceVisibility = strawberry.enum(
    enums.PriceVisibility,
    description="Who sees prices: EVERYONE, LOGGED_IN buyers, or nobody (HIDDEN, on request).",
)


@strawberry.type(description="A catalog the seller runs, with its access and display settings.")
class Storefront(Node):
    id: strawberry.ID = strawberry.field(resolver=company_r.global_id, description="Global ID.")
    slug: str = strawberry.field(description="Name used in the Vitrine-Storefront header.")
    name: str = strawberry.field(description="Display name.")
    default_currency: str = strawberry.field(description="ISO 4217 currency of public prices.")
    default_language: str = strawberry.field(description="pt-BR, es, ro or en.")
    registration_mode: RegistrationMode = strawberry.field(description="How buyers join.")
    catalog_visibility: CatalogVisibility = strawberry.field(description="Who sees products.")
    price_visibility: PriceVisibility = strawberry.field(description="Who sees prices.")
    theme: str = strawberry.field(description="Theme the storefront is served with.")
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
    id: strawberry.ID = strawberry.field(resolver=company_r.global_id, description="Global ID.")
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


_ERRORS = "Expected failures; empty when the mutation succeeded."


@strawberry.type(description="Result of a buyer sign-in.")
class ContactLoginPayload:
    session: ContactSession | None = strawberry.field(description="The session, on success.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of an operation that only succeeds or fails.")
class OkPayload:
    ok: bool | None = strawberry.field(
        description="True on success. Reset and claim requests answer true whether or not the "
        "email exists."
    )
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of setting a password from a link.")
class ResetPasswordPayload:
    contact: Contact | None = strawberry.field(description="The contact, now ACTIVE.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of creating access for a contact.")
class ContactAccessPayload:
    grant: ContactAccessGrant | None = strawberry.field(description="The invitation.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of blocking a contact.")
class BlockContactAccessPayload:
    contact: Contact | None = strawberry.field(description="The contact, now BLOCKED.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of acting as a contact.")
class ActAsContactPayload:
    session: ContactSession | None = strawberry.field(
        description="A short-lived token that sees what the contact sees and cannot order."
    )
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of a registration or its approval.")
class RegistrationPayload:
    company: Company | None = strawberry.field(description="The company.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of changing a storefront.")
class StorefrontPayload:
    storefront: Storefront | None = strawberry.field(description="The storefront.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="The caller of this request.")
class Viewer:
    kind: str = strawberry.field(description="ANONYMOUS, STAFF, CONTACT or PARTNER.")
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


@strawberry.type(description="Who is calling, storefronts and the activity log.")
class IdentityQueries:
    @strawberry.field(description="Who is calling.")
    def viewer(self, info: Info) -> Viewer:
        return r.viewer(info)

    @strawberry.field(description="Every storefront (staff).")
    async def storefronts(self, info: Info) -> list[Storefront]:
        return await r.storefront_list(info)

    @strawberry.field(description="The activity log, newest first (staff; reps: own companies).")
    async def activities(
        self,
        info: Info,
        first: Annotated[int | None, arg("Page size (max 100; default 50).")] = None,
        after: Annotated[str | None, arg("Cursor to continue after.")] = None,
        company_id: Annotated[strawberry.ID | None, arg("Only this company.")] = None,
        contact_id: Annotated[strawberry.ID | None, arg("Only this contact.")] = None,
        kinds: Annotated[list[str] | None, arg("Only these kinds, e.g. LOGIN.")] = None,
        from_: Annotated[
            datetime.datetime | None, strawberry.argument(name="from", description="From (incl.).")
        ] = None,
        to: Annotated[datetime.datetime | None, arg("Until (excluded).")] = None,
    ) -> Connection[Activity]:
        return connection(
            await r.activity_list(
                info,
                first=first,
                after=after,
                company_id=company_id,
                contact_id=contact_id,
                kinds=kinds,
                since=from_,
                until=to,
            )
        )


@strawberry.type(description="Sign-in, access, registration and storefront settings.")
class IdentityMutations:
    @strawberry.mutation(description="Sign a buyer in to the request's storefront.")
    async def contact_login(
        self, info: Info, input: Annotated[ContactLoginInput, arg("Credentials.")]
    ) -> ContactLoginPayload:
        return await r.contact_login(info, input_dict(input))

    @strawberry.mutation(description="End every session of the caller, on every device.")
    async def logout(
        self, info: Info, input: Annotated[LogoutInput, arg("Pass {}: nothing is required.")]
    ) -> OkPayload:
        return await r.logout(info, {})

    @strawberry.mutation(description="Email a password reset link, if the email has access.")
    async def request_password_reset(
        self, info: Info, input: Annotated[EmailOnlyInput, arg("The email.")]
    ) -> OkPayload:
        return await r.request_password_reset(info, input_dict(input))

    @strawberry.mutation(description="Email a link to claim an account staff created or imported.")
    async def claim_account(
        self, info: Info, input: Annotated[EmailOnlyInput, arg("The email.")]
    ) -> OkPayload:
        return await r.claim_account(info, input_dict(input))

    @strawberry.mutation(description="Set a password with an invitation, reset or claim token.")
    async def reset_password(
        self, info: Info, input: Annotated[ResetPasswordInput, arg("Token and password.")]
    ) -> ResetPasswordPayload:
        return await r.reset_password(info, input_dict(input))

    @strawberry.mutation(
        description="Invite a contact (staff). Again: resets the password or unblocks."
    )
    async def create_contact_access(
        self, info: Info, input: Annotated[ContactRefInput, arg("The contact.")]
    ) -> ContactAccessPayload:
        return await r.create_contact_access(info, input_dict(input))

    @strawberry.mutation(description="Block a contact; its tokens stop working at once (staff).")
    async def block_contact_access(
        self, info: Info, input: Annotated[ContactRefInput, arg("The contact.")]
    ) -> BlockContactAccessPayload:
        return await r.block_contact_access(info, input_dict(input))

    @strawberry.mutation(description="A short-lived token to see the storefront as a contact.")
    async def act_as_contact(
        self, info: Info, input: Annotated[ContactRefInput, arg("The contact.")]
    ) -> ActAsContactPayload:
        return await r.act_as_contact(info, input_dict(input))

    @strawberry.mutation(description="Register a company and its buyer (per storefront mode).")
    async def register(
        self, info: Info, input: Annotated[RegisterInput, arg("Company, buyer, password.")]
    ) -> RegistrationPayload:
        return await r.register(info, input_dict(input))

    @strawberry.mutation(description="Validate a NEW registration; the buyer is told (admin).")
    async def approve_registration(
        self, info: Info, input: Annotated[CompanyRefInput, arg("The company.")]
    ) -> RegistrationPayload:
        return await r.approve_registration(info, input_dict(input))

    @strawberry.mutation(description="Refuse a NEW registration; the buyer is told (admin).")
    async def reject_registration(
        self, info: Info, input: Annotated[CompanyRefInput, arg("The company.")]
    ) -> RegistrationPayload:
        return await r.reject_registration(info, input_dict(input))

    @strawberry.mutation(description="Change a storefront's settings (admin).")
    async def update_storefront(
        self, info: Info, input: Annotated[UpdateStorefrontInput, arg("The changes.")]
    ) -> StorefrontPayload:
        return await r.update_storefront_settings(info, input_dict(input))
