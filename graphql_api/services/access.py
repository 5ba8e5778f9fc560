"""Buyer access (SPEC B3, B6, B10): invitations, sign-in, password links, blocking, logout.

Link tokens have 256 random bits, are stored only as SHA-256 hashes, are single-use and expire.
Session tokens carry the contact's `token_version`, which block, logout and password changes
bump, so every token issued before stops working on the very next request."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from tortoise.transactions import in_transaction

from graphql_api.auth.passwords import hash_password, password_problem, verify_password
from graphql_api.auth.principal import CONTACT_KIND, Principal
from graphql_api.auth.tokens import InvalidToken, TokenClaims, TokenSigner
from graphql_api.models import AccessToken, Company, Contact, StaffUser, Storefront
from graphql_api.models.enums import AccessState, ApprovalStatus, TokenPurpose
from graphql_api.prepared import PreparedSelect
from graphql_api.services import activity, background, notifications, permissions, throttle
from graphql_api.services.companies import main_country
from graphql_api.services.errors import ErrorCode, Result, UserError, ValidationError
from graphql_api.services.text import digits
from graphql_api.services.validation.emails import normalize_email
from graphql_api.services.validation.phones import normalize_phone
from graphql_api.settings import Settings

CONTACT_TOKEN_KIND = "contact"
LINK_PATHS = {
    TokenPurpose.INVITATION: "/account/set-password",
    TokenPurpose.RESET: "/account/reset-password",
    TokenPurpose.CLAIM: "/account/claim",
}
GENERIC_LOGIN_ERROR = UserError("Email or password is incorrect.", ErrorCode.INVALID_CREDENTIALS)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def link_url(settings: Settings, purpose: TokenPurpose, raw: str) -> str:
    # The page behind the link posts the token back (resetPassword): mail scanners that open
    # links with GET consume nothing.
    return f"{settings.public_url}{LINK_PATHS[purpose]}?{urlencode({'token': raw})}"


async def _issue_link(
    contact: Contact, purpose: TokenPurpose, ttl: int, created_by: StaffUser | None
) -> tuple[str, datetime.datetime]:
    """A fresh link token; earlier unused links of the contact stop working."""
    await AccessToken.filter(contact_id=contact.id, used_at__isnull=True).update(used_at=_now())
    raw = secrets.token_urlsafe(32)
    expires = _now() + datetime.timedelta(seconds=ttl)
    await AccessToken.create(
        contact_id=contact.id,
        purpose=purpose,
        token_hash=token_hash(raw),
        expires_at=expires,
        created_by_id=created_by.id if created_by else None,
    )
    return raw, expires


def _language(company: Company, storefront: Storefront) -> str:
    return company.preferred_language or storefront.default_language


@dataclass(frozen=True)
class AccessGrant:
    contact: Contact
    invitation_url: str
    whatsapp_url: str
    expires_at: datetime.datetime


def whatsapp_url(phone: str | None, message: str, country: str | None = None) -> str:
    """wa.me link with the message; without a number WhatsApp lets the sender pick the chat.
    wa.me wants the full international number: one stored before phones were kept in E.164
    (without its country code) is read as a number of `country`, the company's."""
    try:
        number = digits(normalize_phone(phone, country)) if phone else ""
    except ValidationError:
        number = digits(phone)
    return f"https://wa.me/{number}?text={quote(message, safe='')}"


