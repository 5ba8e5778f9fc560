"""Business-unique keys the database itself enforces (issue 9): tax ids that name one company
(CNPJ, CPF, VAT) are unique per storefront, and root categories are unique by name like every
other level. Rows that already break a key (left by races before this migration) are kept:
later duplicate tax ids stay outside the key (the next change to their company meets the
DUPLICATE check), and a later root category repeating a name gets its row id appended."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import UniqueConstraint

# Older roots that share a name keep it; each later one gets its id appended, so the index
# can be built (only races before this migration could have left such rows).
RENAME_REPEATED_ROOTS = (
    "UPDATE category SET name = SUBSTR(name, 1, 100) || ' (' || CAST(id AS TEXT) || ')'"
    " WHERE parent_id IS NULL AND EXISTS ("
    " SELECT 1 FROM category AS older WHERE older.parent_id IS NULL"
    " AND older.storefront_id = category.storefront_id AND older.name = category.name"
    " AND older.id < category.id)"
)
# NULL parents never collide in the (storefront, parent, name) key: roots need their own
# index. Partial unique indexes work alike on SQLite and PostgreSQL.
CATEGORY_ROOT_NAME = (
    "CREATE UNIQUE INDEX category_root_name ON category (storefront_id, name)"
    " WHERE parent_id IS NULL"
)

TAX_ID_STOREFRONT = [
    "UPDATE company_tax_id SET unique_storefront_id = ("
    " SELECT c.storefront_id FROM company AS c WHERE c.id = company_tax_id.company_id)"
    " WHERE kind IN ('CNPJ', 'CPF', 'VAT') AND NOT EXISTS ("
    " SELECT 1 FROM company_tax_id AS older"
    " JOIN company AS older_company ON older_company.id = older.company_id"
    " JOIN company AS mine ON mine.id = company_tax_id.company_id"
    " WHERE older.kind = company_tax_id.kind AND older.value = company_tax_id.value"
    " AND older_company.storefront_id = mine.storefront_id AND older.id < company_tax_id.id)",
]


class Migration(migrations.Migration):
    dependencies = [("models", "0005_min_order_minor_units")]

    initial = False

    operations = [
        ops.RunSQL([RENAME_REPEATED_ROOTS, CATEGORY_ROOT_NAME], "DROP INDEX category_root_name"),
        ops.AddField(
            model_name="TaxId",
            name="unique_storefront_id",
            field=fields.IntField(null=True),
        ),
        ops.RunSQL(TAX_ID_STOREFRONT, reverse_sql=ops.RunSQL.noop),
        ops.AddConstraint(
            model_name="TaxId",
            constraint=UniqueConstraint(
                fields=("unique_storefront_id", "kind", "value"), name=None
            ),
        ),
    ]
