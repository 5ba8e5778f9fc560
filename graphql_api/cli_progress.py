"""A one-line progress display for long CLI commands (the customer import): phase, rows done of
the total, rows per second and the time left, rewritten in place on a terminal.

A few lines of our own rather than tqdm or rich: one line of output does not warrant a new
dependency of the server package, and this one knows the import's two phases. Nothing is
written when the stream is not a terminal (a pipe, a log file, cron), so output that is read
by programs stays exactly as it was."""

from __future__ import annotations

import sys
import time
from typing import TextIO

# Redraw at most this often: a terminal is slower than the import's per-row callback.
REDRAW_SECONDS = 0.2


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


class Progress:
    """Call with (phase, done, total) as work advances; `close()` ends the line."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) if enabled is None else enabled
        self.phase = ""
        self.started = 0.0
        self.drawn = 0.0
        self.width = 0

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if phase != self.phase:
            if self.phase:
                self._draw(self.line(self.phase, self.last_total, self.last_total, now))
                self.stream.write("\n")
                self.width = 0
            self.phase, self.started, self.drawn = phase, now, 0.0
        self.last_total = total
        if now - self.drawn < REDRAW_SECONDS and done < total:
            return
        self.drawn = now
        self._draw(self.line(phase, done, total, now))

    last_total = 0

    def line(self, phase: str, done: int, total: int, now: float) -> str:
        elapsed = now - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        share = done / total if total else 1.0
        filled = round(share * 20)
        bar = "#" * filled + "." * (20 - filled)
        text = f"{phase:<9} [{bar}] {done:,}/{total:,} rows  {rate:,.0f} rows/s"
        if done < total and rate > 0:
            text += f"  ETA {_duration((total - done) / rate)}"
        else:
            text += f"  in {_duration(elapsed)}"
        return text

    def _draw(self, text: str) -> None:
        padding = " " * max(0, self.width - len(text))
        self.stream.write("\r" + text + padding)
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        if self.enabled and self.phase:
            self._draw(self.line(self.phase, self.last_total, self.last_total, time.monotonic()))
            self.stream.write("\n")
            self.stream.flush()
            self.phase = ""
