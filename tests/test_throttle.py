"""Sign-in and link mail throttling (issue 9; README "Sign-in throttling"): staffLogin is
throttled like buyer sign-in, attempts are counted before the password is checked so a burst
of parallel guesses reaches the password check only as often as the policy allows (in one
process, across processes through the database, and across processes through Redis), nobody
is locked out for good, shared addresses keep working, and password reset and claim requests do
the same work for every email and send a mailbox a bounded number of mails."""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from graphql_api.app import create_app
from graphql_api.global_ids import pk_of
from graphql_api.models import Activity, Notification, ThrottleCounter
from graphql_api.models.enums import StaffRole
from graphql_api.services import activity, background, throttle
from graphql_api.services.staff import create_staff
from graphql_api.settings import Settings
from tests import servers as tests_servers
from tests.conftest import LOGIN as STAFF_LOGIN
from tests.conftest import PASSWORD, Api
from tests.factories import create_company
from tests.identity_helpers import BUYER_PASSWORD, activate, add_contact

REPO = Path(__file__).resolve().parent.parent
VITRINE = REPO / ".venv" / "bin" / "vitrine"
REDIS_URL = os.environ.get("VITRINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

STAFF_EMAIL = "boss@example.com"
BUYER_EMAIL = "ana@cliente.com.br"
WRONG = "not-the-password-1"
OFFICE = "203.0.113.7"  # documentation addresses (RFC 5737)
ELSEWHERE = "198.51.100.2"

CONTACT_LOGIN = """mutation($email: String!, $password: String!) {
  contactLogin(input: {email: $email, password: $password}) {
    session { token } userErrors { field message code retryAfter } } }"""
STAFF_LOGIN_RETRY = STAFF_LOGIN.replace("code }", "code retryAfter }")
RESET_REQUEST = """mutation($email: String!) { requestPasswordReset(input: {email: $email}) {
  ok userErrors { field message code retryAfter } } }"""
CLAIM_REQUEST = """mutation($email: String!) { claimAccount(input: {email: $email}) {
  ok userErrors { field message code retryAfter } } }"""


class Clock:
    """The throttles' clock (Settings.clock), moved on by the test instead of sleeping."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


MakeApi = Callable[..., Awaitable[Api]]


@pytest.fixture
async def make_api(database: Settings, clock: Clock) -> AsyncIterator[MakeApi]:
    """`await make_api(address, **settings)`: an API client calling from `address`, on an app
    whose settings are the test's with the fake clock, a 1-second backoff base and overrides."""
    clients: list[httpx.AsyncClient] = []

    async def make(address: str = OFFICE, **overrides: Any) -> Api:
        settings = replace(database, clock=clock, **{"login_backoff_base": 1.0, **overrides})
        app = create_app(settings, manage_database=False)
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        http = httpx.AsyncClient(transport=transport, base_url="http://testserver")
        clients.append(http)
        return Api(http)

    yield make
    for http in clients:
        await http.aclose()


async def staff_login(api: Api, password: str, email: str = STAFF_EMAIL) -> dict[str, Any]:
    body = await api.data(STAFF_LOGIN_RETRY, {"email": email, "password": password})
    return body["staffLogin"]


async def contact_login(api: Api, password: str, email: str = BUYER_EMAIL) -> dict[str, Any]:
    body = await api.data(CONTACT_LOGIN, {"email": email, "password": password})
    return body["contactLogin"]


def outcome(payload: dict[str, Any]) -> tuple[str, int | None]:
    """("OK", None) for a session, else the error's code and retryAfter."""
    if payload["session"] is not None:
        return "OK", None
    error = payload["userErrors"][0]
    return error["code"], error["retryAfter"]


@pytest.fixture
async def buyer_contact(api: Api, admin: Api) -> dict[str, Any]:
    company = await create_company(admin)
    contact = await add_contact(admin, company["id"], BUYER_EMAIL)
    await activate(api, admin, contact["id"])
    return contact


# --- staffLogin: the reproduction, and the backoff ------------------------------------


async def test_thirty_wrong_staff_passwords_then_the_right_one_waits_for_the_backoff(
    make_api: MakeApi, clock: Clock
) -> None:
    await create_staff(STAFF_EMAIL, PASSWORD, StaffRole.ADMIN)
    api = await make_api()
    answers = [outcome(await staff_login(api, WRONG)) for _ in range(30)]
    # Five passwords were checked; the 25 later guesses were refused unchecked and, refused,
    # did not lengthen the delay (a stranger cannot lock the owner out by hammering).
    assert answers == [("INVALID_CREDENTIALS", None)] * 5 + [("TOO_MANY_ATTEMPTS", 1)] * 25
    assert outcome(await staff_login(api, PASSWORD)) == ("TOO_MANY_ATTEMPTS", 1)
    clock.advance(0.6)
    assert outcome(await staff_login(api, PASSWORD)) == ("TOO_MANY_ATTEMPTS", 1)
    clock.advance(0.4)
    signed_in = await staff_login(api, PASSWORD)
    assert outcome(signed_in) == ("OK", None)
    assert signed_in["session"]["token"]
    # Signing in ends the backoff: the next mistake is an ordinary one.
    assert outcome(await staff_login(api, WRONG)) == ("INVALID_CREDENTIALS", None)


async def test_each_further_failure_doubles_the_wait_up_to_the_cap_then_the_owner_gets_in(
    make_api: MakeApi, clock: Clock
) -> None:
    await create_staff(STAFF_EMAIL, PASSWORD, StaffRole.ADMIN)
    api = await make_api(login_backoff_max=16)
    for _ in range(5):
        assert outcome(await staff_login(api, WRONG)) == ("INVALID_CREDENTIALS", None)
    waits = []
    for _ in range(7):
        code, wait = outcome(await staff_login(api, WRONG))
        assert code == "TOO_MANY_ATTEMPTS"
        waits.append(wait)
        clock.advance(wait)  # a patient attacker waits every delay out, then guesses again
        assert outcome(await staff_login(api, WRONG)) == ("INVALID_CREDENTIALS", None)
    assert waits == [1, 2, 4, 8, 16, 16, 16]
    assert outcome(await staff_login(api, PASSWORD)) == ("TOO_MANY_ATTEMPTS", 16)
    clock.advance(16)
    assert outcome(await staff_login(api, PASSWORD)) == ("OK", None)


async def test_failures_are_forgotten_after_a_quiet_window(make_api: MakeApi, clock: Clock) -> None:
    await create_staff(STAFF_EMAIL, PASSWORD, StaffRole.ADMIN)
    api = await make_api(login_window=900)
    for _ in range(5):
        await staff_login(api, WRONG)
    assert outcome(await staff_login(api, WRONG)) == ("TOO_MANY_ATTEMPTS", 1)
    clock.advance(900)
    # Five fresh free attempts, not a delay carried over from a quarter of an hour ago.
    for _ in range(5):
        assert outcome(await staff_login(api, WRONG)) == ("INVALID_CREDENTIALS", None)
    assert outcome(await staff_login(api, WRONG)) == ("TOO_MANY_ATTEMPTS", 1)


async def test_staff_and_buyer_accounts_of_one_email_are_throttled_separately(
    make_api: MakeApi, buyer_contact: dict[str, Any]
) -> None:
    await create_staff(BUYER_EMAIL, PASSWORD, StaffRole.SALES_REP)
    api = await make_api()
    for _ in range(5):
        await staff_login(api, WRONG, BUYER_EMAIL)
    assert outcome(await staff_login(api, PASSWORD, BUYER_EMAIL))[0] == "TOO_MANY_ATTEMPTS"
    assert outcome(await contact_login(api, BUYER_PASSWORD)) == ("OK", None)


# --- contactLogin and the cookie sign-in ---------------------------------------------------


async def test_buyer_sign_in_backs_off_and_the_cookie_sign_in_says_429_with_retry_after(
    make_api: MakeApi, clock: Clock, buyer_contact: dict[str, Any]
) -> None:
    api = await make_api()
    for _ in range(5):
        assert outcome(await contact_login(api, WRONG)) == ("INVALID_CREDENTIALS", None)
    assert outcome(await contact_login(api, BUYER_PASSWORD)) == ("TOO_MANY_ATTEMPTS", 1)
    cookie = await api.http.post("/session", json={"email": BUYER_EMAIL, "password": WRONG})
    assert cookie.status_code == 429
    assert cookie.headers["retry-after"] == "1"
    assert cookie.json()["errors"][0]["extensions"]["code"] == "TOO_MANY_ATTEMPTS"
    clock.advance(1)
    cookie = await api.http.post(
        "/session", json={"email": BUYER_EMAIL, "password": BUYER_PASSWORD}
    )
    assert cookie.status_code == 200, cookie.text
    # Five passwords were checked: the refused attempts left no failed sign-in in the log.
    failed = await Activity.filter(
        kind=activity.LOGIN_FAILED, contact_id=buyer_contact_id(buyer_contact)
    ).count()
    assert failed == 5


def buyer_contact_id(contact: dict[str, Any]) -> int:
    return pk_of(contact["id"], "Contact")


# --- per client address ------------------------------------------------------------------------


async def test_an_address_over_its_failure_budget_does_not_lock_out_others_before_its_limit(
    make_api: MakeApi, clock: Clock
) -> None:
    await create_staff(STAFF_EMAIL, PASSWORD, StaffRole.ADMIN)
    await create_staff("clerk@example.com", PASSWORD, StaffRole.SALES_REP)
    office = await make_api(OFFICE, login_address_failures=10)
    elsewhere = await make_api(ELSEWHERE, login_address_failures=10)
    for _ in range(5):
        assert outcome(await staff_login(office, WRONG)) == ("INVALID_CREDENTIALS", None)
    # Refused by the account's backoff, these use none of the address's budget of failures.
    for _ in range(20):
        assert outcome(await staff_login(office, WRONG)) == ("TOO_MANY_ATTEMPTS", 1)
    # Someone in the office stuffs credentials: four more failures, on four other accounts.
    for n in range(4):
        assert outcome(await staff_login(office, WRONG, f"guess{n}@example.com"))[0] == (
            "INVALID_CREDENTIALS"
        )
    # Nine failures: a colleague behind the same address signs in, as often as she likes;
    # successes are not failures and do not use the budget.
    for _ in range(15):
        assert outcome(await staff_login(office, PASSWORD, "clerk@example.com")) == ("OK", None)
    assert outcome(await staff_login(office, WRONG, "guess9@example.com"))[0] == (
        "INVALID_CREDENTIALS"
    )
    # The tenth failure used the budget up: until the window ends, nobody from there.
    assert outcome(await staff_login(office, PASSWORD, "clerk@example.com")) == (
        "TOO_MANY_ATTEMPTS",
        900,
    )
    # The limit is the address's, not the account's: from elsewhere the clerk signs in.
    assert outcome(await staff_login(elsewhere, PASSWORD, "clerk@example.com")) == ("OK", None)
    clock.advance(900)
    assert outcome(await staff_login(office, PASSWORD, "clerk@example.com")) == ("OK", None)


# --- password reset and claim mails ----------------------------------------------------------


async def test_sixty_reset_requests_for_one_email_queue_at_most_the_limit_of_mails(
    make_api: MakeApi, clock: Clock, buyer_contact: dict[str, Any]
) -> None:
    api = await make_api(link_requests_per_address=1000)
    answers = [await api.data(RESET_REQUEST, {"email": BUYER_EMAIL}) for _ in range(60)]
    assert answers == [{"requestPasswordReset": {"ok": True, "userErrors": []}}] * 60
    await background.settle()
    assert await Notification.filter(kind="password_reset", recipient=BUYER_EMAIL).count() == 3
    # The limit is the mailbox's, whoever asks and whichever link.
    elsewhere = await make_api(ELSEWHERE)
    assert (await elsewhere.data(RESET_REQUEST, {"email": BUYER_EMAIL}))[
        "requestPasswordReset"
    ] == {"ok": True, "userErrors": []}
    await background.settle()
    assert await Notification.filter(recipient=BUYER_EMAIL, kind="password_reset").count() == 3
    clock.advance(3600)
    await elsewhere.data(RESET_REQUEST, {"email": BUYER_EMAIL})
    await background.settle()
    assert await Notification.filter(recipient=BUYER_EMAIL, kind="password_reset").count() == 4


async def test_an_address_asking_for_too_many_links_is_told_to_wait(
    make_api: MakeApi, clock: Clock
) -> None:
    office = await make_api(link_requests_per_address=30)
    elsewhere = await make_api(ELSEWHERE, link_requests_per_address=30)
    answers = []
    for n in range(60):
        query = RESET_REQUEST if n % 2 else CLAIM_REQUEST
        body = await office.data(query, {"email": f"someone{n}@example.com"})
        answers.append(next(iter(body.values())))
    assert answers[:30] == [{"ok": True, "userErrors": []}] * 30
    refused = {
        "ok": None,
        "userErrors": [
            {
                "field": None,
                "message": "Too many requests from this address. Wait 3600 seconds and try again.",
                "code": "TOO_MANY_ATTEMPTS",
                "retryAfter": 3600,
            }
        ],
    }
    assert answers[30:] == [refused] * 30
    assert (await elsewhere.data(RESET_REQUEST, {"email": "x@example.com"}))[
        "requestPasswordReset"
    ]["ok"]
    clock.advance(3600)
    assert (await office.data(RESET_REQUEST, {"email": "x@example.com"}))["requestPasswordReset"][
        "ok"
    ]


class _Statements(logging.Handler):
    """The SQL a request itself sends (Tortoise's log), without the values and without the
    statements of background work."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        task = asyncio.current_task()
        if task is not None and task.get_name().endswith(" link"):
            return
        message = record.getMessage()
        if message.startswith(("Created connection", "Closed connection")):
            return
        self.statements.append(message.rsplit(": [", 1)[0])


@contextmanager
def request_statements() -> Iterator[_Statements]:
    logger = logging.getLogger("tortoise.db_client")
    handler = _Statements()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


@pytest.mark.parametrize(
    ("query", "kind", "email"),
    [
        (RESET_REQUEST, "password_reset", BUYER_EMAIL),
        (CLAIM_REQUEST, "claim_account", "claimable@cliente.com.br"),
    ],
)
async def test_known_and_unknown_emails_get_the_same_answer_after_the_same_work(
    make_api: MakeApi,
    admin: Api,
    buyer_contact: dict[str, Any],
    query: str,
    kind: str,
    email: str,
) -> None:
    company = await create_company(admin)
    await add_contact(admin, company["id"], "claimable@cliente.com.br")
    api = await make_api()
    await api.data(query, {"email": "warm-up@example.com"})  # first-use caches out of the way
    await background.settle()
    with request_statements() as known:
        known_answer = await api.data(query, {"email": email})
    with request_statements() as unknown:
        unknown_answer = await api.data(query, {"email": "nobody@cliente.com.br"})
    field = next(iter(known_answer))
    assert known_answer == unknown_answer == {field: {"ok": True, "userErrors": []}}
    assert known.statements == unknown.statements
    assert sum("throttle_counter" in s for s in known.statements) == 2  # address, mailbox
    assert not any("contact" in s for s in known.statements)
    # The difference comes after the answer: a link for the known email only.
    await background.settle()
    assert await Notification.filter(kind=kind, recipient=email).count() == 1
    assert await Notification.filter(recipient="nobody@cliente.com.br").count() == 0


# --- the stores: atomic under concurrency, the same decisions in the database and in Redis -----


@pytest.fixture(params=["database", "redis"])
async def store_settings(
    request: pytest.FixtureRequest, database: Settings, clock: Clock
) -> AsyncIterator[Settings]:
    if request.param == "database":
        yield replace(database, clock=clock)
        return
    prefix = f"vitrine-test-{uuid.uuid4().hex}:"
    settings = replace(database, clock=clock, redis_url=REDIS_URL, redis_prefix=prefix)
    store = throttle.store_for(settings)
    assert isinstance(store, throttle.RedisStore)
    try:
        await store.client.ping()
    except Exception as exc:  # noqa: BLE001 - any failure to reach Redis means "not here"
        await throttle.close()
        pytest.skip(f"no Redis at {REDIS_URL}: {exc}")
    yield settings
    keys = [key async for key in store.client.scan_iter(match=f"{prefix}*")]
    if keys:
        await store.client.delete(*keys)
    await throttle.close()


async def test_forty_simultaneous_attempts_pass_only_as_often_as_the_policy_allows(
    store_settings: Settings, clock: Clock
) -> None:
    store = throttle.store_for(store_settings)
    backoff = throttle.Backoff(free=5, base=60.0, cap=900.0, quiet=900.0)
    decisions = await asyncio.gather(*(store.hit("account", backoff, clock()) for _ in range(40)))
    assert sum(d.allowed for d in decisions) == 5
    assert {d.wait for d in decisions if not d.allowed} == {60}
    quota = throttle.Quota(limit=7, window=60.0)
    decisions = await asyncio.gather(*(store.hit("address", quota, clock()) for _ in range(40)))
    assert sum(d.allowed for d in decisions) == 7
    if not store_settings.redis_url:
        assert await ThrottleCounter.all().count() == 2


async def test_free_attempts_are_free_whatever_order_their_clocks_arrive_in(
    store_settings: Settings, clock: Clock
) -> None:
    """Each request reads the clock before its statement runs, so under load a statement may
    carry an earlier time than the one before it. A free attempt must not make the next one
    wait: here each of the five free attempts arrives with a clock a millisecond earlier."""
    store = throttle.store_for(store_settings)
    backoff = throttle.Backoff(free=5, base=60.0, cap=900.0, quiet=900.0)
    start = clock()
    decisions = [await store.hit("account", backoff, start - n / 1000) for n in range(6)]
    assert [d.allowed for d in decisions] == [True] * 5 + [False]
    assert decisions[-1].retry_after == pytest.approx(60.001)  # from the 5th, a ms later


async def test_the_policies_decide_alike_in_the_database_and_in_redis(
    store_settings: Settings, clock: Clock
) -> None:
    store = throttle.store_for(store_settings)
    backoff = throttle.Backoff(free=2, base=1.0, cap=4.0, quiet=100.0)

    async def attempt() -> int | None:
        decision = await store.hit("account", backoff, clock())
        return None if decision.allowed else decision.wait

    assert [await attempt(), await attempt(), await attempt()] == [None, None, 1]
    clock.advance(1)
    assert [await attempt(), await attempt()] == [None, 2]
    clock.advance(2)
    assert [await attempt(), await attempt()] == [None, 4]
    clock.advance(4)
    assert [await attempt(), await attempt()] == [None, 4]  # capped
    await store.clear(throttle.key("login", "x"))  # another key: nothing changes
    assert await attempt() == 4
    await store.clear("account")
    assert [await attempt(), await attempt(), await attempt()] == [None, None, 1]
    clock.advance(100)  # quiet: forgotten
    assert [await attempt(), await attempt(), await attempt()] == [None, None, 1]

    quota = throttle.Quota(limit=2, window=10.0)

    async def request() -> int | None:
        decision = await store.hit("address", quota, clock())
        return None if decision.allowed else decision.wait

    assert [await request(), await request(), await request()] == [None, None, 10]
    await store.refund("address", clock())
    clock.advance(4)
    assert [await request(), await request()] == [None, 6]
    clock.advance(6)
    assert [await request(), await request(), await request()] == [None, None, 10]


# --- real `vitrine serve` processes --------------------------------------------------------------


@contextmanager
def serving(settings: Settings, log: Path, **env: str) -> Iterator[str]:
    """A `vitrine serve` process on the test's database; yields its base URL."""
    started = tests_servers.serving([tests_servers.on_test_database(settings, **env)], log.parent)
    with started as [server]:
        yield server.url


async def _burst(bases: list[str], free: int) -> tuple[list[tuple[str, int | None]], Any]:
    """39 wrong passwords at once, spread over the servers, and the right one sent as soon as
    the throttle has engaged (`free` wrong answers back) while the rest are still in flight."""
    engaged = asyncio.Event()
    checked = 0

    async with httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=80)) as http:

        async def attempt(base: str, password: str) -> tuple[str, int | None]:
            response = await http.post(
                f"{base}/graphql",
                json={
                    "query": CONTACT_LOGIN,
                    "variables": {"email": BUYER_EMAIL, "password": password},
                },
            )
            assert response.status_code == 200, response.text
            return outcome(response.json()["data"]["contactLogin"])

        async def wrong(n: int) -> tuple[str, int | None]:
            nonlocal checked
            result = await attempt(bases[n % len(bases)], WRONG)
            if result[0] == "INVALID_CREDENTIALS":
                checked += 1
                if checked >= free:
                    engaged.set()
            return result

        async def all_wrong() -> list[tuple[str, int | None]]:
            try:
                return list(await asyncio.gather(*(wrong(n) for n in range(39))))
            finally:
                engaged.set()

        async def right() -> tuple[str, int | None]:
            await engaged.wait()
            return await attempt(bases[-1], BUYER_PASSWORD)

        return await asyncio.gather(all_wrong(), right())