async def create_contact_access(
    principal: Principal, settings: Settings, contact: Contact
) -> Result[AccessGrant]:
    """Invite the contact to set a password. Again on an active contact it resets the password;
    on a blocked one it unblocks. Either way earlier sessions and links end."""
    company = await Company.get(id=contact.company_id)
    permissions.check_company(principal, company)
    storefront = await Storefront.get(id=company.storefront_id)
    staff = principal.staff
    async with in_transaction():
        contact.access_state = AccessState.INVITED
        contact.password_hash = None
        contact.token_version += 1
        await contact.save(
            update_fields=["access_state", "password_hash", "token_version", "updated_at"]
        )
        raw, expires = await _issue_link(
            contact, TokenPurpose.INVITATION, settings.invitation_ttl, staff
        )
        url = link_url(settings, TokenPurpose.INVITATION, raw)
        language = _language(company, storefront)
        context = {
            "name": contact.first_name,
            "company": company.trade_name or company.legal_name,
            "url": url,
            "expires_hours": settings.invitation_ttl // 3600,
        }
        await notifications.queue(
            "invitation",
            contact.email,
            language,
            context,
            storefront_id=storefront.id,
            company_id=company.id,
            contact_id=contact.id,
        )
        await activity.record(
            activity.ACCESS_CREATED,
            storefront_id=storefront.id,
            company_id=company.id,
            contact_id=contact.id,
            staff_id=staff.id if staff else None,
        )
    subject, _ = notifications.render("invitation", language, context)
    message = f"{subject}: {url}"
    phone = contact.phone or company.responsible_phone
    country = await main_country(company.id) if phone and not phone.startswith("+") else None
    return Result(AccessGrant(contact, url, whatsapp_url(phone, message, country), expires))


async def block_contact_access(principal: Principal, contact: Contact) -> Result[Contact]:
    company = await Company.get(id=contact.company_id)
    permissions.check_company(principal, company)
    async with in_transaction():
        contact.access_state = AccessState.BLOCKED
        contact.token_version += 1
        await contact.save(update_fields=["access_state", "token_version", "updated_at"])
        await AccessToken.filter(contact_id=contact.id, used_at__isnull=True).update(used_at=_now())
        await activity.record(
            activity.ACCESS_BLOCKED,
            storefront_id=company.storefront_id,
            company_id=company.id,
            contact_id=contact.id,
            staff_id=principal.staff.id if principal.staff else None,
        )
    return Result(contact)


@dataclass(frozen=True)
class ContactSession:
    token: str
    expires_at: int
    contact: Contact


async def contact_login(
    signer: TokenSigner,
    settings: Settings,
    storefront: Storefront,
    email: str,
    password: str,
    client: str | None,
) -> Result[ContactSession]:
    """Sign a buyer in. Unknown email, wrong password, no access yet and blocked all get the same
    answer after the same Argon2 work. The attempt is counted before the password is checked
    (services/throttle.py): per email a growing delay, per client address a budget."""
    try:
        address = normalize_email(email)
    except ValidationError:
        address = ""
    attempt = await throttle.sign_in_attempt(settings, f"contact:{storefront.id}:{address}", client)
    if attempt.refused is not None:
        return Result.fail(attempt.refused)
    contact = (
        await Contact.get_or_none(storefront_id=storefront.id, email=address) if address else None
    )
    valid = await verify_password(contact.password_hash if contact else None, password)
    company = await Company.get(id=contact.company_id) if contact else None
    usable = (
        valid
        and contact is not None
        and company is not None
        and contact.access_state == AccessState.ACTIVE
    )
    if not usable:
        if contact is not None:
            await activity.record(
                activity.LOGIN_FAILED,
                storefront_id=storefront.id,
                company_id=contact.company_id,
                contact_id=contact.id,
            )
        return Result.fail(GENERIC_LOGIN_ERROR)
    assert contact is not None and company is not None
    await attempt.succeeded()
    if company.approval_status != ApprovalStatus.VALIDATED:
        # The password was right, so saying why is no leak, and the buyer needs to know.
        return Result.fail(
            UserError(
                "Your registration is awaiting approval by the seller."
                if company.approval_status == ApprovalStatus.NEW
                else "Your registration was not approved.",
                ErrorCode.NOT_APPROVED,
            )
        )
    contact.last_access_at = _now()
    await contact.save(update_fields=["last_access_at"])
    await activity.record(
        activity.LOGIN, storefront_id=storefront.id, company_id=company.id, contact_id=contact.id
    )
    token, expires = signer.issue(
        subject=f"contact:{contact.id}",
        kind=CONTACT_TOKEN_KIND,
        version=contact.token_version,
        ttl=settings.contact_token_ttl,
    )
    return Result(ContactSession(token, expires, contact))


