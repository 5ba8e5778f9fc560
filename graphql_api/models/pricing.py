from tortoise import fields

from graphql_api.models.base import TimestampedModel


class PriceList(TimestampedModel):
    """Prices in one currency for some products, assigned to groups and companies."""

    storefront = fields.ForeignKeyField("models.Storefront", related_name="price_lists")
    name = fields.CharField(max_length=120)
    currency = fields.CharField(max_length=3)

    class Meta:
        table = "price_list"
        unique_together = (("storefront", "name"),)


class PriceListEntry(TimestampedModel):
    """The price of one product in a list. Tiers hold a JSON list of objects with min_quantity
    and price (a decimal string), sorted by min_quantity, each above one."""

    price_list = fields.ForeignKeyField(
        "models.PriceList", related_name="entries", on_delete=fields.CASCADE
    )
    product = fields.ForeignKeyField(
        "models.Product", related_name="price_entries", on_delete=fields.CASCADE
    )
    price = fields.DecimalField(max_digits=14, decimal_places=4)
    tiers = fields.JSONField(default=list)

    class Meta:
        table = "price_list_entry"
        unique_together = (("price_list", "product"),)
        indexes = (("product_id",),)


class PriceListAssignment(TimestampedModel):
    """A list given to a company or a group. The currency is copied from the list so the
    database keeps one list per holder and currency."""

    price_list = fields.ForeignKeyField(
        "models.PriceList", related_name="assignments", on_delete=fields.CASCADE
    )
    company = fields.ForeignKeyField(
        "models.Company", related_name="price_lists", null=True, on_delete=fields.CASCADE
    )
    group = fields.ForeignKeyField(
        "models.CustomerGroup", related_name="price_lists", null=True, on_delete=fields.CASCADE
    )
    currency = fields.CharField(max_length=3)

    class Meta:
        table = "price_list_assignment"
        unique_together = (("company", "currency"), ("group", "currency"))
        indexes = (("price_list_id",),)


class CommercialPolicy(TimestampedModel):
    """Terms for a storefront (no company, no group), a group or a company. Each null field
    is inherited from the less specific level. Carrier ids are a JSON list."""

    storefront = fields.ForeignKeyField("models.Storefront", related_name="policies")
    group = fields.OneToOneField(
        "models.CustomerGroup", related_name="policy", null=True, on_delete=fields.CASCADE
    )
    company = fields.OneToOneField(
        "models.Company", related_name="policy", null=True, on_delete=fields.CASCADE
    )
    # Four places: the finest minor unit Babel knows (CLF); JPY amounts are whole, BHD take 3.
    min_order_value = fields.DecimalField(max_digits=14, decimal_places=4, null=True)
    min_order_currency = fields.CharField(max_length=3, null=True)
    payment_terms = fields.JSONField(null=True)
    carrier_ids = fields.JSONField(null=True)
    max_discount_percent = fields.DecimalField(max_digits=5, decimal_places=2, null=True)

    class Meta:
        table = "commercial_policy"
        indexes = (("storefront_id",),)
