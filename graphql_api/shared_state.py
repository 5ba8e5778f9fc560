"""State every process of one installation shares: leaky buckets (cost budgets), a small
key-value store (automatic persisted queries) and the response cache of catalog reads. In Redis
when `REDIS_URL` is set, so several `vitrine serve` processes or machines see the same budgets
and cached responses; in this process's memory otherwise (one process, development, tests).

The only module that talks to Redis. A Redis outage does not take the API down: each call
falls back to the in-process state and logs a warning (budgets then hold per process until
Redis answers again).
"""

from __future__ import annotations

import logging
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from redis import asyncio as aioredis
from redis.exceptions import RedisError

from graphql_api.settings import Settings

logger = logging.getLogger("vitrine.shared_state")

# In-process limits, so a flood of distinct callers or documents cannot grow memory unbounded.
MAX_LOCAL_BUCKETS = 100_000
MAX_LOCAL_VALUES = 10_000
REDIS_RETRY_SECONDS = 5

# A bucket drains `rate` units a second; a take that fits is added to its level. Redis runs it
# atomically (one script), on its own clock, so processes on different machines agree.
_LEAKY_BUCKET = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local amount = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'level', 'at')
local level = tonumber(state[1]) or 0
local at = tonumber(state[2]) or now
level = math.max(0, level - math.max(0, now - at) * rate)
local allowed = 0
local wait = 0
if level + amount <= capacity then
  level = level + amount
  allowed = 1
else
  wait = (level + amount - capacity) / rate
