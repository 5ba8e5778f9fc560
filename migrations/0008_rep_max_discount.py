from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0007_throttle')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Storefront',
            name='rep_max_discount_percent',
            field=fields.DecimalField(default=0, db_default=0, max_digits=5, decimal_places=2),
        ),
    ]
