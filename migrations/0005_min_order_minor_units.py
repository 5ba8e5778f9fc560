from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0004_catalog_and_prices')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='CommercialPolicy',
            name='min_order_value',
            field=fields.DecimalField(null=True, max_digits=14, decimal_places=4),
        ),
    ]
