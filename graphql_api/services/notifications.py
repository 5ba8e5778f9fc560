"""Notifications outbox (SPEC B11, E4): render a message in the recipient's language and put it
in the outbox. Delivery is graphql_api.notifications.delivery's job, later and elsewhere."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable
from typing import Any

import jinja2
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from graphql_api.auth.principal import Principal
from graphql_api.models import Notification, Storefront
from graphql_api.models.enums import NotificationState
from graphql_api.notifications import TEMPLATES_DIR
from graphql_api.services import permissions

LANGUAGES = ("pt-BR", "es", "ro", "en")
DEFAULT_LANGUAGE = "en"

# Every kind with the context keys its templates use. Checked before rendering so a caller that
# forgets one gets a clear ValueError instead of a Jinja error from deep inside a template.
KINDS: dict[str, frozenset[str]] = {
    "invitation": frozenset({"name", "company", "url", "expires_hours"}),
    "password_reset": frozenset({"name", "url", "expires_minutes"}),
    "claim_account": frozenset({"name", "company", "url", "expires_hours"}),
    "registration_alert": frozenset({"company", "contact_name", "contact_email", "admin_url"}),
    "registration_approved": frozenset({"name", "company", "url"}),
    "registration_rejected": frozenset({"name", "company"}),
    "order_confirmation": frozenset(
        {"name", "company", "number", "total", "lines", "url", "pending"}
    ),
    "order_alert": frozenset(
        {"company", "number", "total", "source", "placed_by", "lines", "pending", "url"}
    ),
    "order_status": frozenset(
        {
            "name",
            "company",
            "number",
            "status",
            "note",
            "carrier",
            "tracking_code",
            "tracking_url",
            "url",
        }
    ),
    "quote_alert": frozenset({"company", "number", "requested_by", "lines", "notes", "url"}),
    "quote_sent": frozenset(
        {"name", "company", "number", "total", "valid_until", "message", "url"}
    ),
    "quote_accepted": frozenset({"name", "company", "number", "order_number", "total", "url"}),
    "quote_expired": frozenset({"name", "company", "number", "url"}),
}

SUBJECT_MAX = 300  # Notification.subject max_length
_WHITESPACE = re.compile(r"\s+")

# Unit words per language: (singular, plural).
_UNITS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {"minute": ("minute", "minutes"), "hour": ("hour", "hours"), "day": ("day", "days")},
    "es": {"minute": ("minuto", "minutos"), "hour": ("hora", "horas"), "day": ("día", "días")},
    "pt-BR": {"minute": ("minuto", "minutos"), "hour": ("hora", "horas"), "day": ("dia", "dias")},
    "ro": {"minute": ("minut", "minute"), "hour": ("oră", "ore"), "day": ("zi", "zile")},
}


def normalize_language(language: str | None) -> str:
    """One of LANGUAGES. Accepts browser-style tags ("es-AR", "pt", "RO-ro") by their primary
    subtag, because preferences come from both company records and Accept-Language."""
    if not language:
        return DEFAULT_LANGUAGE
    tag = language.strip().replace("_", "-").lower()
    for known in LANGUAGES:
        if tag == known.lower():
            return known
    primary = tag.split("-", 1)[0]
    for known in LANGUAGES:
        if known.lower().split("-", 1)[0] == primary:
            return known
    return DEFAULT_LANGUAGE


def format_duration(language: str, minutes: int) -> str:
    """A duration in the largest whole unit (7 days rather than 168 hours), with the plural
    rules of the language. Romanian puts "de" before numbers whose last two digits are 20 or
    more (20 de zile, but 7 zile)."""
    minutes = int(minutes)
    if minutes and minutes % (24 * 60) == 0:
        count, unit = minutes // (24 * 60), "day"
    elif minutes and minutes % 60 == 0:
        count, unit = minutes // 60, "hour"
    else:
        count, unit = minutes, "minute"
    singular, plural = _UNITS[language][unit]
    if count == 1:
        return f"1 {singular}"
    if language == "ro" and count != 0 and not 1 <= count % 100 <= 19:
        return f"{count} de {plural}"
    return f"{count} {plural}"


@functools.cache
def _environment(language: str) -> jinja2.Environment:
    """One environment per language, so the duration filters know which words to use.
    Plain text mail: no HTML escaping; a missing variable is an error, never a blank."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )

    def hours(value: int) -> str:
        return format_duration(language, int(value) * 60)

    def minutes(value: int) -> str:
        return format_duration(language, int(value))

    env.filters["hours"] = hours
    env.filters["minutes"] = minutes
    return env


