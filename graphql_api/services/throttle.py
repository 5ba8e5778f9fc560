"""Throttles for sign-in and link mails (issue 9, OWASP "Blocking Brute Force Attacks").

Every attempt is counted *before* the password is checked, by one atomic operation that both
counts and decides: of 40 simultaneous guesses only the ones the policy allows reach the
password check. The counters live in the database (one `INSERT ... ON CONFLICT DO UPDATE ...
RETURNING` per attempt, atomic on SQLite and PostgreSQL) or, when `REDIS_URL` is set, in Redis
(one Lua script per attempt); either way every process sees the same counts.

Two policies:

- `Backoff`, per account: `free` attempts, then each further one must wait `base * 2**k`
  seconds (k = 0, 1, 2, ...; at most `cap`). Nobody is locked out: once the delay has passed the
  right password works, and a refused attempt does not lengthen the delay. Forgotten after
  `quiet` seconds without attempts, and at once by a successful sign-in.
- `Quota`, per client address or mailbox: at most `limit` per `window` seconds.

The README section "Sign-in throttling" states the policy with its settings.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
from dataclasses import dataclass
from typing import Protocol

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from graphql_api.services.errors import ErrorCode, UserError
from graphql_api.settings import Settings

# A throttle row left alone longer than its window means nothing any more; every this many
# counted attempts a process deletes such rows so the table stays as small as the live keys.
PRUNE_EVERY = 256


@dataclass(frozen=True)
class Backoff:
    free: int
    base: float
    cap: float
    quiet: float

    def delay(self, hits: int) -> float:
        """Seconds the attempt after the `hits`-th must wait."""
        if hits < self.free:
            return 0.0
        return min(self.cap, self.base * 2.0 ** min(hits - self.free, 62))

    @property
    def capped_from(self) -> int:
        """The first count whose delay is the cap (at most 30 doublings, so SQL can shift)."""
        hits = self.free
        while hits < self.free + 30 and self.base * 2.0 ** (hits - self.free) < self.cap:
            hits += 1
        return hits


@dataclass(frozen=True)
class Quota:
    limit: int
    window: float


Policy = Backoff | Quota


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: float = 0.0

    @property
    def wait(self) -> int:
        """Whole seconds to wait (Retry-After), at least 1 when refused."""
        return max(1, math.ceil(self.retry_after)) if not self.allowed else 0


def key(scope: str, subject: str) -> str:
    # Hashed: the store holds no emails or addresses in clear, and keys have a fixed length.
    return f"{scope}:{hashlib.sha256(subject.encode()).hexdigest()[:40]}"


class Store(Protocol):
    async def hit(self, key: str, policy: Policy, now: float) -> Decision:
        """Count one attempt and say whether it may go ahead; a refused one is not counted."""
        ...

    async def clear(self, key: str) -> None:
        """Forget the key (a successful sign-in ends the account's backoff)."""
        ...

    async def refund(self, key: str, now: float) -> None:
        """Give back one counted attempt of a Quota (it turned out to be a success)."""
        ...


class SqlStore:
    """Counters in the `throttle_counter` table of the application's database."""

    TABLE = "throttle_counter"

    def __init__(self) -> None:
        self._counted = 0

    @staticmethod
    def _connection() -> BaseDBAsyncClient:
        return connections.get("default")

    def _marker(self) -> str:
        # Numbered parameters, so one value can be used several times: $n for asyncpg, ?n for
        # SQLite.
        return "$" if self._connection().capabilities.dialect == "postgres" else "?"

    def _upsert(self, policy: Policy) -> str:
        p = self._marker()
        t = self.TABLE
        now = f"CAST({p}4 AS DOUBLE PRECISION)"
        stale = f"{t}.expires_at <= {now}"
        hits = f"(CASE WHEN {stale} THEN 1 ELSE {t}.hits + 1 END)"
        if isinstance(policy, Backoff):
            # Policy numbers are ours (settings), written as literals so the shift is typed.
            delay = (
                f"CASE WHEN {hits} >= {policy.capped_from} THEN {float(policy.cap)!r} "
                f"ELSE {float(policy.base)!r} * (1 << ({hits} - {policy.free})) END"
            )
            # A free attempt leaves no time to wait (0, not "now"): requests read the clock
            # before their statements run, so a later statement may carry an earlier clock, and
            # "allowed from now" would refuse it while free attempts were left.
            allowed = (
                f"CASE WHEN {hits} < {policy.free} THEN 0.0 "
                f"ELSE {now} + CAST({delay} AS DOUBLE PRECISION) END"
            )
            expires = f"{now} + {float(policy.quiet)!r}"
        else:
            window = float(policy.window)
            expires = f"(CASE WHEN {stale} THEN {now} + {window!r} ELSE {t}.expires_at END)"
            allowed = f"CASE WHEN {hits} >= {policy.limit} THEN {expires} ELSE 0.0 END"
        return (
            f'INSERT INTO {t} ("key", hits, allowed_at, expires_at) VALUES ({p}1, 1, {p}2, {p}3) '
            f'ON CONFLICT ("key") DO UPDATE SET hits = {hits}, allowed_at = {allowed}, '
            f"expires_at = {expires} "
            f"WHERE {t}.allowed_at <= {now} OR {stale} RETURNING hits"
        )

    async def hit(self, key: str, policy: Policy, now: float) -> Decision:
        conn = self._connection()
        if isinstance(policy, Backoff):
            first_delay = policy.delay(1)
            first_allowed = now + first_delay if first_delay else 0.0
            first_expires = now + policy.quiet
        else:
            first_expires = now + policy.window
            first_allowed = first_expires if policy.limit <= 1 else 0.0
        # execute_query_dict fetches on both drivers (execute_query drops RETURNING rows of an
        # INSERT on asyncpg).
        rows = await conn.execute_query_dict(
            self._upsert(policy), [key, first_allowed, first_expires, now]
        )
        self._counted += 1
        if self._counted % PRUNE_EVERY == 0:
            await self.prune(now)
        if rows:
            return Decision(True)
        rows = await conn.execute_query_dict(
            f'SELECT allowed_at FROM {self.TABLE} WHERE "key" = {self._marker()}1', [key]
        )
        return Decision(False, (rows[0]["allowed_at"] if rows else now) - now)

    async def clear(self, key: str) -> None:
        await self._connection().execute_query(
            f'DELETE FROM {self.TABLE} WHERE "key" = {self._marker()}1', [key]
        )

    async def refund(self, key: str, now: float) -> None:
        p = self._marker()
        await self._connection().execute_query(
            f"UPDATE {self.TABLE} SET hits = hits - 1, allowed_at = 0.0 "
            f'WHERE "key" = {p}1 AND hits > 0 AND expires_at > CAST({p}2 AS DOUBLE PRECISION)',
            [key, now],
        )

    async def prune(self, now: float) -> None:
        p = self._marker()
        await self._connection().execute_query(
            f"DELETE FROM {self.TABLE} WHERE expires_at <= CAST({p}1 AS DOUBLE PRECISION) "
            f"AND allowed_at <= CAST({p}1 AS DOUBLE PRECISION)",
            [now],
        )


# The same decision as SqlStore's statement, atomic because Redis runs a script alone.
# KEYS[1]; ARGV: now, "b" (Backoff: free, base, cap, quiet) or "q" (Quota: limit, window).
_HIT = """
local now = tonumber(ARGV[1])
local row = redis.call('HMGET', KEYS[1], 'h', 'a', 'e')
local hits = tonumber(row[1]) or 0
local allowed = tonumber(row[2]) or 0
local expires = tonumber(row[3]) or 0
if allowed > now and expires > now then
  return {0, tostring(allowed - now)}
end
if expires <= now then hits = 0 end
hits = hits + 1
if ARGV[2] == 'b' then
  local free, base, cap = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
  -- A free attempt leaves no time to wait (0, not "now"): see SqlStore._upsert.
  allowed = 0
  if hits >= free then allowed = now + math.min(cap, base * 2 ^ math.min(hits - free, 62)) end
  expires = now + tonumber(ARGV[6])
else
  if hits == 1 then expires = now + tonumber(ARGV[4]) end
  if hits >= tonumber(ARGV[3]) then allowed = expires else allowed = 0 end
end
redis.call('HSET', KEYS[1], 'h', hits, 'a', tostring(allowed), 'e', tostring(expires))
redis.call('EXPIRE', KEYS[1], math.ceil(math.max(allowed, expires) - now) + 1)
return {1, '0'}
"""

_REFUND = """
local row = redis.call('HMGET', KEYS[1], 'h', 'e')
local hits = tonumber(row[1]) or 0
if hits > 0 and (tonumber(row[2]) or 0) > tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'h', hits - 1, 'a', '0')
end
return 0
"""


class RedisStore:
    """Counters in Redis, shared by every process that names the same server and prefix."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis.asyncio as redis

        self.client = redis.Redis.from_url(url)
        self.prefix = f"{prefix}throttle:"
        self._hit = self.client.register_script(_HIT)
        self._refund = self.client.register_script(_REFUND)

    async def hit(self, key: str, policy: Policy, now: float) -> Decision:
        args: list[str | int | float]
        if isinstance(policy, Backoff):
            args = ["b", policy.free, policy.base, policy.cap, policy.quiet]
        else:
            args = ["q", policy.limit, policy.window]
        allowed, wait = await self._hit(keys=[self.prefix + key], args=[repr(now), *args])
        return Decision(bool(int(allowed)), float(wait))

    async def clear(self, key: str) -> None:
        await self.client.delete(self.prefix + key)

    async def refund(self, key: str, now: float) -> None:
        await self._refund(keys=[self.prefix + key], args=[repr(now)])

    async def close(self) -> None:
        await self.client.aclose()


_SQL = SqlStore()
# One Redis client (and connection pool) per URL, prefix and event loop of this process.
_redis: dict[tuple[str, str, int], RedisStore] = {}


def store_for(settings: Settings) -> Store:
    if not settings.redis_url:
        return _SQL
    index = (settings.redis_url, settings.redis_prefix, id(asyncio.get_running_loop()))
    if index not in _redis:
        _redis[index] = RedisStore(settings.redis_url, settings.redis_prefix)
    return _redis[index]


async def close() -> None:
    """Close the Redis clients this process opened (at shutdown)."""
    while _redis:
        _, store = _redis.popitem()
        await store.close()


def too_many(decision: Decision, message: str) -> UserError:
    return UserError(message, ErrorCode.TOO_MANY_ATTEMPTS, retry_after=decision.wait)


# --- Sign-in -------------------------------------------------------------------------------

SIGN_IN_REFUSED = "Too many sign-in attempts. Wait {wait} seconds and try again."


def account_policy(settings: Settings) -> Backoff:
    return Backoff(
        free=settings.login_free_failures,
        base=settings.login_backoff_base,
        cap=float(settings.login_backoff_max),
        quiet=float(max(settings.login_window, settings.login_backoff_max)),
    )


def login_address_policy(settings: Settings) -> Quota:
    return Quota(settings.login_address_failures, float(settings.login_window))


@dataclass(frozen=True)
class SignInAttempt:
    """A counted sign-in attempt: `refused` is set when it may not check a password now."""

    settings: Settings
    account: str
    address: str | None
    refused: UserError | None = None

    async def succeeded(self) -> None:
        """The password was right: the account's backoff ends, and the attempt does not count
        against the client address (only failures do)."""
        store = store_for(self.settings)
        await store.clear(self.account)
        if self.address is not None:
            await store.refund(self.address, self.settings.clock())


async def sign_in_attempt(settings: Settings, account: str, client: str | None) -> SignInAttempt:
    """Count a sign-in attempt for `account` (e.g. "staff:ana@example.com") from `client` before
    its password is checked. The address is counted first: when the account then refuses, the
    address gets its attempt back, so a throttled account costs its neighbours nothing."""
    store = store_for(settings)
    now = settings.clock()
    account_key = key("login", account)
    address_key = key("login-address", client) if client else None
    if address_key is not None:
        by_address = await store.hit(address_key, login_address_policy(settings), now)
        if not by_address.allowed:
            refused = too_many(by_address, SIGN_IN_REFUSED.format(wait=by_address.wait))
            return SignInAttempt(settings, account_key, None, refused)
    by_account = await store.hit(account_key, account_policy(settings), now)
    if not by_account.allowed:
        if address_key is not None:
            await store.refund(address_key, now)
        refused = too_many(by_account, SIGN_IN_REFUSED.format(wait=by_account.wait))
        return SignInAttempt(settings, account_key, None, refused)
    return SignInAttempt(settings, account_key, address_key)


# --- Link mails (password reset, account claim) ---------------------------------------------

LINK_REFUSED = "Too many requests from this address. Wait {wait} seconds and try again."


async def link_request_refused(settings: Settings, client: str | None) -> UserError | None:
    """Count a link request from `client`; a UserError when the address is over its limit."""
    if not client:
        return None
    policy = Quota(settings.link_requests_per_address, float(settings.link_mail_window))
    decision = await store_for(settings).hit(key("link-address", client), policy, settings.clock())
    if decision.allowed:
        return None
    return too_many(decision, LINK_REFUSED.format(wait=decision.wait))


async def link_mail_allowed(settings: Settings, mailbox: str) -> bool:
    """Count one link mail to `mailbox`, known or not (so both cost the same and say nothing);
    False when the mailbox has had its share this window."""
    policy = Quota(settings.link_mails_per_email, float(settings.link_mail_window))
    decision = await store_for(settings).hit(key("link-mail", mailbox), policy, settings.clock())
    return decision.allowed
