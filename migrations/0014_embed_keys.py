"""The publishable key of a partner client's catalog embed (SPEC E5), unique. Clients made
before it have none until an admin rotates one in (rotatePartnerEmbedKey).

Numbered 0014 beside the quotes, invoices, reports and catalog-version migrations written at
the same time; it depends on 0009_orders until the lead re-chains it."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [("models", "0013_catalog_versions")]

    initial = False

    operations = [
        ops.AddField(
            model_name='PartnerClient',
            name='embed_key',
            field=fields.CharField(null=True, unique=True, max_length=64),
        ),
    ]