@functools.cache
def _templates(kind: str, language: str) -> tuple[jinja2.Template, jinja2.Template]:
    """The subject and body templates of one file. They are split before rendering, so a value
    containing line breaks cannot move text between the subject and the body."""
    env = _environment(language)
    name = f"{kind}.{language}.txt"
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    first, _, rest = source.partition("\n")
    blank, _, body = rest.partition("\n")
    if not first.startswith("Subject:") or blank.strip():
        raise ValueError(f"Template {name} must start with 'Subject: ...' and a blank line.")
    subject = first.removeprefix("Subject:").strip()
    return env.from_string(subject), env.from_string(body)


def render(kind: str, language: str | None, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) of a message of `kind` in `language` (unknown or None: English)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}.")
    missing = KINDS[kind] - context.keys()
    if missing:
        raise ValueError(f"Notification {kind!r} needs {', '.join(sorted(missing))}.")
    subject_template, body_template = _templates(kind, normalize_language(language))
    # One line, whatever the values held: a line break in a header would let a company name
    # inject mail headers.
    subject = _WHITESPACE.sub(" ", subject_template.render(context)).strip()[:SUBJECT_MAX]
    body = body_template.render(context).strip() + "\n"
    return subject, body


def _check_recipient(recipient: str) -> str:
    address = recipient.strip()
    if not address or len(address) > 254 or "@" not in address:
        raise ValueError("A notification needs a valid recipient email address.")
    if any(c.isspace() for c in address) or any(c in address for c in ",;<>"):
        # One address only; separators or line breaks would address other people.
        raise ValueError("A notification needs exactly one recipient email address.")
    return address


async def queue(
    kind: str,
    recipient: str,
    language: str | None,
    context: dict[str, Any],
    *,
    storefront_id: int | None = None,
    company_id: int | None = None,
    contact_id: int | None = None,
) -> Notification:
    """Put a PENDING message in the outbox, due at once.

    Opens no transaction of its own: called inside the caller's `in_transaction()`, the row
    commits or rolls back with the change that caused it, so mail is never sent about something
    that did not happen, and never lost for something that did.
    """
    address = _check_recipient(recipient)
    lang = normalize_language(language)
    subject, body = render(kind, lang, context)
    return await Notification.create(
        kind=kind,
        recipient=address,
        language=lang,
        subject=subject,
        body=body,
        state=NotificationState.PENDING,
        attempts=0,
        next_attempt_at=datetime.datetime.now(datetime.UTC),
        storefront_id=storefront_id,
        company_id=company_id,
        contact_id=contact_id,
    )


def list_notifications(
    principal: Principal,
    storefront: Storefront | None,
    *,
    states: Iterable[NotificationState] | None = None,
    recipient: str | None = None,
) -> QuerySet[Notification]:
    """The outbox as this staff member may read it.

    Admins see every message of the storefront plus those bound to no storefront. Sales reps
    see only messages about companies assigned to them: bodies carry invitation and reset links,
    and a rep must not reach the accounts of other reps' customers through them.
    """
    permissions.require_staff(principal)
    assert principal.staff is not None
    queryset = Notification.all()
    if storefront is not None:
        queryset = queryset.filter(Q(storefront_id=storefront.id) | Q(storefront_id=None))
    if not principal.is_admin:
        queryset = queryset.filter(company__sales_rep_id=principal.staff.id)
    wanted = list(states or [])
    if wanted:
        queryset = queryset.filter(state__in=wanted)
    if recipient and recipient.strip():
        queryset = queryset.filter(recipient__iexact=recipient.strip())
    return queryset
