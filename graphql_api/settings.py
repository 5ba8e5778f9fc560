"""Settings read once from the environment.

Every setting is a `VITRINE_*` environment variable except `DATABASE_URL`; the README lists them.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA_DIR = Path("var")
ENVIRONMENTS = ("development", "production")
# Keys published in this repository (tests, benchmarks): never good enough for production.
PUBLISHED_KEYS = frozenset(
    {
        "test-secret-key-that-is-long-enough-for-hs256-signing",
        "bench-secret-key-that-is-long-enough-for-hs256-signing",
        "bench-secret-key-that-is-long-enough-for-hs256",
    }
)
MIN_PRODUCTION_KEY_LENGTH = 32


class SettingsError(ValueError):
    """A setting has a value the application cannot use."""


def _int(env: dict[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _float(env: dict[str, str], name: str, default: float, minimum: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None
    if not value >= minimum or value == float("inf"):
        raise SettingsError(f"{name} must be a finite number of at least {minimum}, got {raw!r}")
    return value


def _bool(env: dict[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def _choice(env: dict[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = (env.get(name) or default).strip().lower()
    if value not in allowed:
        raise SettingsError(f"{name} must be one of {', '.join(allowed)}, got {value!r}")
    return value


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    secret_key: str
    staff_token_ttl: int = 3600
    graphiql: bool = True
    introspection: bool = True
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_body_bytes: int = 1_000_000
    max_page_size: int = 100
    log_level: str = "INFO"
    public_url: str = "http://127.0.0.1:8000"
    contact_token_ttl: int = 3600
    act_as_token_ttl: int = 900
    partner_token_ttl: int = 3600
    invitation_ttl: int = 7 * 24 * 3600
    reset_ttl: int = 3600
    # Sign-in throttling (README "Sign-in throttling"): per account, free failures then a
    # doubling delay; per client address, a budget of failures per window.
    login_free_failures: int = 5
    login_backoff_base: float = 1.0
    login_backoff_max: int = 900
    login_window: int = 900
    login_address_failures: int = 100
    # Link mails (password reset, claim): per email and per client address, per window.
    link_mails_per_email: int = 3
    link_requests_per_address: int = 30
    link_mail_window: int = 3600
    redis_url: str = ""
    redis_prefix: str = "vitrine:"
    mail_backend: str = "console"
    mail_dir: Path = Path("var/mail")
    mail_from: str = "Vitrine <no-reply@vitrine.test>"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    run_worker: bool = True
    environment: str = "development"
    # Query cost (SPEC F8): the most one operation may cost, and the budget each caller gets per
    # minute (a leaky bucket that refills at budget/60 points a second).
    max_query_cost: int = 1000
    cost_budget: int = 10_000
    # Seconds a request may take before it is answered 503; 0 = no limit.
    request_timeout: int = 0
    query_safelist: bool = False
    automatic_persisted_queries: bool = True
    persisted_dir: Path = Path("persisted")
    # The response cache of catalog reads (README "Response cache"): on or off, how long an
    # entry may live, and the in-process store's bounds (Redis, when configured, has its own).
    response_cache: bool = True
    response_cache_ttl: int = 600
    response_cache_entries: int = 10_000
    response_cache_bytes: int = 64_000_000
    # Storefront themes (SPEC E1): development reloads themes on change and shows the detail of
    # a failing page; installed themes live in themes_dir beside the built-in ones.
    development: bool = False
    themes_dir: Path = Path("var/themes")
    # Host name -> storefront slug, for storefronts served on their own domains.
    storefront_domains: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    # Seconds since the epoch; the throttles read time only through it, so tests move time on.
    clock: Callable[[], float] = field(default=time.time, repr=False, compare=False)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        data_dir = Path(env.get("VITRINE_DATA_DIR") or DEFAULT_DATA_DIR)
        database_url = env.get("DATABASE_URL") or f"sqlite://{data_dir / 'vitrine.sqlite3'}"
        if database_url.startswith("postgresql://"):
            # Hosting dashboards hand out postgresql:// URLs; Tortoise spells the scheme postgres.
            database_url = "postgres://" + database_url.removeprefix("postgresql://")
        if not database_url.startswith(("sqlite://", "postgres://")):
            raise SettingsError("DATABASE_URL must start with sqlite:// or postgres://")
        redis_url = (env.get("REDIS_URL") or "").strip()
        if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise SettingsError("REDIS_URL must start with redis://, rediss:// or unix://")
        environment = _choice(env, "VITRINE_ENV", "development", ENVIRONMENTS)
        production = environment == "production"
        if production:
            _check_production_key(env.get("VITRINE_SECRET_KEY") or "", data_dir)
        max_query_cost = _int(env, "VITRINE_MAX_QUERY_COST", 1000, minimum=1)
        cost_budget = _int(env, "VITRINE_COST_BUDGET", 10_000, minimum=1)
        if cost_budget < max_query_cost:
            raise SettingsError(
                f"VITRINE_COST_BUDGET ({cost_budget}) must be at least VITRINE_MAX_QUERY_COST "
                f"({max_query_cost}), or the most expensive allowed query could never run"
            )
        return cls(
            database_url=database_url,
            data_dir=data_dir,
            secret_key=env.get("VITRINE_SECRET_KEY") or _stored_secret(data_dir),
            staff_token_ttl=_int(env, "VITRINE_STAFF_TOKEN_TTL", 3600, minimum=60),
            # A production server shows neither unless asked to.
            graphiql=_bool(env, "VITRINE_GRAPHIQL", not production),
            introspection=_bool(env, "VITRINE_INTROSPECTION", not production),
            max_depth=_int(env, "VITRINE_MAX_DEPTH", 12, minimum=2),
            max_aliases=_int(env, "VITRINE_MAX_ALIASES", 30, minimum=1),
            max_tokens=_int(env, "VITRINE_MAX_TOKENS", 5000, minimum=50),
            max_body_bytes=_int(env, "VITRINE_MAX_BODY_BYTES", 1_000_000, minimum=1024),
            log_level=(env.get("VITRINE_LOG_LEVEL") or "INFO").upper(),
            public_url=(env.get("VITRINE_PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/"),
            contact_token_ttl=_int(env, "VITRINE_CONTACT_TOKEN_TTL", 3600, minimum=60),
            act_as_token_ttl=_int(env, "VITRINE_ACT_AS_TOKEN_TTL", 900, minimum=60),
            # OAuth tokens of partners live at most one hour, whatever is asked.
            partner_token_ttl=min(_int(env, "VITRINE_PARTNER_TOKEN_TTL", 3600, minimum=60), 3600),
            invitation_ttl=_int(env, "VITRINE_INVITATION_TTL", 7 * 24 * 3600, minimum=60),
            reset_ttl=_int(env, "VITRINE_RESET_TTL", 3600, minimum=60),
            login_free_failures=_int(env, "VITRINE_LOGIN_FREE_FAILURES", 5, minimum=1),
            login_backoff_base=_float(env, "VITRINE_LOGIN_BACKOFF_BASE", 1.0, minimum=0.001),
            login_backoff_max=_int(env, "VITRINE_LOGIN_BACKOFF_MAX", 900, minimum=1),
            login_window=_int(env, "VITRINE_LOGIN_WINDOW", 900, minimum=10),
            login_address_failures=_int(env, "VITRINE_LOGIN_ADDRESS_FAILURES", 100, minimum=1),
            link_mails_per_email=_int(env, "VITRINE_LINK_MAILS_PER_EMAIL", 3, minimum=1),
            link_requests_per_address=_int(env, "VITRINE_LINK_REQUESTS_PER_ADDRESS", 30, minimum=1),
            link_mail_window=_int(env, "VITRINE_LINK_MAIL_WINDOW", 3600, minimum=10),
            redis_url=redis_url,
            redis_prefix=env.get("VITRINE_REDIS_PREFIX") or "vitrine:",
            mail_backend=_choice(
                env, "VITRINE_MAIL_BACKEND", "console", ("console", "directory", "smtp")
            ),
            mail_dir=Path(env.get("VITRINE_MAIL_DIR") or data_dir / "mail"),
            mail_from=env.get("VITRINE_MAIL_FROM") or "Vitrine <no-reply@vitrine.test>",
            smtp_host=env.get("VITRINE_SMTP_HOST") or "127.0.0.1",
            smtp_port=_int(env, "VITRINE_SMTP_PORT", 25, minimum=1),
            smtp_user=env.get("VITRINE_SMTP_USER") or "",
            smtp_password=env.get("VITRINE_SMTP_PASSWORD") or "",
            smtp_starttls=_bool(env, "VITRINE_SMTP_STARTTLS", False),
            run_worker=_bool(env, "VITRINE_RUN_WORKER", True),
            environment=environment,
            max_query_cost=max_query_cost,
            cost_budget=cost_budget,
            request_timeout=_int(env, "VITRINE_REQUEST_TIMEOUT", 30 if production else 0),
            query_safelist=_bool(env, "VITRINE_QUERY_SAFELIST", False),
            automatic_persisted_queries=_bool(env, "VITRINE_APQ", True),
            persisted_dir=Path(env.get("VITRINE_PERSISTED_DIR") or "persisted"),
            response_cache=_bool(env, "VITRINE_RESPONSE_CACHE", True),
            response_cache_ttl=_int(env, "VITRINE_RESPONSE_CACHE_TTL", 600, minimum=1),
            response_cache_entries=_int(env, "VITRINE_RESPONSE_CACHE_ENTRIES", 10_000, minimum=1),
            response_cache_bytes=_int(
                env, "VITRINE_RESPONSE_CACHE_BYTES", 64_000_000, minimum=1_000
            ),
            development=_bool(env, "VITRINE_DEVELOPMENT", False),
            themes_dir=Path(env.get("VITRINE_THEMES_DIR") or data_dir / "themes"),
            storefront_domains=_domains(env, "VITRINE_STOREFRONT_DOMAINS"),
        )


def _check_production_key(key: str, data_dir: Path) -> None:
    """Production signs tokens with a key its operator chose: never the one generated into the
    data directory for development, one published in this repository, or a short one."""
    if not key:
        raise SettingsError(
            "VITRINE_ENV=production needs VITRINE_SECRET_KEY: a random value of at least "
            f"{MIN_PRODUCTION_KEY_LENGTH} characters, the same on every machine "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    stored = data_dir / "secret.key"
    generated = stored.read_text(encoding="utf-8").strip() if stored.exists() else None
    if key in PUBLISHED_KEYS or key == generated:
        raise SettingsError(
            "VITRINE_SECRET_KEY is a development key (published, or generated into the data "
            "directory); production needs its own"
        )
    if len(key) < MIN_PRODUCTION_KEY_LENGTH or len(set(key)) < 10:
        raise SettingsError(
            f"VITRINE_SECRET_KEY is too weak for production: at least "
            f"{MIN_PRODUCTION_KEY_LENGTH} characters of a random value"
        )


def _domains(env: dict[str, str], name: str) -> dict[str, str]:
    """`shop.example.com=main,b2b.example.org=wholesale`: host name -> storefront slug."""
    mapping: dict[str, str] = {}
    for item in (env.get(name) or "").split(","):
        if not item.strip():
            continue
        host, sep, slug = item.partition("=")
        host, slug = host.strip().lower(), slug.strip()
        if not sep or not host or not slug:
            raise SettingsError(f"{name} must look like host=slug,host2=slug2, got {item!r}")
        mapping[host] = slug
    return mapping


def _stored_secret(data_dir: Path) -> str:
    """A signing key kept in the data directory, so tokens survive restarts and are shared by
    every worker on this machine. Production sets VITRINE_SECRET_KEY instead."""
    path = data_dir / "secret.key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: two workers starting together must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
