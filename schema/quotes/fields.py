"""Quotes (SPEC D6): its root query and mutation fields, merged into the roots by
schema/root.py. Each field hands its arguments to a resolver in resolvers/quotes/."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.quotes import quotes as r
from schema.core.common import After, Connection, First, arg, connection, input_dict
from schema.quotes.inputs import (
    AcceptQuoteInput,
    QuoteFilter,
    RejectQuoteInput,
    RequestQuoteInput,
    SendQuoteInput,
    WithdrawQuoteInput,
)
from schema.quotes.payloads import QuotePayload
from schema.quotes.types import Quote


@strawberry.type(description="Quotes: the readable part.")
class QuoteQueries:
    @strawberry.field(
        description="Quotes, newest first: staff see their companies' (admins all), contacts "
        "with a role their own company's."
    )
    async def quotes(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[QuoteFilter | None, arg("Which quotes.")] = None,
    ) -> Connection[Quote]:
        page = await r.quote_list(
            info,
            first=first,
            after=after,
            status=filter.status if filter else None,
            company_id=filter.company_id if filter else None,
        )
        return connection(page)

    @strawberry.field(description="One quote by ID; null if missing or not readable.")
    async def quote(
        self, info: Info, id: Annotated[strawberry.ID, arg("The quote's global ID.")]
    ) -> Quote | None:
        return await r.quote_by_id(info, id)


@strawberry.type(description="Quotes: the changing part.")
class QuoteMutations:
    @strawberry.mutation(
        description="Ask for a quote (the company's purchasing contact, or staff for a company "
        "they hold): lines or the cart, priced at the company's prices today, with a carrier "
        "its policy allows. Staff are told."
    )
    async def request_quote(
        self, info: Info, input: Annotated[RequestQuoteInput, arg("What to price.")]
    ) -> QuotePayload:
        return await r.request_quote(info, input_dict(input))

    @strawberry.mutation(
        description="Answer a REQUESTED quote (staff who hold the company): prices, shipping, "
        "validity and a message; the buyer is told in its language."
    )
    async def send_quote(
        self, info: Info, input: Annotated[SendQuoteInput, arg("The answer.")]
    ) -> QuotePayload:
        return await r.send_quote(info, input_dict(input))

    @strawberry.mutation(
        description="Accept a SENT quote before its validity ends (the purchasing contact): it "
        "becomes an order at the quoted prices, source QUOTE, in one transaction."
    )
    async def accept_quote(
        self, info: Info, input: Annotated[AcceptQuoteInput, arg("The quote.")]
    ) -> QuotePayload:
        return await r.accept_quote(info, input_dict(input))

    @strawberry.mutation(description="Turn down a SENT quote, saying why (the purchasing contact).")
    async def reject_quote(
        self, info: Info, input: Annotated[RejectQuoteInput, arg("The quote and why.")]
    ) -> QuotePayload:
        return await r.reject_quote(info, input_dict(input))

    @strawberry.mutation(description="Take back a quote not yet answered (the purchasing contact).")
    async def withdraw_quote(
        self, info: Info, input: Annotated[WithdrawQuoteInput, arg("The quote.")]
    ) -> QuotePayload:
        return await r.withdraw_quote(info, input_dict(input))
