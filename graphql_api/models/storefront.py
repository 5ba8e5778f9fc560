from tortoise import fields

from graphql_api.models.base import TimestampedModel
from graphql_api.models.enums import CatalogVisibility, PriceVisibility, RegistrationMode


class Storefront(TimestampedModel):
    """One catalog a seller runs: companies, contacts and settings belong to one storefront."""

    slug = fields.CharField(max_length=60, unique=True)
    name = fields.CharField(max_length=200)
    default_currency = fields.CharField(max_length=3, default="BRL")
    default_language = fields.CharField(max_length=10, default="pt-BR")
    is_default = fields.BooleanField(default=False)
    registration_mode = fields.CharEnumField(
        RegistrationMode, max_length=20, default=RegistrationMode.OPEN
    )
    catalog_visibility = fields.CharEnumField(
        CatalogVisibility, max_length=10, default=CatalogVisibility.PUBLIC
    )
    price_visibility = fields.CharEnumField(
        PriceVisibility, max_length=10, default=PriceVisibility.EVERYONE
    )
    theme = fields.CharField(max_length=60, default="default")
    # The highest discount a sales rep may give a company; 0: only admins set discounts.
    # db_default: the column is added to storefronts that already exist (migration 0008).
    rep_max_discount_percent = fields.DecimalField(
        max_digits=5, decimal_places=2, default=0, db_default=0
    )
    # The seller's fiscal data, printed on invoices (migration 0011 adds them to storefronts that
    # exist, empty). tax_id is stored canonical, as a company's (services/validation/tax_ids.py).
    legal_name = fields.CharField(max_length=200, default="", db_default="")
    tax_id_kind = fields.CharField(max_length=10, default="", db_default="")
    tax_id = fields.CharField(max_length=20, default="", db_default="")
    state_registration = fields.CharField(max_length=20, default="", db_default="")
    fiscal_address = fields.TextField(default="", db_default="")
    country = fields.CharField(max_length=2, default="", db_default="")

    class Meta:
        table = "storefront"