# Every request of a signed-in buyer runs it: written once (graphql_api/prepared.py).
_CONTACT_WITH_STOREFRONT = PreparedSelect(
    Contact,
    lambda pk: (
        Contact.filter(id=pk)
        .select_related("company", "company__group", "storefront", "storefront__catalog_version")
        .limit(1)
    ),
)


async def contact_principal(claims: TokenClaims) -> Principal:
    contact_id = claims.subject_id("contact")
    # With its storefront and that storefront's catalog version: identify() then needs no query
    # of its own for a buyer's storefront, nor the response cache for its version.
    contact = await _CONTACT_WITH_STOREFRONT.first(contact_id)
    if (
        contact is None
        or contact.token_version != claims.version
        or contact.access_state != AccessState.ACTIVE
        or contact.company.approval_status != ApprovalStatus.VALIDATED
    ):
        raise InvalidToken("revoked")
    acting = None
    if "act" in claims.extra:
        acting = await StaffUser.get_or_none(id=claims.extra["act"], is_active=True)
        if acting is None or acting.token_version != claims.extra.get("actv"):
            raise InvalidToken("revoked")
    return Principal(
        kind=CONTACT_KIND, contact=contact, company=contact.company, acting_staff=acting
    )


async def logout(principal: Principal) -> Result[bool]:
    """End every session of the caller (all devices): the version in their tokens goes stale."""
    if principal.is_acting:
        return Result(True)  # an act-as token simply expires; the contact stays signed in
    if principal.is_contact and principal.contact is not None:
        await Contact.filter(id=principal.contact.id).update(
            token_version=principal.contact.token_version + 1
        )
        await activity.record(
            activity.LOGOUT,
            company_id=principal.contact.company_id,
            contact_id=principal.contact.id,
        )
        return Result(True)
    if principal.is_staff and principal.staff is not None:
        await StaffUser.filter(id=principal.staff.id).update(
            token_version=principal.staff.token_version + 1
        )
        return Result(True)
    if principal.is_partner:
        return Result.fail(
            UserError(
                "Partner tokens end on their own within the hour; revoke the client to stop them.",
                ErrorCode.FORBIDDEN,
            )
        )
    return Result.fail(UserError("You are not signed in.", ErrorCode.UNAUTHENTICATED))


