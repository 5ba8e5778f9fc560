"""Columns every table shares.

Model docstrings become SQL table comments in migrations, and Tortoise splits migration SQL on
semicolons and does not escape quotes: keep both out of model docstrings.

Each foreign key also declares its `<name>_id: int` column: Tortoise sets that attribute at
runtime, and the declaration lets the type checker see it.
"""

from tortoise import fields
from tortoise.models import Model


class TimestampedModel(Model):
    id = fields.IntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        abstract = True
