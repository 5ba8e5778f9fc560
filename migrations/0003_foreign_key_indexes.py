from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_buyer_identity')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='AccessToken',
            index=Index(fields=['contact_id', 'used_at']),
        ),
        ops.AddIndex(
            model_name='Address',
            index=Index(fields=['company_id', 'position']),
        ),
        ops.AddIndex(
            model_name='CompanyEmail',
            index=Index(fields=['company_id', 'position']),
        ),
        ops.AddIndex(
            model_name='CompanyPhone',
            index=Index(fields=['company_id', 'position']),
        ),
        ops.AddIndex(
            model_name='Contact',
            index=Index(fields=['company_id']),
        ),
        ops.AddIndex(
            model_name='CustomFieldValue',
            index=Index(fields=['company_id']),
        ),
        ops.AddIndex(
            model_name='CustomFieldValue',
            index=Index(fields=['contact_id']),
        ),
    ]
