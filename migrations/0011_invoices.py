from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from graphql_api.models.invoices import InvoiceStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0010_quotes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Invoice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('storefront', fields.ForeignKeyField('models.Storefront', source_field='storefront_id', db_constraint=True, to_field='id', related_name='invoices', on_delete=OnDelete.CASCADE)),
                ('number', fields.CharField(max_length=30)),
                ('sequence', fields.IntField()),
                ('order', fields.ForeignKeyField('models.Order', source_field='order_id', db_constraint=True, to_field='id', related_name='invoices', on_delete=OnDelete.CASCADE)),
                ('order_number', fields.CharField(max_length=30)),
                ('company', fields.ForeignKeyField('models.Company', source_field='company_id', null=True, db_constraint=True, to_field='id', related_name='invoices', on_delete=OnDelete.SET_NULL)),
                ('company_name', fields.CharField(max_length=200)),
                ('currency', fields.CharField(max_length=3)),
                ('amount', fields.DecimalField(max_digits=14, decimal_places=4)),
                ('issue_date', fields.DateField()),
                ('due_date', fields.DateField()),
                ('instalment', fields.SmallIntField()),
                ('instalment_count', fields.SmallIntField()),
                ('payment_term', fields.CharField(null=True, max_length=60)),
                ('status', fields.CharEnumField(default=InvoiceStatus.OPEN, description='OPEN: OPEN\nOVERDUE: OVERDUE\nPAID: PAID\nCANCELLED: CANCELLED', enum_type=InvoiceStatus, max_length=10)),
                ('paid_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('cancelled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('cancel_reason', fields.TextField(default='', unique=False)),
                ('seller', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('buyer', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_by', fields.ForeignKeyField('models.StaffUser', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='invoices', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'invoice', 'app': 'models', 'unique_together': (('storefront', 'number'),), 'indexes': [Index(fields=['storefront_id', 'sequence']), Index(fields=['company_id', 'sequence']), Index(fields=['order_id', 'sequence']), Index(fields=['storefront_id', 'status', 'due_date'])], 'pk_attr': 'id', 'table_description': 'One instalment billed for an order. The seller and buyer blocks are copied when it is'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='InvoiceCounter',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('storefront', fields.OneToOneField('models.Storefront', source_field='storefront_id', db_constraint=True, to_field='id', related_name='invoice_counter', on_delete=OnDelete.CASCADE)),
                ('prefix', fields.CharField(max_length=16)),
                ('last_number', fields.IntField(default=0)),
            ],
            options={'table': 'invoice_counter', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The last invoice number given in a storefront, taken in the creating transaction.'},
            bases=['TimestampedModel'],
        ),
        ops.AddField(
            model_name='Storefront',
            name='country',
            field=fields.CharField(default='', db_default='', max_length=2),
        ),
        ops.AddField(
            model_name='Storefront',
            name='fiscal_address',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Storefront',
            name='legal_name',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='Storefront',
            name='state_registration',
            field=fields.CharField(default='', db_default='', max_length=20),
        ),
        ops.AddField(
            model_name='Storefront',
            name='tax_id',
            field=fields.CharField(default='', db_default='', max_length=20),
        ),
        ops.AddField(
            model_name='Storefront',
            name='tax_id_kind',
            field=fields.CharField(default='', db_default='', max_length=10),
        ),
    ]
