from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_foreign_key_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Carrier',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('storefront', fields.ForeignKeyField('models.Storefront', source_field='storefront_id', db_constraint=True, to_field='id', related_name='carriers', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=200)),
                ('tracking_url', fields.CharField(default='', max_length=500)),
                ('is_active', fields.BooleanField(default=True)),
            ],
            options={'table': 'carrier', 'app': 'models', 'unique_together': (('storefront', 'name'),), 'pk_attr': 'id', 'table_description': 'A transport company buyers may choose at checkout, as commercial policies allow.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Category',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('storefront', fields.ForeignKeyField('models.Storefront', source_field='storefront_id', db_constraint=True, to_field='id', related_name='categories', on_delete=OnDelete.CASCADE)),
                ('parent', fields.ForeignKeyField('models.Category', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=120)),
                ('position', fields.IntField(default=0)),
            ],
            options={'table': 'category', 'app': 'models', 'unique_together': (('storefront', 'parent', 'name'),), 'pk_attr': 'id', 'table_description': 'A node of the category tree. A limit to a category includes its whole subtree.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='CommercialPolicy',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('storefront', fields.ForeignKeyField('models.Storefront', source_field='storefront_id', db_constraint=True, to_field='id', related_name='policies', on_delete=OnDelete.CASCADE)),
                ('group', fields.OneToOneField('models.CustomerGroup', source_field='group_id', null=True, db_constraint=True, to_field='id', related_name='policy', on_delete=OnDelete.CASCADE)),
                ('company', fields.OneToOneField('models.Company', source_field='company_id', null=True, db_constraint=True, to_field='id', related_name='policy', on_delete=OnDelete.CASCADE)),
                ('min_order_value', fields.DecimalField(null=True, max_digits=14, decimal_places=2)),
                ('min_order_currency', fields.CharField(null=True, max_length=3)),
                ('payment_terms', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('carrier_ids', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('max_discount_percent', fields.DecimalField(null=True, max_digits=5, decimal_places=2)),
            ],
            options={'table': 'commercial_policy', 'app': 'models', 'indexes': [Index(fields=['storefront_id'])], 'pk_attr': 'id', 'table_description': 'Terms for a storefront (no company, no group), a group or a company. Each null field'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='PriceList',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('storefront', fields.ForeignKeyField('models.Storefront', source_field='storefront_id', db_constraint=True, to_field='id', related_name='price_lists', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=120)),
                ('currency', fields.CharField(max_length=3)),
            ],
            options={'table': 'price_list', 'app': 'models', 'unique_together': (('storefront', 'name'),), 'pk_attr': 'id', 'table_description': 'Prices in one currency for some products, assigned to groups and companies.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='PriceListAssignment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('price_list', fields.ForeignKeyField('models.PriceList', source_field='price_list_id', db_constraint=True, to_field='id', related_name='assignments', on_delete=OnDelete.CASCADE)),
                ('company', fields.ForeignKeyField('models.Company', source_field='company_id', null=True, db_constraint=True, to_field='id', related_name='price_lists', on_delete=OnDelete.CASCADE)),
                ('group', fields.ForeignKeyField('models.CustomerGroup', source_field='group_id', null=True, db_constraint=True, to_field='id', related_name='price_lists', on_delete=OnDelete.CASCADE)),
                ('currency', fields.CharField(max_length=3)),
            ],
            options={'table': 'price_list_assignment', 'app': 'models', 'unique_together': (('company', 'currency'), ('group', 'currency')), 'indexes': [Index(fields=['price_list_id'])], 'pk_attr': 'id', 'table_description': 'A list given to a company or a group. The currency is copied from the list so the'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Supplier',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('storefront', fields.ForeignKeyField('models.Storefront', source_field='storefront_id', db_constraint=True, to_field='id', related_name='suppliers', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=200)),
                ('code', fields.CharField(null=True, max_length=40)),
                ('is_active', fields.BooleanField(default=True)),
                ('name_key', fields.CharField(default='', max_length=200)),
            ],
            options={'table': 'supplier', 'app': 'models', 'unique_together': (('storefront', 'name'),), 'pk_attr': 'id', 'table_description': 'A manufacturer or represented brand whose products the storefront sells. An inactive'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='CatalogLimit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('company', fields.ForeignKeyField('models.Company', source_field='company_id', null=True, db_constraint=True, to_field='id', related_name='catalog_limits', on_delete=OnDelete.CASCADE)),
                ('group', fields.ForeignKeyField('models.CustomerGroup', source_field='group_id', null=True, db_constraint=True, to_field='id', related_name='catalog_limits', on_delete=OnDelete.CASCADE)),
                ('supplier', fields.ForeignKeyField('models.Supplier', source_field='supplier_id', null=True, db_constraint=True, to_field='id', related_name='limits', on_delete=OnDelete.CASCADE)),
                ('category', fields.ForeignKeyField('models.Category', source_field='category_id', null=True, db_constraint=True, to_field='id', related_name='limits', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'catalog_limit', 'app': 'models', 'indexes': [Index(fields=['company_id']), Index(fields=['group_id'])], 'pk_attr': 'id', 'table_description': 'One supplier or one category a company or a group is limited to. A holder with no rows'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Product',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('storefront', fields.ForeignKeyField('models.Storefront', source_field='storefront_id', db_constraint=True, to_field='id', related_name='products', on_delete=OnDelete.CASCADE)),
                ('sku', fields.CharField(max_length=60)),
                ('name', fields.CharField(max_length=300)),
                ('description', fields.TextField(default='', unique=False)),
                ('image_urls', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('unit', fields.CharField(default='un', max_length=20)),
                ('minimum_quantity', fields.IntField(default=1)),
                ('quantity_multiple', fields.IntField(default=1)),
                ('stock', fields.IntField(null=True)),
                ('is_active', fields.BooleanField(default=True)),
                ('base_price', fields.DecimalField(max_digits=14, decimal_places=4)),
                ('supplier', fields.ForeignKeyField('models.Supplier', source_field='supplier_id', db_constraint=True, to_field='id', related_name='products', on_delete=OnDelete.RESTRICT)),
                ('category', fields.ForeignKeyField('models.Category', source_field='category_id', null=True, db_constraint=True, to_field='id', related_name='products', on_delete=OnDelete.SET_NULL)),
                ('search_text', fields.TextField(default='', unique=False)),
                ('name_key', fields.CharField(default='', max_length=300)),
            ],
            options={'table': 'product', 'app': 'models', 'unique_together': (('storefront', 'sku'),), 'indexes': [Index(fields=['storefront_id', 'name_key', 'id']), Index(fields=['storefront_id', 'base_price', 'id']), Index(fields=['supplier_id', 'name_key', 'id']), Index(fields=['category_id', 'name_key', 'id'])], 'pk_attr': 'id', 'table_description': 'A sellable item. The base price is in the storefront default currency.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='PriceListEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('price_list', fields.ForeignKeyField('models.PriceList', source_field='price_list_id', db_constraint=True, to_field='id', related_name='entries', on_delete=OnDelete.CASCADE)),
                ('product', fields.ForeignKeyField('models.Product', source_field='product_id', db_constraint=True, to_field='id', related_name='price_entries', on_delete=OnDelete.CASCADE)),
                ('price', fields.DecimalField(max_digits=14, decimal_places=4)),
                ('tiers', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'price_list_entry', 'app': 'models', 'unique_together': (('price_list', 'product'),), 'indexes': [Index(fields=['product_id'])], 'pk_attr': 'id', 'table_description': 'The price of one product in a list. Tiers hold a JSON list of objects with min_quantity'},
            bases=['TimestampedModel'],
        ),
    ]