end
redis.call('HSET', KEYS[1], 'level', tostring(level), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(level / rate * 1000) + 1000)
return {allowed, tostring(capacity - level), tostring(wait)}
"""


@dataclass(frozen=True)
class BucketState:
    allowed: bool
    # Units that may still be taken now.
    remaining: int
    # Seconds until the refused amount would fit; 0 when allowed.
    retry_after: float


class _LocalBuckets:
    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        # key -> (level, when it was last written, drain rate per second)
        self.levels: dict[str, tuple[float, float, float]] = {}

    def take(self, key: str, amount: int, capacity: int, rate: float) -> BucketState:
        now = self.clock()
        level, at, _ = self.levels.get(key, (0.0, now, rate))
        level = max(0.0, level - max(0.0, now - at) * rate)
        if level + amount <= capacity:
            level += amount
            allowed, wait = True, 0.0
        else:
            allowed, wait = False, (level + amount - capacity) / rate
        if len(self.levels) >= MAX_LOCAL_BUCKETS and key not in self.levels:
            self._forget_drained(now)
        # Re-inserted, so the dict's order is the order of last use.
        self.levels.pop(key, None)
        self.levels[key] = (level, now, rate)
        return BucketState(allowed, math.floor(capacity - level), wait)

    def _forget_drained(self, now: float) -> None:
        drained = [k for k, (lvl, at, rate) in self.levels.items() if lvl <= (now - at) * rate]
        for key in drained:
            del self.levels[key]
        # Every bucket still holds something: drop the least recently used.
        while len(self.levels) >= MAX_LOCAL_BUCKETS:
            del self.levels[next(iter(self.levels))]


class _LocalValues:
    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.values: OrderedDict[str, tuple[str, float]] = OrderedDict()

    def get(self, key: str) -> str | None:
        found = self.values.get(key)
        if found is None:
            return None
        value, expires = found
        if expires <= self.clock():
            del self.values[key]
            return None
        self.values.move_to_end(key)
        return value

    def set(self, key: str, value: str, ttl: int) -> None:
        self.values[key] = (value, self.clock() + ttl)
        self.values.move_to_end(key)
        while len(self.values) > MAX_LOCAL_VALUES:
            self.values.popitem(last=False)


class _LocalCache:
    """The in-process response cache: least recently used first out, bounded by entries and by
    the characters of the values it holds."""

    def __init__(self, clock: Callable[[], float], max_entries: int, max_chars: int) -> None:
        self.clock = clock
        self.max_entries = max_entries
        self.max_chars = max_chars
        self.chars = 0
        self.values: OrderedDict[str, tuple[str, float]] = OrderedDict()

    def get(self, key: str) -> str | None:
        found = self.values.get(key)
        if found is None:
            return None
        value, expires = found
        if expires <= self.clock():
            self._drop(key)
            return None
        self.values.move_to_end(key)
        return value

    def set(self, key: str, value: str, ttl: int) -> None:
        if len(value) > self.max_chars:
            return
        if key in self.values:
            self._drop(key)
        self.values[key] = (value, self.clock() + ttl)
        self.chars += len(value)
        while len(self.values) > self.max_entries or self.chars > self.max_chars:
            self._drop(next(iter(self.values)))

    def _drop(self, key: str) -> None:
        value, _ = self.values.pop(key)
        self.chars -= len(value)


class SharedState:
    """One per app (create_app makes it). `prefix` namespaces every Redis key, so several
    installations (or test runs) can share one Redis."""

    def __init__(
        self,
        redis_url: str = "",
        prefix: str = "vitrine:",
        clock: Callable[[], float] = time.monotonic,
        *,
        cache_entries: int = 10_000,
        cache_chars: int = 64_000_000,
    ) -> None:
        self.prefix = prefix
        self.redis: aioredis.Redis | None = (
            aioredis.Redis.from_url(
                redis_url, decode_responses=True, socket_connect_timeout=1, socket_timeout=1
            )
            if redis_url
            else None
        )
        self._bucket_script = self.redis.register_script(_LEAKY_BUCKET) if self.redis else None
        self._buckets_clock = clock
        self._buckets = _LocalBuckets(clock)
        self._values = _LocalValues(clock)
        self._cache_limits = (cache_entries, cache_chars)
        self._cache = _LocalCache(clock, *self._cache_limits)
        self._warned_at = -math.inf
        # After a failure Redis is left alone for a while: a dead server must not add its
        # connect timeout to every request.
        self._redis_down_until = -math.inf

    @classmethod
    def from_settings(cls, settings: Settings) -> SharedState:
        return cls(
            settings.redis_url,
            settings.redis_prefix,
            cache_entries=settings.response_cache_entries,
            cache_chars=settings.response_cache_bytes,
        )

    @property
    def backend(self) -> str:
        return "redis" if self.redis is not None else "memory"

    def _use_redis(self) -> bool:
        return self.redis is not None and time.monotonic() >= self._redis_down_until

    def _redis_failed(self, exc: Exception) -> None:
        now = time.monotonic()
        self._redis_down_until = now + REDIS_RETRY_SECONDS
        if now - self._warned_at > 60:
            self._warned_at = now
            logger.warning("Redis unavailable, using in-process state: %s", exc)

    async def take(
        self, bucket: str, key: str, amount: int, capacity: int, per_seconds: float
    ) -> BucketState:
        """Add `amount` to the leaky bucket `bucket`/`key`, which holds `capacity` and drains
        `capacity` every `per_seconds`, if it fits. `amount=0` reads the bucket."""
        rate = capacity / per_seconds
        name = f"{self.prefix}bucket:{bucket}:{key}"
        if self._bucket_script is not None and self._use_redis():
            try:
                allowed, remaining, wait = await self._bucket_script(
                    keys=[name], args=[capacity, repr(rate), amount]
                )
                return BucketState(bool(allowed), math.floor(float(remaining)), float(wait))
            except (RedisError, OSError) as exc:
                self._redis_failed(exc)
        return self._buckets.take(name, amount, capacity, rate)

    async def get(self, key: str) -> str | None:
        name = self.prefix + key
        if self.redis is not None and self._use_redis():
            try:
                return await self.redis.get(name)
            except (RedisError, OSError) as exc:
                self._redis_failed(exc)
        return self._values.get(name)

    async def set(self, key: str, value: str, ttl: int) -> None:
        name = self.prefix + key
        if self.redis is not None and self._use_redis():
            try:
                await self.redis.set(name, value, ex=ttl)
                return
            except (RedisError, OSError) as exc:
                self._redis_failed(exc)
        self._values.set(name, value, ttl)

    async def cached(self, key: str) -> str | None:
        """A response cache entry (schema/core/cache.py), or None."""
        name = f"{self.prefix}cache:{key}"
        if self.redis is not None and self._use_redis():
            try:
                return await self.redis.get(name)
            except (RedisError, OSError) as exc:
                self._redis_failed(exc)
        return self._cache.get(name)

    async def cache(self, key: str, value: str, ttl: int) -> None:
        """Keep a response cache entry for `ttl` seconds at most; the least recently used go
        first (in Redis, as its maxmemory policy says)."""
        name = f"{self.prefix}cache:{key}"
        if self.redis is not None and self._use_redis():
            try:
                await self.redis.set(name, value, ex=ttl)
                return
            except (RedisError, OSError) as exc:
                self._redis_failed(exc)
        self._cache.set(name, value, ttl)

    def clear_local(self) -> None:
        """Forget the in-process buckets, values and cached responses (what a process restart
        would do); the test suite shares one app across tests and starts each with full
        budgets."""
        self._buckets = _LocalBuckets(self._buckets_clock)
        self._values = _LocalValues(self._buckets_clock)
        self._cache = _LocalCache(self._buckets_clock, *self._cache_limits)

    async def close(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()
