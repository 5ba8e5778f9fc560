"""Partner OAuth 2 clients (SPEC B9): client-credentials clients bound to storefronts and
origins, with hashed secrets, and the principal behind a partner access token."""

from __future__ import annotations

import datetime
import ipaddress
import re
import secrets
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from tortoise.queryset import QuerySet

from graphql_api.auth.passwords import hash_password, verify_password
from graphql_api.auth.principal import PARTNER_KIND, Principal
from graphql_api.auth.tokens import InvalidToken, TokenClaims
from graphql_api.models import PartnerClient, Storefront
from graphql_api.services import permissions
from graphql_api.services.checks import Checker
from graphql_api.services.errors import ErrorCode, Result, UserError

PARTNER_TOKEN_KIND = "partner"
# Partner tokens carry no per-client version: revocation is checked against the client row on
# every request instead (partner_principal), so a constant is enough.
PARTNER_TOKEN_VERSION = 1
CLIENT_ID_PREFIX = "vp_"
EMBED_KEY_PREFIX = "vpk_"
# Scopes a partner may be granted. Only catalog reads exist for now; adding one here is all the
# token endpoint needs to offer it.
SCOPES: tuple[str, ...] = ("catalog:read",)
MAX_ORIGINS = 20
MAX_STOREFRONTS = 100
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_LOOPBACK_NAMES = {"localhost"}


def subject_of(client: PartnerClient) -> str:
    return f"partner:{client.id}"


def _new_client_id() -> str:
    # 12 random bytes are exactly 16 url-safe characters: ids are unguessable as well as unique.
    return CLIENT_ID_PREFIX + secrets.token_urlsafe(12)


def _new_embed_key() -> str:
    # Publishable, but unguessable all the same: a key names one client, and guessing one would
    # let a page borrow another partner's embed (its origins still decide where it shows).
    return EMBED_KEY_PREFIX + secrets.token_urlsafe(18)


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_origin(value: str) -> str:
    """`scheme://host[:port]` in the form browsers send in the Origin header (lower case, no
    default port), so a later comparison is a plain string match. Raises ValueError."""
    text = str(value).strip()
    if not text or len(text) > 300:
        raise ValueError("An origin must have 1 to 300 characters.")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValueError(f"'{text}' is not a valid origin.") from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in ("https", "http") or not host:
        raise ValueError("An origin must look like https://partner.example.")
    # A trailing slash is what people paste from the address bar; anything more is a path, and
    # an origin has none (browsers never send one, so it could never match).
    if parts.path not in ("", "/") or parts.query or parts.fragment or "?" in text or "#" in text:
        raise ValueError("An origin has no path, query or fragment: e.g. https://partner.example.")
    if parts.username is not None or parts.password is not None:
        raise ValueError("An origin cannot carry a user name or password.")
    is_ip = False
    try:
        ipaddress.ip_address(host)
        is_ip = True
    except ValueError:
        if not all(_HOST_LABEL.match(label) for label in host.split(".")):
            raise ValueError(f"'{text}' does not name a valid host.") from None
    # Plain http lets anyone on the path read the partner's traffic; it is only for development
    # on the partner's own machine.
    if scheme == "http" and not _is_loopback(host):
        raise ValueError("An origin must use https (http only for localhost).")
    default_port = 443 if scheme == "https" else 80
    shown_host = f"[{host}]" if is_ip and ":" in host else host
    suffix = f":{port}" if port is not None and port != default_port else ""
    return f"{scheme}://{shown_host}{suffix}"


async def origin_allowed(origin: str) -> bool:
    """Whether a browser page at `origin` may call the API: it is among the allowed origins of
    a client that is not revoked. Read on every call, so a revocation counts at once."""
    try:
        wanted = normalize_origin(origin)
    except ValueError:
        return False
    lists = await PartnerClient.filter(revoked_at=None).values_list("allowed_origins", flat=True)
    return any(wanted in (origins or ()) for origins in lists)


def _as_list(value: Any) -> list[Any] | None:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return None


