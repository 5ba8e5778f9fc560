"""Outgoing mail (SPEC B11): message templates, delivery sinks and the background worker.

Messages are written to the outbox by graphql_api.services.notifications inside the caller's
transaction; graphql_api.notifications.delivery sends them later, so a rolled-back change never
sends mail and a slow mail server never slows a request.
"""

from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
