"""Buyer identity, storefronts and activity (SPEC B1-B11): its root query and mutation fields,
merged into the roots by schema/root.py. Each field hands its arguments to a resolver in
resolvers/."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from graphql_api import models
from resolvers.identity import resolvers as r
from resolvers.identity import staff
from schema.core.common import Connection, arg, connection, input_dict
from schema.core.limits import column_length
from schema.identity.inputs import (
    CompanyRefInput,
    ContactLoginInput,
    ContactRefInput,
    EmailOnlyInput,
    LogoutInput,
    RegisterInput,
    ResetPasswordInput,
    StaffLoginInput,
    UpdateStorefrontInput,
)
from schema.identity.payloads import (
    ActAsContactPayload,
    BlockContactAccessPayload,
    ContactAccessPayload,
    ContactLoginPayload,
    OkPayload,
    RegistrationPayload,
    ResetPasswordPayload,
    StaffLoginPayload,
    StorefrontPayload,
)
from schema.identity.types import Activity, Storefront, Viewer


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
        kinds: Annotated[
            list[str] | None,
            arg("Only these kinds, e.g. LOGIN.", max_length=column_length(models.Activity, "kind")),
        ] = None,
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
    @strawberry.mutation(description="Sign in as staff; returns a bearer token.")
    async def staff_login(
        self, info: Info, input: Annotated[StaffLoginInput, arg("Credentials.")]
    ) -> StaffLoginPayload:
        return await staff.staff_login(info, input_dict(input))

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
