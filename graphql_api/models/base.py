"""Columns every table shares.

Model docstrings become SQL table comments in migrations, and Tortoise splits migration SQL on
semicolons and does not escape quotes: keep both out of model docstrings.
"""

from tortoise import fields
from tortoise.models import Model


class TimestampedModel(Model):
    id = fields.IntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        abstract = True
