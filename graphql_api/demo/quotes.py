"""Demo quotes (SPEC D6): a couple in every state for the demo buyers, asked, sent, accepted,
rejected, withdrawn and expired through the quote service, so the portal and the staff's
quote list have something to show."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from tortoise.transactions import in_transaction

from graphql_api.auth.principal import CONTACT_KIND, Principal
from graphql_api.demo.orders import _buyer, _lines
from graphql_api.models import Company, Notification, Quote, QuoteLine, Storefront
from graphql_api.models.enums import ApprovalStatus, NotificationState
from graphql_api.models.quotes import QuoteStatus
from graphql_api.services import quotes
from graphql_api.settings import Settings

# Where each demo quote ends, in turn over the demo buyers.
ENDINGS = (
    QuoteStatus.REQUESTED,
    QuoteStatus.SENT,
    QuoteStatus.ACCEPTED,
    QuoteStatus.REJECTED,
    QuoteStatus.EXPIRED,
    QuoteStatus.WITHDRAWN,
) * 2
OFF = Decimal("0.97")  # the demo seller quotes 3% below the buyer's own price
CENT = Decimal("0.01")
KINDS = ["quote_alert", "quote_sent", "quote_accepted", "quote_expired"]


async def load_quotes(settings: Settings, storefront: Storefront, admin: Principal) -> int:
    """Make the demo quotes unless the storefront has quotes; how many were made."""
    if await Quote.exists(storefront_id=storefront.id):
        return 0
    rng = random.Random(2025)
    companies = list(
        await Company.filter(storefront_id=storefront.id, approval_status=ApprovalStatus.VALIDATED)
        .select_related("group")
        .order_by("id")
    )
    buyers = [
        b
        for c in companies
        if (b := await _buyer(storefront, c, rng)) is not None and b.contact is not None
    ]
    if not buyers:
        return 0
    made = 0
    for index, ending in enumerate(ENDINGS):
        buyer = buyers[index % len(buyers)]
        assert buyer.contact is not None
        asker = Principal(kind=CONTACT_KIND, contact=buyer.contact, company=buyer.company)
        lines = await _lines(buyer, rng)
        policy = buyer.policy
        asked = await quotes.request_quote(
            asker,
            settings,
            storefront,
            {
                "lines": [{"product_id": p.id, "quantity": q} for p, q in lines],
                "carrier_id": rng.choice(policy.carrier_ids) if policy.carrier_ids else None,
                "notes": rng.choice(("", "Entrega no período da manhã.", "Urgente.")),
            },
        )
        if asked.value is None:
            continue  # a demo does without that quote
        quote = asked.value
        made += 1
        if ending == QuoteStatus.WITHDRAWN:
            await quotes.withdraw_quote(asker, storefront, quote.id, {"reason": "Comprado."})
        if ending in (QuoteStatus.REQUESTED, QuoteStatus.WITHDRAWN):
            continue
        rows = await QuoteLine.filter(quote_id=quote.id).order_by("position")
        sent = await quotes.send_quote(
            admin,
            settings,
            storefront,
            quote.id,
            {
                "lines": [
                    {"line_id": row.id, "unit_price": (row.requested_price * OFF).quantize(CENT)}
                    for row in rows
                ],
                "shipping_cost": Decimal(rng.choice((0, 35, 60))),
                "valid_until": datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=15),
                "message": "Condição especial válida por 15 dias.",
            },
        )
        if sent.value is None:
            continue
        if ending == QuoteStatus.REJECTED:
            await quotes.reject_quote(asker, storefront, quote.id, {"reason": "Preço acima."})
        elif ending == QuoteStatus.ACCEPTED:
            await quotes.accept_quote(
                asker,
                settings,
                storefront,
                {
                    "quote_id": quote.id,
                    "idempotency_key": f"demo-quote-{index}",
                    "payment_term": policy.payment_terms[0] if policy.payment_terms else None,
                },
            )
        elif ending == QuoteStatus.EXPIRED:
            past = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
            await Quote.filter(id=quote.id).update(valid_until=past)
    await quotes.expire_due(settings)
    # As for the demo orders: nobody is to be mailed about demo data.
    async with in_transaction():
        await Notification.filter(
            kind__in=[*KINDS, "order_confirmation", "order_alert"],
            state=NotificationState.PENDING,
        ).update(state=NotificationState.SENT, sent_at=datetime.datetime.now(datetime.UTC))
    return made