async def _send_link(
    settings: Settings,
    storefront: Storefront,
    address: str,
    purpose: TokenPurpose,
    allowed: set[AccessState],
    kind: str,
) -> None:
    contact = await Contact.get_or_none(storefront_id=storefront.id, email=address)
    if contact is None or contact.access_state not in allowed:
        return
    company = await Company.get(id=contact.company_id)
    ttl = settings.reset_ttl if purpose == TokenPurpose.RESET else settings.invitation_ttl
    async with in_transaction():
        raw, _ = await _issue_link(contact, purpose, ttl, None)
        await notifications.queue(
            kind,
            contact.email,
            _language(company, storefront),
            {
                "name": contact.first_name,
                "company": company.trade_name or company.legal_name,
                "url": link_url(settings, purpose, raw),
                "expires_minutes": ttl // 60,
                "expires_hours": max(ttl // 3600, 1),
            },
            storefront_id=storefront.id,
            company_id=company.id,
            contact_id=contact.id,
        )


async def _request_link(
    settings: Settings,
    storefront: Storefront,
    email: str,
    client: str | None,
    purpose: TokenPurpose,
    allowed: set[AccessState],
    kind: str,
) -> Result[bool]:
    """The same answer after the same work for every email, known or not: count the request
    per client address and per mailbox, then answer. Whether a contact exists is looked up, and
    its mail queued, after the answer (services/background.py). A mailbox gets at most
    `link_mails_per_email` links per window, whoever asks."""
    refused = await throttle.link_request_refused(settings, client)
    if refused is not None:
        return Result.fail(refused)
    try:
        address = normalize_email(email)
    except ValidationError:
        return Result(True)
    if await throttle.link_mail_allowed(settings, f"{storefront.id}:{address}"):
        background.later(
            _send_link(settings, storefront, address, purpose, allowed, kind), f"{kind} link"
        )
    return Result(True)


async def request_password_reset(
    settings: Settings, storefront: Storefront, email: str, client: str | None = None
) -> Result[bool]:
    """Always the same answer, whether or not the email has access."""
    return await _request_link(
        settings,
        storefront,
        email,
        client,
        TokenPurpose.RESET,
        {AccessState.ACTIVE, AccessState.INVITED},
        "password_reset",
    )


async def claim_account(
    settings: Settings, storefront: Storefront, email: str, client: str | None = None
) -> Result[bool]:
    """A contact that staff created or imported asks for a link to set its own password. Always
    the same answer, whether or not the email exists."""
    return await _request_link(
        settings,
        storefront,
        email,
        client,
        TokenPurpose.CLAIM,
        {AccessState.NOT_CREATED, AccessState.INVITED},
        "claim_account",
    )


async def reset_password(token: str, password: str) -> Result[Contact]:
    """Consume an invitation, reset or claim link and set the password."""
    problem = password_problem(password)
    if problem:
        return Result.fail(UserError(problem, ErrorCode.WEAK_PASSWORD, ("password",)))
    link = await AccessToken.get_or_none(token_hash=token_hash(token or ""))
    invalid = UserError(
        "This link is invalid, used or expired. Ask for a new one.",
        ErrorCode.INVALID_TOKEN,
        ("token",),
    )
    if link is None or link.used_at is not None or link.expires_at <= _now():
        return Result.fail(invalid)
    new_hash = await hash_password(password)
    async with in_transaction():
        # The conditional update is the single-use guarantee: of two concurrent uses, one wins.
        claimed = await AccessToken.filter(id=link.id, used_at__isnull=True).update(used_at=_now())
        if claimed != 1:
            return Result.fail(invalid)
        contact = await Contact.get(id=link.contact_id)
        if contact.access_state == AccessState.BLOCKED:
            return Result.fail(invalid)
        contact.password_hash = new_hash
        contact.access_state = AccessState.ACTIVE
        contact.token_version += 1
        await contact.save(
            update_fields=["password_hash", "access_state", "token_version", "updated_at"]
        )
        await activity.record(
            activity.PASSWORD_SET,
            company_id=contact.company_id,
            contact_id=contact.id,
            purpose=link.purpose.value,
        )
    return Result(contact)


@dataclass(frozen=True)
class ActingSession:
    token: str
    expires_at: int
    contact: Contact


async def act_as_contact(
    principal: Principal, signer: TokenSigner, settings: Settings, contact: Contact
) -> Result[ActingSession]:
    """A short-lived token that sees exactly what the contact sees. It names the staff member
    (`act`), is audited, and says it may not place orders (`ord: false`)."""
    company = await Company.get(id=contact.company_id)
    permissions.check_company(principal, company)
    if contact.access_state != AccessState.ACTIVE:
        return Result.fail(
            UserError(
                "This contact has no active access to act as.", ErrorCode.NO_ACCESS, ("contact_id",)
            )
        )
    staff = principal.staff
    assert staff is not None
    token, expires = signer.issue(
        subject=f"contact:{contact.id}",
        kind=CONTACT_TOKEN_KIND,
        version=contact.token_version,
        ttl=settings.act_as_token_ttl,
        act=staff.id,
        actv=staff.token_version,
        ord=False,
    )
    await activity.record(
        activity.ACT_AS_STARTED,
        storefront_id=company.storefront_id,
        company_id=company.id,
        contact_id=contact.id,
        staff_id=staff.id,
    )
    return Result(ActingSession(token, expires, contact))