def _clean_scopes(data: Mapping[str, Any], errors: list[UserError]) -> list[str]:
    raw = _as_list(data.get("scopes"))
    if raw is None:
        errors.append(UserError("Scopes must be a list.", ErrorCode.INVALID, ("scopes",)))
        return []
    scopes: list[str] = []
    for i, scope in enumerate(raw):
        text = str(scope).strip()
        if text not in SCOPES:
            errors.append(
                UserError(
                    f"Unknown scope '{text}'; allowed: {', '.join(SCOPES)}.",
                    ErrorCode.INVALID,
                    ("scopes", str(i)),
                )
            )
        elif text not in scopes:
            scopes.append(text)
    if not raw:
        errors.append(UserError("Give at least one scope.", ErrorCode.REQUIRED, ("scopes",)))
    return scopes


async def _clean_storefronts(data: Mapping[str, Any], errors: list[UserError]) -> list[int]:
    raw = _as_list(data.get("storefront_ids"))
    if raw is None:
        errors.append(
            UserError("Storefronts must be a list.", ErrorCode.INVALID, ("storefront_ids",))
        )
        return []
    if not raw:
        errors.append(
            UserError(
                "Bind the client to at least one storefront.",
                ErrorCode.REQUIRED,
                ("storefront_ids",),
            )
        )
        return []
    if len(raw) > MAX_STOREFRONTS:
        errors.append(
            UserError(
                f"At most {MAX_STOREFRONTS} storefronts.", ErrorCode.INVALID, ("storefront_ids",)
            )
        )
        return []
    wanted: list[tuple[int, int | None]] = []
    for i, value in enumerate(raw):
        try:
            wanted.append((i, int(value)))
        except (TypeError, ValueError):
            wanted.append((i, None))
    # One query for all of them, not one per id.
    ids = {pk for _, pk in wanted if pk is not None}
    existing = (
        set(await Storefront.filter(id__in=ids).values_list("id", flat=True)) if ids else set()
    )
    storefront_ids: list[int] = []
    for i, pk in wanted:
        if pk is None or pk not in existing:
            errors.append(
                UserError(
                    "There is no such storefront.", ErrorCode.NOT_FOUND, ("storefront_ids", str(i))
                )
            )
        elif pk not in storefront_ids:
            storefront_ids.append(pk)
    return storefront_ids


def _clean_origins(data: Mapping[str, Any], errors: list[UserError]) -> list[str]:
    raw = _as_list(data.get("allowed_origins"))
    if raw is None:
        errors.append(UserError("Origins must be a list.", ErrorCode.INVALID, ("allowed_origins",)))
        return []
    if len(raw) > MAX_ORIGINS:
        errors.append(
            UserError(f"At most {MAX_ORIGINS} origins.", ErrorCode.INVALID, ("allowed_origins",))
        )
        return []
    origins: list[str] = []
    for i, value in enumerate(raw):
        try:
            origin = normalize_origin(value)
        except ValueError as exc:
            errors.append(UserError(str(exc), ErrorCode.INVALID, ("allowed_origins", str(i))))
            continue
        if origin not in origins:
            origins.append(origin)
    # An empty list is allowed: a server-to-server partner never calls from a browser.
    return origins


async def create_partner_client(
    principal: Principal, data: Mapping[str, Any]
) -> Result[tuple[PartnerClient, str]]:
    """A new client and its secret. The secret is returned this once: only its Argon2 hash is
    stored, so it cannot be shown again (a lost secret means a new client)."""
    permissions.require_admin(principal)
    errors: list[UserError] = []
    check = Checker()
    name = check.text(data, "name", 200, True)
    errors.extend(check.errors)
    scopes = _clean_scopes(data, errors)
    storefront_ids = await _clean_storefronts(data, errors)
    origins = _clean_origins(data, errors)
    if errors:
        return Result.fail(*errors)
    secret = secrets.token_urlsafe(32)
    client = await PartnerClient.create(
        name=name,
        client_id=_new_client_id(),
        secret_hash=await hash_password(secret),
        scopes=scopes,
        storefront_ids=storefront_ids,
        allowed_origins=origins,
        embed_key=_new_embed_key(),
        created_by=principal.staff,
    )
    return Result((client, secret))


