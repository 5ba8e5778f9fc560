"""Work a request starts and does not wait for.

The password reset and claim requests answer at once, after the same work for every email; the
lookup of the contact and the mail, which only a known email would cause, run here afterwards,
so the answer's timing says nothing about the email. `settle()` waits for what is still running
(at shutdown, and in tests before they look at the outbox)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)

_running: set[asyncio.Task[Any]] = set()


def later(work: Coroutine[Any, Any, Any], name: str) -> None:
    task = asyncio.get_running_loop().create_task(work, name=name)
    # Held here: the event loop keeps only weak references to tasks.
    _running.add(task)
    task.add_done_callback(_finished)


def _finished(task: asyncio.Task[Any]) -> None:
    _running.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.error("Background work %r failed", task.get_name(), exc_info=task.exception())


async def settle() -> None:
    """Wait until no background work of this event loop is left (work may start more)."""
    loop = asyncio.get_running_loop()
    while pending := [task for task in _running if task.get_loop() is loop]:
        await asyncio.gather(*pending, return_exceptions=True)
