"""Argon2id password hashing, run in a worker thread so the event loop keeps serving."""

from __future__ import annotations

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10

_hasher = PasswordHasher()  # argon2-cffi defaults: Argon2id, RFC 9106 low-memory profile
# Verified against when the account does not exist, so an unknown email costs as much time as a
# wrong password and the two cannot be told apart. Made by the current hasher, at its cost, on
# the first check rather than at import: commands that never check a password skip the cost.
_dummy_hash: str | None = None


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Hash with `hasher` from now on and return the one it replaces. The test suite installs a
    cheap one, as the Argon2 cost only slows tests down; the app never calls this. Stored hashes
    keep verifying whatever the hasher, since each carries its own parameters."""
    global _hasher, _dummy_hash
    previous, _hasher, _dummy_hash = _hasher, hasher, None
    return previous


def _dummy() -> str:
    global _dummy_hash
    if _dummy_hash is None:  # two threads racing here both make a valid dummy: harmless
        _dummy_hash = _hasher.hash("vitrine-timing-equaliser")
    return _dummy_hash


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
    dummy = _dummy()  # first, whether the account exists or not: the first checks cost alike
    try:
        return _hasher.verify(password_hash or dummy, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; a None hash (unknown account) is checked against a dummy."""
    return await anyio.to_thread.run_sync(_verify, password_hash, password)
