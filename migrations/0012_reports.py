"""Portal reports (SPEC D8, issue 11): each order line keeps the supplier its product had when
it was ordered (supplier_id, nullable, SET NULL when the supplier goes; supplier_name stays),
filled here for the lines written before from their product's current supplier."""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

# Lines whose product was deleted since have no supplier to copy: they stay NULL and ''.
BACKFILL_SUPPLIERS = [
    "UPDATE order_line SET supplier_id = ("
    " SELECT p.supplier_id FROM product AS p WHERE p.id = order_line.product_id)"
    " WHERE product_id IS NOT NULL",
    "UPDATE order_line SET supplier_name = COALESCE(("
    " SELECT s.name FROM supplier AS s WHERE s.id = order_line.supplier_id), '')"
    " WHERE supplier_id IS NOT NULL",
]


class Migration(migrations.Migration):
    dependencies = [("models", "0011_invoices")]

    initial = False

    operations = [
        ops.AddField(
            model_name="OrderLine",
            name="supplier",
            field=fields.ForeignKeyField(
                "models.Supplier",
                source_field="supplier_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="order_lines",
                on_delete=OnDelete.SET_NULL,
            ),
        ),
        ops.AddField(
            model_name="OrderLine",
            name="supplier_name",
            field=fields.CharField(default="", db_default="", max_length=200),
        ),
        ops.RunSQL(BACKFILL_SUPPLIERS, reverse_sql=ops.RunSQL.noop),
        # Deleting a supplier sets its lines' supplier_id to NULL: found through this index.
        ops.AddIndex(
            model_name="OrderLine",
            index=Index(fields=["supplier_id"]),
        ),
    ]
