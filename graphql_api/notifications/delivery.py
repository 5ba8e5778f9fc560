"""Delivery of the outbox (SPEC B11): claim due messages, hand them to the configured sink, and
record the outcome with retries and backoff.

Several worker processes may run `deliver_due` at once (one per web process, or `vitrine
worker` beside them). Each message is claimed by a conditional UPDATE that only one of them can
win, which works the same on SQLite and PostgreSQL (`select_for_update` is ignored on SQLite).
"""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import logging
import os
from collections.abc import Awaitable, Callable
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
from tortoise.expressions import Q

from graphql_api.models import Notification
from graphql_api.models.enums import NotificationState
from graphql_api.settings import Settings

logger = logging.getLogger("vitrine.notifications")
mail_logger = logging.getLogger("vitrine.mail")

MAX_ATTEMPTS = 8
BACKOFF_BASE = 30.0  # seconds before the first retry; doubles with every failure
BACKOFF_CAP = 3600.0
# How long a claim is honoured. A worker that dies mid-send leaves its message PENDING with
# next_attempt_at this far ahead, so another worker retries it then. Well above SMTP_TIMEOUT, so
# a slow but live send is never delivered twice.
CLAIM_LEASE = datetime.timedelta(minutes=10)
SMTP_TIMEOUT = 60.0
ERROR_MAX = 1000

Sink = Callable[[Settings, Notification, EmailMessage], Awaitable[None]]


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def backoff(attempts: int) -> datetime.timedelta:
    """Wait after the `attempts`-th failure: 30 s, 1 min, 2 min, ... at most one hour."""
    return datetime.timedelta(seconds=min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP))


def _mail_domain(settings: Settings) -> str:
    _, address = email.utils.parseaddr(settings.mail_from)
    return address.rpartition("@")[2] or "vitrine.invalid"


def build_message(settings: Settings, notification: Notification) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = notification.recipient
    message["Subject"] = notification.subject
    message["Date"] = email.utils.format_datetime(_now())
    # Stable across retries: if a server accepted a message but the reply was lost, the retry
    # carries the same Message-ID and receiving systems can drop the duplicate.
    message["Message-ID"] = f"<notification-{notification.id}@{_mail_domain(settings)}>"
    message.set_content(notification.body)
    return message


async def _console(settings: Settings, notification: Notification, message: EmailMessage) -> None:
    # Development only: the body may hold one-time links, which is the point of reading it here.
    mail_logger.info(
        "Mail to %s: %s\n\n%s", notification.recipient, notification.subject, notification.body
    )


def _write_eml(directory: Path, name: str, data: bytes) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / name
    partial = directory / f".{name}.{os.getpid()}.tmp"
    partial.write_bytes(data)
    # Rename is atomic: whoever watches the folder never reads half a message.
    os.replace(partial, final)


async def _directory(settings: Settings, notification: Notification, message: EmailMessage) -> None:
    name = f"{notification.id}-{notification.kind}.eml"
    await asyncio.to_thread(_write_eml, Path(settings.mail_dir), name, message.as_bytes())


async def _smtp(settings: Settings, notification: Notification, message: EmailMessage) -> None:
    await aiosmtplib.send(
        message,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_user or None,
        password=settings.smtp_password or None,
        start_tls=settings.smtp_starttls,
        timeout=SMTP_TIMEOUT,
    )


SINKS: dict[str, Sink] = {"console": _console, "directory": _directory, "smtp": _smtp}


def _describe_error(settings: Settings, exc: BaseException) -> str:
    """What went wrong, for staff to read in the outbox: never the SMTP credentials, even if a
    library echoed them in its message."""
    text = f"{type(exc).__name__}: {exc}"
    for secret in (settings.smtp_password,):
        if secret:
            text = text.replace(secret, "***")
    return text[:ERROR_MAX]


async def _claim(notification: Notification, now: datetime.datetime) -> int | None:
    """Take the message for this worker: the UPDATE matches only while attempts still has the
    value we read, so of several workers racing for it exactly one changes a row. Returns the new
    attempt number, or None when another worker got there first."""
    seen = notification.attempts
    won = await Notification.filter(
        id=notification.id, state=NotificationState.PENDING, attempts=seen
    ).update(attempts=seen + 1, next_attempt_at=now + CLAIM_LEASE)
    return seen + 1 if won == 1 else None


async def _deliver_one(settings: Settings, sink: Sink, notification: Notification) -> bool:
    now = _now()
    if notification.attempts >= MAX_ATTEMPTS:
        # Only reachable when workers died mid-send again and again: give up like any failure.
        await Notification.filter(
            id=notification.id,
            state=NotificationState.PENDING,
            attempts=notification.attempts,
        ).update(
            state=NotificationState.FAILED,
            next_attempt_at=None,
            last_error=notification.last_error or "Delivery was interrupted too many times.",
        )
        return False
    attempt = await _claim(notification, now)
    if attempt is None:
        return False
    # Further updates also require our attempt number: if our lease ran out and another worker
    # took the message over, we do not overwrite its outcome.
    mine = Notification.filter(id=notification.id, attempts=attempt)
    try:
        await sink(settings, notification, build_message(settings, notification))
    except Exception as exc:
        error = _describe_error(settings, exc)
        if attempt >= MAX_ATTEMPTS:
            await mine.update(
                state=NotificationState.FAILED, last_error=error, next_attempt_at=None
            )
            logger.warning(
                "Notification %s to %s failed for good after %s attempts: %s",
                notification.id,
                notification.recipient,
                attempt,
                error,
            )
        else:
            await mine.update(last_error=error, next_attempt_at=_now() + backoff(attempt))
            logger.info(
                "Notification %s attempt %s failed, will retry: %s",
                notification.id,
                attempt,
                error,
            )
        return False
    await mine.update(state=NotificationState.SENT, sent_at=_now(), next_attempt_at=None)
    return True


async def deliver_due(settings: Settings, limit: int = 50) -> int:
    """Send up to `limit` PENDING messages that are due, oldest first. Returns how many were
    sent. Safe to run in several processes at once: each message goes out once."""
    sink = SINKS.get(settings.mail_backend)
    if sink is None:
        raise ValueError(f"Unknown mail backend {settings.mail_backend!r}.")
    now = _now()
    due = (
        await Notification.filter(state=NotificationState.PENDING)
        .filter(Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True))
        .order_by("id")
        .limit(limit)
    )
    sent = 0
    for notification in due:
        # One message failing in an unexpected way (a bug, a database hiccup) must not hold up
        # the rest of the batch.
        try:
            if await _deliver_one(settings, sink, notification):
                sent += 1
        except Exception:
            logger.exception("Could not process notification %s", notification.id)
    return sent