async def rotate_embed_key(principal: Principal, client: PartnerClient) -> Result[PartnerClient]:
    """A new embed key for a live client (admin): pages still carrying the old one show
    nothing from the next request on. A revoked client gets none."""
    permissions.require_admin(principal)
    if client.revoked_at is not None:
        return Result.fail(
            UserError("A revoked client has no embed.", ErrorCode.NOT_ALLOWED, ("id",))
        )
    client.embed_key = _new_embed_key()
    await client.save(update_fields=["embed_key", "updated_at"])
    return Result(client)


async def embed_client(key: str) -> PartnerClient | None:
    """The live client whose embed key this is, else None."""
    if not key.startswith(EMBED_KEY_PREFIX) or len(key) > 64 or "\x00" in key:
        return None
    return await PartnerClient.get_or_none(embed_key=key, revoked_at=None)


def client_origin_allowed(client: PartnerClient, origin: str) -> bool:
    """Whether a page at `origin` may use this client: call the API with its tokens from a
    browser, or show its embed."""
    try:
        return normalize_origin(origin) in (client.allowed_origins or ())
    except ValueError:
        return False


def embed_snippet(client: PartnerClient, public_url: str, storefront_slug: str) -> str | None:
    """The HTML a partner pastes where the catalog should appear: a script of ours that puts
    the catalog's frame in its place. None while the client has no key (or is revoked)."""
    if client.embed_key is None or client.revoked_at is not None:
        return None
    base = public_url.rstrip("/")
    return (
        f'<script src="{base}/s/{storefront_slug}/embed.js?key={client.embed_key}" async></script>'
    )


async def revoke_partner_client(
    principal: Principal, client: PartnerClient
) -> Result[PartnerClient]:
    """Revoke a client: it gets no new tokens, and its live tokens stop working on their next
    request (partner_principal reads the row every time). Revoking twice keeps the first date."""
    permissions.require_admin(principal)
    if client.revoked_at is None:
        client.revoked_at = datetime.datetime.now(datetime.UTC)
        await client.save(update_fields=["revoked_at", "updated_at"])
    return Result(client)


def list_partner_clients(principal: Principal) -> QuerySet[PartnerClient]:
    """All partner clients, newest first (admin only)."""
    permissions.require_admin(principal)
    return PartnerClient.all().order_by("-id")


async def authenticate_client(client_id: str, secret: str) -> PartnerClient | None:
    """The live client whose secret this is, else None. An unknown or revoked id is checked
    against a dummy hash, so the answer takes as long as for a wrong secret and does not tell
    which clients exist."""
    client = None
    # Ids are ours ("vp_" and letters): anything else names no client, and a NUL would be an
    # error from PostgreSQL rather than no row.
    if client_id and len(client_id) <= 64 and "\x00" not in client_id:
        client = await PartnerClient.get_or_none(client_id=client_id, revoked_at=None)
    if not await verify_password(client.secret_hash if client else None, secret):
        return None
    return client


def token_scopes(client: PartnerClient, requested: Sequence[str] | None) -> list[str]:
    """What a token for `client` carries: the requested scopes, or all of the client's, in the
    client's order and only those the server still offers."""
    offered = [s for s in client.scopes if s in SCOPES]
    if requested is None:
        return offered
    return [s for s in offered if s in set(requested)]


async def partner_principal(claims: TokenClaims) -> Principal:
    """The partner behind verified token claims; InvalidToken when the client is gone or
    revoked."""
    client_pk = claims.subject_id("partner")
    if claims.version != PARTNER_TOKEN_VERSION:
        raise InvalidToken("unknown token version")
    client = await PartnerClient.get_or_none(id=client_pk)
    if client is None or client.revoked_at is not None:
        raise InvalidToken("revoked")
    # A token asked for fewer scopes keeps fewer, and a scope the admin has since removed from
    # the client is gone at once: the principal gets what both the token and the client allow.
    granted = claims.extra.get("scp")
    requested = [str(s) for s in granted] if isinstance(granted, list) else []
    return Principal(
        kind=PARTNER_KIND, partner=client, scopes=tuple(token_scopes(client, requested))
    )