async def _verifications(contact: dict[str, Any]) -> int:
    contact_id = buyer_contact_id(contact)
    return await Activity.filter(
        kind__in=[activity.LOGIN_FAILED, activity.LOGIN], contact_id=contact_id
    ).count()


async def test_forty_parallel_buyer_sign_ins_on_a_real_server_check_only_five_passwords(
    database: Settings, buyer_contact: dict[str, Any], tmp_path: Path
) -> None:
    with serving(database, tmp_path / "server.log", VITRINE_LOGIN_BACKOFF_BASE="60") as base:
        wrong, right = await _burst([base], free=5)
    assert wrong.count(("INVALID_CREDENTIALS", None)) == 5
    assert len([w for w in wrong if w[0] == "TOO_MANY_ATTEMPTS"]) == 34
    # The right password came while the account was throttled: not let in, told to wait.
    assert right[0] == "TOO_MANY_ATTEMPTS"
    assert 1 <= right[1] <= 60
    assert await _verifications(buyer_contact) == 5
    assert await ThrottleCounter.all().count() >= 2  # the account and the address


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    import redis

    prefix = f"vitrine-test-{uuid.uuid4().hex}:"
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"no Redis at {REDIS_URL}: {exc}")
    yield prefix
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


async def test_two_servers_sharing_redis_share_the_throttle(
    database: Settings, buyer_contact: dict[str, Any], tmp_path: Path, redis_prefix: str
) -> None:
    await create_staff(STAFF_EMAIL, PASSWORD, StaffRole.ADMIN)
    rows_before = await ThrottleCounter.all().count()  # the fixtures' own sign-ins, in-process
    env = {
        "VITRINE_LOGIN_BACKOFF_BASE": "60",
        "REDIS_URL": REDIS_URL,
        "VITRINE_REDIS_PREFIX": redis_prefix,
    }
    with ExitStack() as servers:
        one = servers.enter_context(serving(database, tmp_path / "one.log", **env))
        two = servers.enter_context(serving(database, tmp_path / "two.log", **env))
        wrong, right = await _burst([one, two], free=5)
        async with httpx.AsyncClient(timeout=60) as http:

            async def staff_on(base: str, password: str) -> tuple[str, int | None]:
                response = await http.post(
                    f"{base}/graphql",
                    json={
                        "query": STAFF_LOGIN_RETRY,
                        "variables": {"email": STAFF_EMAIL, "password": password},
                    },
                )
                return outcome(response.json()["data"]["staffLogin"])

            failures = [await staff_on(one, WRONG) for _ in range(5)]
            on_the_other = await staff_on(two, PASSWORD)
    # Half the guesses went to each server; together they checked five passwords, not ten.
    assert wrong.count(("INVALID_CREDENTIALS", None)) == 5
    assert right[0] == "TOO_MANY_ATTEMPTS"
    assert await _verifications(buyer_contact) == 5
    # Failures on one server count on the other.
    assert failures == [("INVALID_CREDENTIALS", None)] * 5
    assert on_the_other[0] == "TOO_MANY_ATTEMPTS"
    # The counters were in Redis, not in the database.
    assert await ThrottleCounter.all().count() == rows_before
