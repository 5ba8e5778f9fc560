from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0012_reports')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CatalogVersion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('storefront', fields.OneToOneField('models.Storefront', source_field='storefront_id', db_constraint=True, to_field='id', related_name='catalog_version', on_delete=OnDelete.CASCADE)),
                ('version', fields.BigIntField(default=0)),
                ('stamp', fields.CharField(max_length=32)),
            ],
            options={'table': 'catalog_version', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One row a storefront. Every write that can change a cached catalog read (products,'},
            bases=['TimestampedModel'],
        ),
    ]
