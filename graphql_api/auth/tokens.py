"""Signed bearer tokens (JWT, HS256, joserfc)."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

ALGORITHM = "HS256"
ISSUER = "vitrine"


class InvalidToken(Exception):
    """The token is malformed, forged, expired or revoked."""


@dataclass(frozen=True)
class TokenClaims:
    subject: str
    kind: str
    version: int
    expires_at: int
    token_id: str
    extra: dict[str, Any]

    def subject_id(self, prefix: str) -> int:
        """The primary key in a subject like "staff:12"; InvalidToken for any other shape."""
        kind, _, pk = self.subject.partition(":")
        if kind != prefix or not pk.isdigit():
            raise InvalidToken("bad subject")
        return int(pk)


class TokenSigner:
    def __init__(self, secret_key: str) -> None:
        self._key = OctKey.import_key(secret_key)
        self._registry = jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": ISSUER},
            exp={"essential": True},
            sub={"essential": True},
            leeway=0,
        )

    def issue(
        self, *, subject: str, kind: str, version: int, ttl: int, **extra: Any
    ) -> tuple[str, int]:
        """A token and its expiry (Unix seconds)."""
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "sub": subject,
            "knd": kind,
            "ver": version,
            "iat": now,
            "exp": now + ttl,
            "jti": secrets.token_urlsafe(12),
            **extra,
        }
        return jwt.encode({"alg": ALGORITHM}, claims, self._key), now + ttl

    def read(self, token: str) -> TokenClaims:
        try:
            decoded = jwt.decode(token, self._key, algorithms=[ALGORITHM])
            self._registry.validate(decoded.claims)
        except (JoseError, ValueError) as exc:
            raise InvalidToken(str(exc)) from None
        claims = dict(decoded.claims)
        try:
            return TokenClaims(
                subject=str(claims.pop("sub")),
                kind=str(claims.pop("knd")),
                version=int(claims.pop("ver")),
                expires_at=int(claims.pop("exp")),
                token_id=str(claims.pop("jti")),
                extra=claims,
            )
        except (KeyError, TypeError, ValueError):
            raise InvalidToken("token claims are incomplete") from None
