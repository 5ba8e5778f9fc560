"""The background loop that empties the outbox, run in-process by `vitrine serve` or on its own
by `vitrine worker`. It also expires quotes past their validity (SPEC D6) once a minute: the
expiry writes the buyers' messages, which the next round delivers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from graphql_api.notifications.delivery import deliver_due
from graphql_api.services.quotes import expire_due
from graphql_api.settings import Settings

logger = logging.getLogger("vitrine.notifications")

BATCH = 50
EXPIRY_INTERVAL = 60.0


async def run_worker(settings: Settings, stop: asyncio.Event, interval: float = 2.0) -> None:
    """Deliver due notifications every `interval` seconds until `stop` is set.

    Never ends on an error: a database or mail server that is down for a while must not leave
    the outbox unattended once it is back. Returns promptly when `stop` is set, even mid-wait.
    """
    logger.info("Notification worker started (backend %s)", settings.mail_backend)
    next_expiry = time.monotonic()
    while not stop.is_set():
        if time.monotonic() >= next_expiry:
            next_expiry = time.monotonic() + EXPIRY_INTERVAL
            try:
                expired = await expire_due(settings)
                if expired:
                    logger.info("Expired %d quote(s)", expired)
            except Exception:
                logger.exception("Quote expiry round failed; retrying")
        sent = 0
        try:
            sent = await deliver_due(settings, limit=BATCH)
        except Exception:
            logger.exception("Notification delivery round failed; retrying")
        if sent >= BATCH:
            # A full batch went out: more are probably due, so go on without waiting, but still
            # yield to the loop so a busy outbox cannot starve requests.
            await asyncio.sleep(0)
            continue
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
    logger.info("Notification worker stopped")
