from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0006_unique_keys')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ThrottleCounter',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=100)),
                ('hits', fields.IntField(default=0)),
                ('allowed_at', fields.FloatField(default=0)),
                ('expires_at', fields.FloatField(default=0)),
            ],
            options={'table': 'throttle_counter', 'app': 'models', 'indexes': [Index(fields=['expires_at'])], 'pk_attr': 'key', 'table_description': 'A counter of the sign-in and link mail throttles (used when no Redis is configured).'},
            bases=['Model'],
        ),
        ops.DeleteModel(name='LoginAttempt'),
    ]
