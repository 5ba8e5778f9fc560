"""Notifications outbox (SPEC B11, E4): templates in four languages, the outbox written inside
the caller's transaction, delivery sinks, retries with backoff, safe concurrent delivery, the
worker loop and the staff-only GraphQL list."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import email.parser
import email.policy
import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import strawberry
from strawberry.tools import merge_types
from tortoise.transactions import in_transaction

from graphql_api.auth.principal import ANONYMOUS, Principal
from graphql_api.models import Company, Notification, StaffUser, Storefront
from graphql_api.models.enums import NotificationState, StaffRole
from graphql_api.notifications import delivery
from graphql_api.notifications.delivery import backoff, deliver_due
from graphql_api.notifications.worker import run_worker
from graphql_api.services import notifications
from graphql_api.services.errors import NotAuthenticated, PermissionDenied
from graphql_api.services.notifications import (
    KINDS,
    LANGUAGES,
    format_duration,
    normalize_language,
    queue,
    render,
)
from graphql_api.services.staff import create_staff
from graphql_api.settings import Settings
from resolvers.notifications.resolvers import notification_list
from schema.core.fields import CoreQueries as CoreQuery
from schema.notifications.fields import NotificationQueries
from tests.conftest import PASSWORD

URL = "https://shop.example.com/access/TOKEN-123"

CONTEXTS: dict[str, dict[str, Any]] = {
    "invitation": {"name": "Ana", "company": "Acme Ltda", "url": URL, "expires_hours": 168},
    "password_reset": {"name": "Ana", "url": URL, "expires_minutes": 60},
    "claim_account": {"name": "Ana", "company": "Acme Ltda", "url": URL, "expires_hours": 48},
    "registration_alert": {
        "company": "Acme Ltda",
        "contact_name": "Ana Souza",
        "contact_email": "ana@acme.example",
        "admin_url": URL,
    },
    "registration_approved": {"name": "Ana", "company": "Acme Ltda", "url": URL},
    "registration_rejected": {"name": "Ana", "company": "Acme Ltda"},
    "order_confirmation": {
        "name": "Ana",
        "company": "Acme Ltda",
        "number": "VT-000042",
        "total": "R$ 120,00",
        "lines": [{"quantity": 12, "sku": "MX-1", "name": "Mixer", "total": "R$ 120,00"}],
        "url": URL,
        "pending": True,
    },
    "order_alert": {
        "company": "Acme Ltda",
        "number": "VT-000042",
        "total": "R$ 120,00",
        "source": "STOREFRONT",
        "placed_by": "Ana Souza",
        "lines": 1,
        "pending": False,
        "url": URL,
    },
    "order_status": {
        "name": "Ana",
        "company": "Acme Ltda",
        "number": "VT-000042",
        "status": "shipped",
        "note": "Two boxes",
        "carrier": "Rápida",
        "tracking_code": "BR123",
        "tracking_url": "https://track.example.com/BR123",
        "url": URL,
    },
    "quote_alert": {
        "company": "Acme Ltda",
        "number": "QT-000007",
        "requested_by": "Ana Souza",
        "lines": 2,
        "notes": "Entrega em março",
        "url": URL,
    },
    "quote_sent": {
        "name": "Ana",
        "company": "Acme Ltda",
        "number": "QT-000007",
        "total": "R$ 980,00",
        "valid_until": "31 de dezembro de 2026",
        "message": "Frete incluso",
        "url": URL,
    },
    "quote_accepted": {
        "name": "Ana",
        "company": "Acme Ltda",
        "number": "QT-000007",
        "order_number": "VT-000043",
        "total": "R$ 980,00",
        "url": URL,
    },
    "quote_expired": {"name": "Ana", "company": "Acme Ltda", "number": "QT-000007", "url": URL},
}

GREETINGS = {"en": "Hello", "pt-BR": "Olá", "es": "Hola", "ro": "Bună ziua"}


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _mail(settings: Settings, tmp_path: Path, backend: str = "directory", **extra: Any) -> Settings:
    return dataclasses.replace(settings, mail_backend=backend, mail_dir=tmp_path, **extra)


def _files(directory: Path) -> list[str]:
    """Names in a folder, sorted (sync: pathlib calls are blocking, kept out of async tests)."""
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def _read(path: Path) -> bytes:
    return path.read_bytes()


async def _queue_invitation(recipient: str = "ana@acme.example", **ids: Any) -> Notification:
    return await queue("invitation", recipient, "pt-BR", CONTEXTS["invitation"], **ids)


# Rendering ------------------------------------------------------------------------------------


def test_every_kind_has_a_context_here():
    assert set(CONTEXTS) == set(KINDS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_render_every_kind_in_every_language(kind: str, language: str):
    subject, body = render(kind, language, CONTEXTS[kind])
    assert subject.strip() and "\n" not in subject
    assert body.strip()
    for text in (subject, body):
        assert "{{" not in text and "{%" not in text and "}}" not in text
    if "company" in CONTEXTS[kind]:
        assert "Acme Ltda" in subject + body
    if "url" in CONTEXTS[kind]:
        assert URL in body
    if "admin_url" in CONTEXTS[kind]:
        assert URL in body
        assert "ana@acme.example" in body
    if kind not in ("registration_alert", "order_alert", "quote_alert"):
        assert GREETINGS[language] in body


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_language_has_its_own_text(kind: str):
    rendered = {language: render(kind, language, CONTEXTS[kind]) for language in LANGUAGES}
    assert len({body for _, body in rendered.values()}) == len(LANGUAGES)
    romanian = "".join(rendered["ro"])
    assert any(c in romanian for c in "ășțâî")
    # Comma-below ș ț, not the cedilla look-alikes ş ţ.
    assert not any(c in romanian for c in "şţŞŢ")


def test_unknown_or_missing_language_falls_back_to_english():
    english = render("invitation", "en", CONTEXTS["invitation"])
    for language in (None, "", "fr", "de-DE", "xx"):
        assert render("invitation", language, CONTEXTS["invitation"]) == english


def test_language_tags_are_matched_by_primary_subtag():
    assert normalize_language("pt-br") == "pt-BR"
    assert normalize_language("pt") == "pt-BR"
    assert normalize_language("es-AR") == "es"
    assert normalize_language("ro_RO") == "ro"
    assert normalize_language("EN") == "en"


def test_durations_use_the_largest_unit_and_local_plurals():
    assert format_duration("en", 7 * 24 * 60) == "7 days"
    assert format_duration("en", 60) == "1 hour"
    assert format_duration("en", 90) == "90 minutes"
    assert format_duration("pt-BR", 48 * 60) == "2 dias"
    assert format_duration("es", 30) == "30 minutos"
    assert format_duration("ro", 60) == "1 oră"
    assert format_duration("ro", 7 * 24 * 60) == "7 zile"
    assert format_duration("ro", 20 * 24 * 60) == "20 de zile"
    assert format_duration("ro", 30) == "30 de minute"
    body = render("invitation", "ro", CONTEXTS["invitation"])[1]
    assert "7 zile" in body


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="Unknown notification kind"):
        render("order_shipped_by_pigeon", "en", {})


def test_missing_context_key_is_a_clear_error():
    with pytest.raises(ValueError, match="expires_minutes"):
        render("password_reset", "en", {"name": "Ana", "url": URL})


def test_line_breaks_in_values_cannot_reach_other_headers():
    context = dict(CONTEXTS["registration_alert"], company="Acme\r\nBcc: victim@example.com")
    subject, _ = render("registration_alert", "en", context)
    assert "\n" not in subject and "\r" not in subject


# Queue ----------------------------------------------------------------------------------------


async def test_queue_stores_a_pending_message_due_now():
    storefront = await Storefront.first()
    before = _now()
    notification = await queue(
        "password_reset",
        "ana@acme.example",
        "es-MX",
        CONTEXTS["password_reset"],
        storefront_id=storefront.id,
    )
    stored = await Notification.get(id=notification.id)
    assert stored.state == NotificationState.PENDING
    assert stored.kind == "password_reset"
    assert stored.language == "es"
    assert stored.attempts == 0
    assert stored.storefront_id == storefront.id  # type: ignore[attr-defined]
    assert stored.subject == render("password_reset", "es", CONTEXTS["password_reset"])[0]
    assert URL in stored.body
    assert before - datetime.timedelta(seconds=1) <= stored.next_attempt_at <= _now()


async def test_queue_inside_a_rolled_back_transaction_leaves_nothing():
    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with in_transaction():
            await _queue_invitation()
            assert await Notification.all().count() == 1  # visible inside the transaction
            raise Boom
    assert await Notification.all().count() == 0


async def test_queue_inside_a_committed_transaction_keeps_the_message():
    async with in_transaction():
        await _queue_invitation()
    assert await Notification.all().count() == 1


async def test_queue_refuses_unknown_kinds_and_bad_recipients():
    with pytest.raises(ValueError):
        await queue("nope", "ana@acme.example", "en", {})
    for bad in ("", "not-an-address", "a@b.com, c@d.com", "a@b.com\r\nBcc: x@y.com"):
        with pytest.raises(ValueError):
            await queue("registration_rejected", bad, "en", CONTEXTS["registration_rejected"])
    assert await Notification.all().count() == 0


# Delivery -------------------------------------------------------------------------------------


async def test_directory_sink_writes_a_parseable_eml(settings: Settings, tmp_path: Path):
    config = _mail(settings, tmp_path / "mail")
    notification = await _queue_invitation()
    assert await deliver_due(config) == 1

    path = tmp_path / "mail" / f"{notification.id}-invitation.eml"
    assert _files(tmp_path / "mail") == [path.name]  # and no temporary file left behind
    message = email.parser.BytesParser(policy=email.policy.default).parsebytes(_read(path))
    assert message["To"] == "ana@acme.example"
    assert message["From"] == settings.mail_from
    assert message["Subject"] == notification.subject
    assert "Acme Ltda" in message["Subject"]
    assert message["Date"] and message["Message-ID"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert URL in text and "Olá, Ana" in text

    stored = await Notification.get(id=notification.id)
    assert stored.state == NotificationState.SENT
    assert stored.sent_at is not None
    assert stored.attempts == 1
    assert stored.last_error is None
    # Sent once: another round finds nothing due.
    assert await deliver_due(config) == 0


async def test_console_sink_logs_the_message(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    notification = await _queue_invitation()
    with caplog.at_level(logging.INFO, logger="vitrine.mail"):
        assert await deliver_due(_mail(settings, tmp_path, "console")) == 1
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "vitrine.mail")
    assert "ana@acme.example" in logged
    assert notification.subject in logged
    assert URL in logged


async def test_messages_not_yet_due_wait(settings: Settings, tmp_path: Path):
    notification = await _queue_invitation()
    later = _now() + datetime.timedelta(minutes=5)
    await Notification.filter(id=notification.id).update(next_attempt_at=later)
    assert await deliver_due(_mail(settings, tmp_path)) == 0
    assert _files(tmp_path) == []


def test_backoff_doubles_from_thirty_seconds_up_to_an_hour():
    assert backoff(1) == datetime.timedelta(seconds=30)
    assert backoff(2) == datetime.timedelta(seconds=60)
    assert backoff(5) == datetime.timedelta(seconds=480)
    assert backoff(7) == datetime.timedelta(seconds=1920)
    assert backoff(8) == datetime.timedelta(hours=1)


async def test_smtp_failure_is_retried_with_backoff_then_fails(settings: Settings, tmp_path: Path):
    # A real refused connection: nothing listens on port 1.
    config = _mail(
        settings,
        tmp_path,
        "smtp",
        smtp_host="127.0.0.1",
        smtp_port=1,
        smtp_user="mailer",
        smtp_password="s3cret-smtp-password",
    )
    notification = await _queue_invitation()

    started = _now()
    assert await deliver_due(config) == 0
    stored = await Notification.get(id=notification.id)
    assert stored.state == NotificationState.PENDING
    assert stored.attempts == 1
    assert stored.last_error
    assert "s3cret-smtp-password" not in stored.last_error
    ahead = (stored.next_attempt_at - started).total_seconds()
    assert 25 <= ahead <= 35, ahead

    # Not due again yet: a second round leaves it alone.
    assert await deliver_due(config) == 0
    assert (await Notification.get(id=notification.id)).attempts == 1

    for attempt in range(2, delivery.MAX_ATTEMPTS + 1):
        # Pretend the backoff has elapsed.
        past = _now() - datetime.timedelta(seconds=1)
        await Notification.filter(id=notification.id).update(next_attempt_at=past)
        started = _now()
        assert await deliver_due(config) == 0
        stored = await Notification.get(id=notification.id)
        assert stored.attempts == attempt
        if attempt < delivery.MAX_ATTEMPTS:
            assert stored.state == NotificationState.PENDING
            expected = backoff(attempt).total_seconds()
            ahead = (stored.next_attempt_at - started).total_seconds()
            assert expected - 5 <= ahead <= expected + 5, (attempt, ahead)

    assert stored.state == NotificationState.FAILED
    assert stored.attempts == 8
    assert stored.last_error
    assert stored.next_attempt_at is None
    assert stored.sent_at is None
    # A failed message is never picked up again.
    await Notification.filter(id=notification.id).update(next_attempt_at=_now())
    assert await deliver_due(config) == 0
    assert (await Notification.get(id=notification.id)).attempts == 8


async def test_concurrent_delivery_sends_each_message_once(settings: Settings, tmp_path: Path):
    config = _mail(settings, tmp_path / "mail")
    for n in range(12):
        await _queue_invitation(f"buyer{n}@acme.example")

    results = await asyncio.gather(deliver_due(config), deliver_due(config), deliver_due(config))

    assert sum(results) == 12
    files = [name for name in _files(tmp_path / "mail") if name.endswith(".eml")]
    assert len(files) == 12
    assert await Notification.filter(state=NotificationState.SENT).count() == 12
    assert set(await Notification.all().values_list("attempts", flat=True)) == {1}


async def test_a_message_claimed_elsewhere_is_skipped(settings: Settings, tmp_path: Path):
    """The claim is conditional on the attempts count read: a stale read loses."""
    notification = await _queue_invitation()
    stale = await Notification.get(id=notification.id)
    await Notification.filter(id=notification.id).update(attempts=1)  # another worker claimed it
    assert (
        await delivery._deliver_one(_mail(settings, tmp_path), delivery._directory, stale) is False
    )
    assert _files(tmp_path) == []


# Worker ---------------------------------------------------------------------------------------


async def test_run_worker_delivers_and_stops_when_told(settings: Settings, tmp_path: Path):
    config = _mail(settings, tmp_path)
    notification = await _queue_invitation()
    stop = asyncio.Event()
    task = asyncio.create_task(run_worker(config, stop, interval=0.05))
    for _ in range(100):
        if (await Notification.get(id=notification.id)).state == NotificationState.SENT:
            break
        await asyncio.sleep(0.05)
    assert (await Notification.get(id=notification.id)).state == NotificationState.SENT
    stop.set()
    await asyncio.wait_for(task, timeout=2)
    assert task.done() and task.exception() is None


async def test_run_worker_survives_errors(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    broken = dataclasses.replace(settings, mail_backend="carrier-pigeon")
    stop = asyncio.Event()
    with caplog.at_level(logging.ERROR, logger="vitrine.notifications"):
        task = asyncio.create_task(run_worker(broken, stop, interval=0.01))
        await asyncio.sleep(0.1)
        assert not task.done()  # still looping despite every round failing
        stop.set()
        await asyncio.wait_for(task, timeout=2)
    assert any("round failed" in r.getMessage() for r in caplog.records)


async def test_run_worker_returns_at_once_when_already_stopped(settings: Settings):
    stop = asyncio.Event()
    stop.set()
    await asyncio.wait_for(run_worker(settings, stop, interval=60), timeout=1)


# Listing (service, resolver, GraphQL) ---------------------------------------------------------


async def _staff(email: str, role: StaffRole) -> Principal:
    result = await create_staff(email, PASSWORD, role, email.split("@")[0])
    assert result.ok, result.errors
    staff = result.value
    assert isinstance(staff, StaffUser)
    return Principal(kind="STAFF", staff=staff)


def _info(principal: Principal, settings: Settings, storefront: Storefront | None) -> Any:
    return SimpleNamespace(
        context=SimpleNamespace(principal=principal, settings=settings, storefront=storefront)
    )


async def test_list_is_staff_only(settings: Settings):
    storefront = await Storefront.first()
    with pytest.raises(NotAuthenticated):
        notifications.list_notifications(ANONYMOUS, storefront)
    with pytest.raises(PermissionDenied):
        notifications.list_notifications(Principal(kind="CONTACT"), storefront)


async def test_resolver_lists_newest_first_with_filters_and_pages(settings: Settings):
    storefront = await Storefront.first()
    admin = await _staff("boss@example.com", StaffRole.ADMIN)
    ids = [
        (await _queue_invitation(f"b{n}@acme.example", storefront_id=storefront.id)).id
        for n in range(5)
    ]
    await Notification.filter(id=ids[0]).update(state=NotificationState.FAILED)

    first = await notification_list(
        _info(admin, settings, storefront), first=2, after=None, state=None, recipient=None
    )
    assert [n.id for n in first.items] == [ids[4], ids[3]]
    assert first.has_next_page and await first.count() == 5
    rest = await notification_list(
        _info(admin, settings, storefront),
        first=10,
        after=first.cursors[-1],
        state=None,
        recipient=None,
    )
    assert [n.id for n in rest.items] == [ids[2], ids[1], ids[0]]
    assert not rest.has_next_page

    failed = await notification_list(
        _info(admin, settings, storefront),
        first=None,
        after=None,
        state=[NotificationState.FAILED],
        recipient=None,
    )
    assert [n.id for n in failed.items] == [ids[0]]
    by_recipient = await notification_list(
        _info(admin, settings, storefront),
        first=None,
        after=None,
        state=None,
        recipient="  B3@ACME.example ",
    )
    assert [n.id for n in by_recipient.items] == [ids[3]]


async def test_sales_rep_sees_only_messages_about_assigned_companies(settings: Settings):
    storefront = await Storefront.first()
    rep = await _staff("seller@example.com", StaffRole.SALES_REP)
    mine = await Company.create(storefront=storefront, legal_name="Mine", sales_rep=rep.staff)
    theirs = await Company.create(storefront=storefront, legal_name="Theirs")
    kept = await _queue_invitation("a@mine.example", company_id=mine.id)
    await _queue_invitation("b@theirs.example", company_id=theirs.id)
    await _queue_invitation("admin@example.com")  # about no company: admins only

    page = await notification_list(
        _info(rep, settings, storefront), first=None, after=None, state=None, recipient=None
    )
    assert [n.id for n in page.items] == [kept.id]


async def test_other_storefronts_messages_are_not_listed(settings: Settings):
    storefront = await Storefront.first()
    other = await Storefront.create(slug="other", name="Other")
    admin = await _staff("boss@example.com", StaffRole.ADMIN)
    here = await _queue_invitation("a@acme.example", storefront_id=storefront.id)
    unbound = await _queue_invitation("b@acme.example")
    await _queue_invitation("c@acme.example", storefront_id=other.id)

    page = await notification_list(
        _info(admin, settings, storefront), first=None, after=None, state=None, recipient=None
    )
    assert {n.id for n in page.items} == {here.id, unbound.id}


NOTIFICATIONS = """query($state: [NotificationState!], $recipient: String) {
  notifications(first: 10, state: $state, recipient: $recipient) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { __typename id kind recipient language subject body state attempts lastError
            nextAttemptAt sentAt createdAt }
  } }"""


async def test_graphql_type_through_a_throwaway_schema(settings: Settings):
    """The Strawberry type and query field, executed without the app (the merged Query root
    that includes NotificationQueries belongs to another module)."""
    schema = strawberry.Schema(query=merge_types("Query", (CoreQuery, NotificationQueries)))
    storefront = await Storefront.first()
    admin = await _staff("boss@example.com", StaffRole.ADMIN)
    notification = await _queue_invitation(storefront_id=storefront.id)

    context = _info(admin, settings, storefront).context
    result = await schema.execute(
        NOTIFICATIONS, variable_values={"state": ["PENDING"]}, context_value=context
    )
    assert result.errors is None, result.errors
    data = result.data["notifications"]
    assert data["totalCount"] == 1
    node = data["nodes"][0]
    assert node["__typename"] == "Notification"
    assert node["kind"] == "invitation" and node["state"] == "PENDING"
    assert node["language"] == "pt-BR" and node["recipient"] == "ana@acme.example"
    assert node["subject"] == notification.subject and URL in node["body"]
    assert node["attempts"] == 0 and node["sentAt"] is None

    anonymous = SimpleNamespace(principal=ANONYMOUS, settings=settings, storefront=storefront)
    denied = await schema.execute(NOTIFICATIONS, context_value=anonymous)
    assert denied.errors and denied.data is None


def test_every_field_and_argument_is_described():
    schema = strawberry.Schema(query=merge_types("Query", (CoreQuery, NotificationQueries)))
    gql = schema._schema
    field = gql.query_type.fields["notifications"]
    assert field.description
    assert all(arg.description for arg in field.args.values())
    for name in ("Notification", "NotificationState"):
        assert gql.type_map[name].description
    assert all(f.description for f in gql.type_map["Notification"].fields.values())


async def test_graphql_end_to_end_for_admin(admin: Any):
    storefront = await Storefront.first()
    await _queue_invitation(storefront_id=storefront.id)
    data = await admin.data(NOTIFICATIONS, {"state": ["PENDING"]})
    assert data["notifications"]["totalCount"] == 1
    assert data["notifications"]["nodes"][0]["kind"] == "invitation"
