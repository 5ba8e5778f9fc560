"""Staff accounts and sign-in (SPEC B1)."""

from __future__ import annotations

import datetime

from graphql_api.auth.passwords import hash_password, password_problem, verify_password
from graphql_api.auth.principal import STAFF_KIND, Principal
from graphql_api.auth.tokens import InvalidToken, TokenClaims, TokenSigner
from graphql_api.models import StaffUser
from graphql_api.models.enums import StaffRole
from graphql_api.services import throttle
from graphql_api.services.checks import Checker
from graphql_api.services.errors import ErrorCode, Result, UserError, ValidationError
from graphql_api.services.validation.emails import normalize_email
from graphql_api.settings import Settings

STAFF_TOKEN_KIND = "staff"


async def create_staff(
    email: str, password: str, role: StaffRole, name: str = ""
) -> Result[StaffUser]:
    check = Checker()
    address = check.validate(("email",), normalize_email, email)
    problem = password_problem(password)
    if problem:
        check.add(("password",), problem, ErrorCode.WEAK_PASSWORD)
    if address and await StaffUser.exists(email=address):
        check.add(("email",), "A staff user with this email exists.", ErrorCode.DUPLICATE)
    if check.errors or address is None:
        return Result.fail(*check.errors)
    user = await StaffUser.create(
        email=address, name=name, role=role, password_hash=await hash_password(password)
    )
    return Result(user)


async def login(
    signer: TokenSigner, settings: Settings, email: str, password: str, client: str | None = None
) -> Result[tuple[StaffUser, str, int]]:
    """A token for valid credentials. Unknown email and wrong password give the same answer and
    take the same time (the hash check runs either way). Throttled like buyer sign-in: the
    attempt is counted before the password is checked (services/throttle.py)."""
    try:
        address = normalize_email(email)
    except ValidationError:
        address = ""
    attempt = await throttle.sign_in_attempt(settings, f"staff:{address}", client)
    if attempt.refused is not None:
        return Result.fail(attempt.refused)
    user = await StaffUser.get_or_none(email=address) if address else None
    valid = await verify_password(user.password_hash if user else None, password)
    if user is None or not valid or not user.is_active:
        return Result.fail(
            UserError("Email or password is incorrect.", ErrorCode.INVALID_CREDENTIALS)
        )
    await attempt.succeeded()
    user.last_login_at = datetime.datetime.now(datetime.UTC)
    await user.save(update_fields=["last_login_at"])
    token, expires = signer.issue(
        subject=f"staff:{user.id}",
        kind=STAFF_TOKEN_KIND,
        version=user.token_version,
        ttl=settings.staff_token_ttl,
    )
    return Result((user, token, expires))


async def staff_principal(claims: TokenClaims) -> Principal:
    """The staff member behind verified token claims; InvalidToken when revoked."""
    staff_id = claims.subject_id("staff")
    user = await StaffUser.get_or_none(id=staff_id)
    if user is None or not user.is_active or user.token_version != claims.version:
        raise InvalidToken("revoked")
    return Principal(kind=STAFF_KIND, staff=user)
