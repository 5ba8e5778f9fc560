from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from graphql_api.models.enums import AccessState, ApprovalStatus, CatalogVisibility, NotificationState, PriceVisibility, RegistrationMode, TokenPurpose
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AccessToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('contact', fields.ForeignKeyField('models.Contact', source_field='contact_id', db_constraint=True, to_field='id', related_name='access_tokens', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharEnumField(description='INVITATION: INVITATION\nRESET: RESET\nCLAIM: CLAIM', enum_type=TokenPurpose, max_length=12)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_by', fields.ForeignKeyField('models.StaffUser', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='issued_tokens', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'access_token', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A single-use link token (invitation, password reset, account claim). Only its SHA-256'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Activity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('kind', fields.CharField(max_length=40)),
                ('storefront', fields.ForeignKeyField('models.Storefront', source_field='storefront_id', null=True, db_constraint=True, to_field='id', related_name='activities', on_delete=OnDelete.CASCADE)),
                ('company', fields.ForeignKeyField('models.Company', source_field='company_id', null=True, db_constraint=True, to_field='id', related_name='activities', on_delete=OnDelete.CASCADE)),
                ('contact', fields.ForeignKeyField('models.Contact', source_field='contact_id', null=True, db_constraint=True, to_field='id', related_name='activities', on_delete=OnDelete.SET_NULL)),
                ('staff', fields.ForeignKeyField('models.StaffUser', source_field='staff_id', null=True, db_constraint=True, to_field='id', related_name='activities', on_delete=OnDelete.SET_NULL)),
                ('details', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'activity', 'app': 'models', 'indexes': [Index(fields=['company_id', 'created_at']), Index(fields=['kind', 'created_at'])], 'pk_attr': 'id', 'table_description': 'What buyers and staff did, per company and contact (SPEC B8).'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='LoginAttempt',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('key', fields.CharField(max_length=300)),
            ],
            options={'table': 'login_attempt', 'app': 'models', 'indexes': [Index(fields=['key', 'created_at'])], 'pk_attr': 'id', 'table_description': 'A failed sign-in, kept in the database so throttling holds across processes.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('kind', fields.CharField(max_length=40)),
                ('recipient', fields.CharField(max_length=254)),
                ('language', fields.CharField(default='en', max_length=10)),
                ('subject', fields.CharField(max_length=300)),
                ('body', fields.TextField(unique=False)),
                ('state', fields.CharEnumField(default=NotificationState.PENDING, description='PENDING: PENDING\nSENT: SENT\nFAILED: FAILED', enum_type=NotificationState, max_length=10)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_error', fields.TextField(null=True, unique=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('storefront', fields.ForeignKeyField('models.Storefront', source_field='storefront_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('company', fields.ForeignKeyField('models.Company', source_field='company_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.SET_NULL)),
                ('contact', fields.ForeignKeyField('models.Contact', source_field='contact_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'notification', 'app': 'models', 'indexes': [Index(fields=['state', 'next_attempt_at'])], 'pk_attr': 'id', 'table_description': 'An outgoing message (outbox), written in the same transaction as the change that causes'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='PartnerClient',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('name', fields.CharField(max_length=200)),
                ('client_id', fields.CharField(unique=True, max_length=64)),
                ('secret_hash', fields.CharField(max_length=255)),
                ('scopes', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('storefront_ids', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('allowed_origins', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_by', fields.ForeignKeyField('models.StaffUser', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='partner_clients', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'partner_client', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An OAuth 2 client-credentials client of a partner site (SPEC B9).'},
            bases=['TimestampedModel'],
        ),
        ops.AddField(
            model_name='Company',
            name='approval_status',
            field=fields.CharEnumField(default=ApprovalStatus.VALIDATED, description='NEW: NEW\nVALIDATED: VALIDATED\nCANCELLED: CANCELLED', enum_type=ApprovalStatus, max_length=10),
        ),
        ops.AlterModelOptions(
            name='Contact',
            options={'table': 'contact', 'app': 'models', 'unique_together': (('storefront', 'email'),), 'pk_attr': 'id', 'table_description': 'A person at a company, with roles and, once access is created, a sign-in.'},
        ),
        ops.AddField(
            model_name='Contact',
            name='access_state',
            field=fields.CharEnumField(default=AccessState.NOT_CREATED, description='NOT_CREATED: NOT_CREATED\nINVITED: INVITED\nACTIVE: ACTIVE\nBLOCKED: BLOCKED', enum_type=AccessState, max_length=12),
        ),
        ops.AddField(
            model_name='Contact',
            name='is_billing',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='Contact',
            name='is_purchasing',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='Contact',
            name='is_shipping',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='Contact',
            name='is_support',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='Contact',
            name='last_access_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Contact',
            name='password_hash',
            field=fields.CharField(null=True, max_length=255),
        ),
        ops.AddField(
            model_name='Contact',
            name='purchasing_company_id',
            field=fields.IntField(null=True, unique=True),
        ),
        ops.AddField(
            model_name='Contact',
            name='token_version',
            field=fields.IntField(default=1),
        ),
        ops.AddField(
            model_name='Storefront',
            name='catalog_visibility',
            field=fields.CharEnumField(default=CatalogVisibility.PUBLIC, description='PUBLIC: PUBLIC\nPRIVATE: PRIVATE', enum_type=CatalogVisibility, max_length=10),
        ),
        ops.AddField(
            model_name='Storefront',
            name='price_visibility',
            field=fields.CharEnumField(default=PriceVisibility.EVERYONE, description='EVERYONE: EVERYONE\nLOGGED_IN: LOGGED_IN\nHIDDEN: HIDDEN', enum_type=PriceVisibility, max_length=10),
        ),
        ops.AddField(
            model_name='Storefront',
            name='registration_mode',
            field=fields.CharEnumField(default=RegistrationMode.OPEN, description='OPEN: OPEN\nWITH_APPROVAL: WITH_APPROVAL\nINVITE_ONLY: INVITE_ONLY', enum_type=RegistrationMode, max_length=20),
        ),
        ops.AddField(
            model_name='Storefront',
            name='theme',
            field=fields.CharField(default='default', max_length=60),
        ),
    ]
