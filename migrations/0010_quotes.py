from tortoise import migrations
from tortoise.migrations import operations as ops
from graphql_api.models.orders import OrderSource
from graphql_api.models.quotes import QuoteStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0009_orders')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Quote',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('storefront', fields.ForeignKeyField('models.Storefront', source_field='storefront_id', db_constraint=True, to_field='id', related_name='quotes', on_delete=OnDelete.CASCADE)),
                ('number', fields.CharField(max_length=30)),
                ('sequence', fields.IntField()),
                ('company', fields.ForeignKeyField('models.Company', source_field='company_id', db_constraint=True, to_field='id', related_name='quotes', on_delete=OnDelete.CASCADE)),
                ('requested_by_contact', fields.ForeignKeyField('models.Contact', source_field='requested_by_contact_id', null=True, db_constraint=True, to_field='id', related_name='quotes', on_delete=OnDelete.SET_NULL)),
                ('requested_by_staff', fields.ForeignKeyField('models.StaffUser', source_field='requested_by_staff_id', null=True, db_constraint=True, to_field='id', related_name='requested_quotes', on_delete=OnDelete.SET_NULL)),
                ('carrier', fields.ForeignKeyField('models.Carrier', source_field='carrier_id', null=True, db_constraint=True, to_field='id', related_name='quotes', on_delete=OnDelete.SET_NULL)),
                ('carrier_name', fields.CharField(default='', max_length=200)),
                ('status', fields.CharEnumField(description='REQUESTED: REQUESTED\nSENT: SENT\nACCEPTED: ACCEPTED\nREJECTED: REJECTED\nEXPIRED: EXPIRED\nWITHDRAWN: WITHDRAWN', enum_type=QuoteStatus, max_length=12)),
                ('currency', fields.CharField(max_length=3)),
                ('notes', fields.TextField(default='', unique=False)),
                ('message', fields.TextField(default='', unique=False)),
                ('reason', fields.TextField(default='', unique=False)),
                ('shipping_cost', fields.DecimalField(default=0, max_digits=14, decimal_places=4)),
                ('subtotal', fields.DecimalField(default=0, max_digits=14, decimal_places=4)),
                ('total', fields.DecimalField(default=0, max_digits=14, decimal_places=4)),
                ('valid_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'quote', 'app': 'models', 'unique_together': (('storefront', 'number'),), 'indexes': [Index(fields=['storefront_id', 'created_at', 'id']), Index(fields=['company_id', 'created_at', 'id']), Index(fields=['status', 'valid_until'])], 'pk_attr': 'id', 'table_description': "A request for prices and the seller's answer. Totals are of the quoted prices. The order"},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='QuoteCounter',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('storefront', fields.OneToOneField('models.Storefront', source_field='storefront_id', db_constraint=True, to_field='id', related_name='quote_counter', on_delete=OnDelete.CASCADE)),
                ('prefix', fields.CharField(max_length=12)),
                ('last_number', fields.IntField(default=0)),
            ],
            options={'table': 'quote_counter', 'app': 'models', 'pk_attr': 'id', 'table_description': "The last quote number given in a storefront, taken in the quote's own transaction as"},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='QuoteEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('quote', fields.ForeignKeyField('models.Quote', source_field='quote_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('from_status', fields.CharEnumField(null=True, description='REQUESTED: REQUESTED\nSENT: SENT\nACCEPTED: ACCEPTED\nREJECTED: REJECTED\nEXPIRED: EXPIRED\nWITHDRAWN: WITHDRAWN', enum_type=QuoteStatus, max_length=12)),
                ('to_status', fields.CharEnumField(description='REQUESTED: REQUESTED\nSENT: SENT\nACCEPTED: ACCEPTED\nREJECTED: REJECTED\nEXPIRED: EXPIRED\nWITHDRAWN: WITHDRAWN', enum_type=QuoteStatus, max_length=12)),
                ('staff', fields.ForeignKeyField('models.StaffUser', source_field='staff_id', null=True, db_constraint=True, to_field='id', related_name='quote_events', on_delete=OnDelete.SET_NULL)),
                ('contact', fields.ForeignKeyField('models.Contact', source_field='contact_id', null=True, db_constraint=True, to_field='id', related_name='quote_events', on_delete=OnDelete.SET_NULL)),
                ('actor_label', fields.CharField(default='', max_length=200)),
                ('note', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'quote_event', 'app': 'models', 'indexes': [Index(fields=['quote_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One change of a quote: from, to, who (contact, staff or the expiry worker), when, why.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='QuoteLine',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('quote', fields.ForeignKeyField('models.Quote', source_field='quote_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField()),
                ('product', fields.ForeignKeyField('models.Product', source_field='product_id', null=True, db_constraint=True, to_field='id', related_name='quote_lines', on_delete=OnDelete.SET_NULL)),
                ('sku', fields.CharField(max_length=60)),
                ('name', fields.CharField(max_length=300)),
                ('quantity', fields.IntField()),
                ('currency', fields.CharField(max_length=3)),
                ('list_price', fields.DecimalField(max_digits=14, decimal_places=4)),
                ('requested_price', fields.DecimalField(max_digits=14, decimal_places=4)),
                ('quoted_price', fields.DecimalField(max_digits=14, decimal_places=4)),
            ],
            options={'table': 'quote_line', 'app': 'models', 'indexes': [Index(fields=['quote_id', 'position']), Index(fields=['product_id'])], 'pk_attr': 'id', 'table_description': 'A product of a quote: SKU and name as asked, the list price (before any discount), the'},
            bases=['TimestampedModel'],
        ),
        ops.AlterField(
            model_name='Order',
            name='source',
            field=fields.CharEnumField(description='STOREFRONT: STOREFRONT\nAPI: API\nON_BEHALF: ON_BEHALF\nQUICK_LINK: QUICK_LINK\nGUEST: GUEST\nQUOTE: QUOTE', enum_type=OrderSource, max_length=12),
        ),
        ops.AddField(
            model_name='Order',
            name='quote',
            field=fields.OneToOneField('models.Quote', source_field='quote_id', null=True, db_constraint=True, to_field='id', related_name='order', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Order',
            name='shipping_total',
            field=fields.DecimalField(default=0, db_default=0, max_digits=14, decimal_places=4),
        ),
        ops.AddField(
            model_name='Product',
            name='floor_price',
            field=fields.DecimalField(null=True, max_digits=14, decimal_places=4),
        ),
    ]
