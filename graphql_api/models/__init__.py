"""Tortoise models, one module per aggregate; this package is the Tortoise app "models"."""

from graphql_api.models.catalog import Carrier, CatalogLimit, Category, Product, Supplier
from graphql_api.models.catalog_version import CatalogVersion
from graphql_api.models.company import (
    Address,
    Company,
    CompanyEmail,
    CompanyPhone,
    Note,
    TaxId,
)
from graphql_api.models.contact import Contact
from graphql_api.models.custom_field import CustomFieldDefinition, CustomFieldValue
from graphql_api.models.group import CustomerGroup
from graphql_api.models.identity import AccessToken, Activity, PartnerClient, ThrottleCounter
from graphql_api.models.invoices import Invoice, InvoiceCounter
from graphql_api.models.notification import Notification
from graphql_api.models.orders import (
    Cart,
    CartLine,
    Order,
    OrderCounter,
    OrderLine,
    OrderStatusChange,
    QuickOrderLink,
)
from graphql_api.models.pricing import (
    CommercialPolicy,
    PriceList,
    PriceListAssignment,
    PriceListEntry,
)
from graphql_api.models.quotes import Quote, QuoteCounter, QuoteEvent, QuoteLine
from graphql_api.models.staff import StaffUser
from graphql_api.models.storefront import Storefront

__all__ = [
    "CatalogLimit",
    "CatalogVersion",
    "Carrier",
    "Category",
    "CommercialPolicy",
    "PriceList",
    "PriceListAssignment",
    "PriceListEntry",
    "Product",
    "Supplier",
    "AccessToken",
    "Activity",
    "Notification",
    "Invoice",
    "InvoiceCounter",
    "Cart",
    "CartLine",
    "Order",
    "OrderCounter",
    "OrderLine",
    "OrderStatusChange",
    "QuickOrderLink",
    "PartnerClient",
    "Quote",
    "QuoteCounter",
    "QuoteEvent",
    "QuoteLine",
    "Address",
    "Company",
    "CompanyEmail",
    "CompanyPhone",
    "Contact",
    "CustomFieldDefinition",
    "CustomFieldValue",
    "CustomerGroup",
    "Note",
    "StaffUser",
    "Storefront",
    "ThrottleCounter",
    "TaxId",
]
