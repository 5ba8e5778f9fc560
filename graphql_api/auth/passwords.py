"""Argon2id password hashing, run in a worker thread so the event loop keeps serving."""

from __future__ import annotations

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2-cffi defaults: Argon2id, RFC 9106 low-memory profile

# Verified against when the account does not exist, so an unknown email costs as much time as a
# wrong password and the two cannot be told apart.
_DUMMY_HASH = _hasher.hash("vitrine-timing-equaliser")

MIN_LENGTH = 10


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None."""
    if len(password) < MIN_LENGTH:
        return f"Password must have at least {MIN_LENGTH} characters."
    if len(password) > 256:
        return "Password must have at most 256 characters."
    return None


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_hasher.hash, password)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; a None hash (unknown account) is checked against a dummy."""
    return await anyio.to_thread.run_sync(_verify, password_hash, password)
