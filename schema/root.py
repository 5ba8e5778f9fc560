"""The query and mutation roots, merged from each domain's `fields` module."""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types
from strawberry.types import get_object_definition

from schema.catalog.fields import CatalogMutations, CatalogQueries
from schema.companies.fields import CompanyMutations, CompanyQueries
from schema.core.fields import CoreQueries
from schema.identity.fields import IdentityMutations, IdentityQueries
from schema.imports.fields import ImportMutations, ImportQueries
from schema.invoices.fields import InvoiceMutations, InvoiceQueries
from schema.notifications.fields import NotificationQueries
from schema.orders.fields import OrderMutations, OrderQueries
from schema.partners.fields import PartnerMutations, PartnerQueries
from schema.quotes.fields import QuoteMutations, QuoteQueries
from schema.reports.fields import ReportQueries


def _root(name: str, description: str, parts: tuple[type, ...]) -> type:
    """One root type from per-domain parts (each domain keeps its fields in its own module)."""
    merged = merge_types(name, parts)
    # merge_types takes no description; set it on the definition it built.
    get_object_definition(merged, strict=True).description = description
    return merged


Query = _root(
    "Query",
    "Everything that can be read.",
    (
        IdentityQueries,
        CoreQueries,
        CompanyQueries,
        CatalogQueries,
        PartnerQueries,
        NotificationQueries,
        ImportQueries,
        OrderQueries,
        QuoteQueries,
        InvoiceQueries,
        ReportQueries,
    ),
)
Mutation = _root(
    "Mutation",
    "Everything that changes data. Each mutation returns `userErrors`.",
    (
        CompanyMutations,
        IdentityMutations,
        CatalogMutations,
        PartnerMutations,
        ImportMutations,
        OrderMutations,
        QuoteMutations,
        InvoiceMutations,
    ),
)

__all__ = ["Mutation", "Query", "strawberry"]
