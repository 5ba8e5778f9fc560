"""Quick-order links (SPEC D4, seed 002): staff give a company a magic link; whoever opens it sees
that company's catalog at its prices, fills a cart and orders, without an account, and can do
nothing else.

A link's token has 256 random bits and only its SHA-256 is stored, so the URL is shown once, when
it is made. Opening it (GET /q/<token>) starts a session of the QUICK_LINK kind, a signed token in
the same cookie as a buyer's; every request checks the link again, so revoking it (or making a
new one, which revokes the old) ends its sessions at once."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from graphql_api.auth.principal import QUICK_LINK_KIND, Principal
from graphql_api.auth.tokens import InvalidToken, TokenClaims, TokenSigner
from graphql_api.models import Company, QuickOrderLink, Storefront
from graphql_api.models.enums import ApprovalStatus
from graphql_api.services import activity, permissions
from graphql_api.services.errors import ErrorCode, Result, UserError
from graphql_api.settings import Settings

LINK_TOKEN_KIND = "quick_link"
LINK_PATH = "/q/"
# How long one opening of a link lasts; opening it again starts a new session.
LINK_SESSION_TTL = 7 * 24 * 3600


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedLink:
    link: QuickOrderLink
    url: str


def _staff_id(principal: Principal) -> int | None:
    return principal.staff.id if principal.staff is not None else None


async def generate(
    principal: Principal, settings: Settings, company: Company
) -> Result[IssuedLink]:
    """A new link for the company; its live link, if any, is revoked in the same transaction.
    Staff who hold the company (admins, its sales rep)."""
    permissions.check_company(principal, company)
    if company.approval_status != ApprovalStatus.VALIDATED:
        return Result.fail(
            UserError(
                "This company's registration is not approved: approve it first.",
                ErrorCode.NOT_APPROVED,
                ("company_id",),
            )
        )
    raw = secrets.token_urlsafe(32)
    for attempt in (1, 2):
        try:
            async with in_transaction():
                await QuickOrderLink.filter(active_company_id=company.id).update(
                    active_company_id=None, revoked_at=_now()
                )
                link = await QuickOrderLink.create(
                    storefront_id=company.storefront_id,
                    company_id=company.id,
                    token_hash=token_hash(raw),
                    active_company_id=company.id,
                    created_by_id=_staff_id(principal),
                )
                await activity.record(
                    activity.QUICK_LINK_GENERATED,
                    storefront_id=company.storefront_id,
                    company_id=company.id,
                    staff_id=_staff_id(principal),
                )
            break
        except IntegrityError:
            # Another staff member made a link at the same moment and won the unique index
            # of live links; this one revokes that one in turn.
            if attempt == 2:
                raise
    storefront = await Storefront.get(id=company.storefront_id)
    # The default storefront's links are short; another's carry its address prefix.
    prefix = "" if storefront.is_default else f"/s/{storefront.slug}"
    return Result(IssuedLink(link, f"{settings.public_url}{prefix}{LINK_PATH}{raw}"))


async def revoke(principal: Principal, company: Company) -> Result[QuickOrderLink]:
    permissions.check_company(principal, company)
    link = await QuickOrderLink.filter(active_company_id=company.id).first()
    if link is None:
        return Result.fail(
            UserError(
                "This company has no live quick-order link.", ErrorCode.NOT_FOUND, ("company_id",)
            )
        )
    async with in_transaction():
        revoked = await QuickOrderLink.filter(id=link.id, active_company_id=company.id).update(
            active_company_id=None, revoked_at=_now()
        )
        if revoked:
            await activity.record(
                activity.QUICK_LINK_REVOKED,
                storefront_id=company.storefront_id,
                company_id=company.id,
                staff_id=_staff_id(principal),
            )
    await link.refresh_from_db()
    return Result(link)


@dataclass(frozen=True)
class LinkSession:
    token: str
    expires_at: int
    link: QuickOrderLink
    storefront: Storefront


INVALID_LINK = UserError(
    "This quick-order link is invalid or was revoked: ask the seller for a new one.",
    ErrorCode.INVALID_TOKEN,
)


async def open_link(
    signer: TokenSigner, raw: str, storefront_slug: str | None = None
) -> Result[LinkSession]:
    """A session for whoever holds a live link's token; with `storefront_slug`, only for a
    link of that storefront (another's is as unknown as a wrong token)."""
    if not raw or len(raw) > 100:
        return Result.fail(INVALID_LINK)
    link = await QuickOrderLink.get_or_none(token_hash=token_hash(raw)).select_related(
        "company", "storefront"
    )
    if (
        link is None
        or link.revoked_at is not None
        or link.company.approval_status != ApprovalStatus.VALIDATED
        or (storefront_slug is not None and link.storefront.slug != storefront_slug)
    ):
        return Result.fail(INVALID_LINK)
    async with in_transaction():
        await QuickOrderLink.filter(id=link.id).update(last_opened_at=_now())
        await activity.record(
            activity.QUICK_LINK_OPENED,
            storefront_id=link.storefront.id,
            company_id=link.company.id,
        )
    token, expires = signer.issue(
        subject=f"link:{link.id}", kind=LINK_TOKEN_KIND, version=1, ttl=LINK_SESSION_TTL
    )
    return Result(LinkSession(token, expires, link, link.storefront))


async def link_principal(claims: TokenClaims) -> Principal:
    """The principal of a link session; InvalidToken once the link is revoked."""
    link_id = claims.subject_id("link")
    link = await QuickOrderLink.get_or_none(id=link_id).select_related("company", "company__group")
    if (
        link is None
        or link.revoked_at is not None
        or link.company.approval_status != ApprovalStatus.VALIDATED
    ):
        raise InvalidToken("revoked")
    return Principal(kind=QUICK_LINK_KIND, quick_link=link, company=link.company)
