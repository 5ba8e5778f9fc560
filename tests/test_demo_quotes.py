"""Demo quotes (SPEC D6): every state, made through the quote service, with no mail to send."""

from __future__ import annotations

import pytest

from graphql_api.demo.load import load_demo
from graphql_api.models import Notification, Order, Quote, QuoteEvent, QuoteLine
from graphql_api.models.enums import NotificationState
from tests.order_helpers import cheap_hashing


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


async def test_demo_quotes_are_in_every_state(api):
    await load_demo()
    quotes = list(await Quote.all().order_by("sequence"))
    assert {q.status for q in quotes} == {
        "REQUESTED",
        "SENT",
        "ACCEPTED",
        "REJECTED",
        "EXPIRED",
        "WITHDRAWN",
    }
    assert [q.sequence for q in quotes] == list(range(1, len(quotes) + 1))
    assert set(await QuoteLine.all().values_list("quote_id", flat=True)) == {q.id for q in quotes}
    for quote in quotes:
        events = list(await QuoteEvent.filter(quote_id=quote.id).order_by("id"))
        assert events[0].to_status == "REQUESTED" and events[-1].to_status == quote.status
    accepted = [q.id for q in quotes if q.status == "ACCEPTED"]
    made = await Order.filter(quote_id__in=accepted, source="QUOTE").count()
    assert made == len(accepted) > 0
    assert await Notification.filter(state=NotificationState.PENDING).count() == 0
    await load_demo()
    assert await Quote.all().count() == len(quotes)
