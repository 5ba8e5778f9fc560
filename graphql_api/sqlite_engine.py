"""Tortoise's SQLite client, with transactions that take the write lock when they begin.

Tortoise begins transactions with a plain (deferred) BEGIN. In WAL mode such a transaction reads
a snapshot, and when it then writes after another process committed, SQLite refuses at once
with "database is locked", whatever the busy timeout: a server beside a CLI import failed that
way. BEGIN IMMEDIATE waits (up to the busy timeout) for the write lock instead, like a single
statement does. Within one process Tortoise already runs one transaction at a time on its one
connection, so this costs nothing there. `graphql_api.db` names this module as the engine.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from tortoise.backends.base.client import TransactionalDBClient, TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.connection import get_connections
from tortoise.exceptions import OperationalError


class _ImmediateTransaction(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            # Ends an implicit transaction the driver may have open, as Tortoise's own begin.
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            # "database is locked" after the busy timeout: an OperationalError like any other
            # statement's, which the web layer answers with 503 and Retry-After.
            raise OperationalError(exc) from exc


class _TransactionContext(SqliteTransactionContext):
    async def __aenter__(self) -> TransactionalDBClient:
        # Tortoise's version keeps the process-wide lock when BEGIN fails, which could not
        # happen with a deferred BEGIN but can with an immediate one: every later query of the
        # process would wait for ever.
        await self._trxlock.acquire()
        try:
            await self.ensure_connection()
            self.token = get_connections().set(self.connection_name, self.connection)
            try:
                await self.connection.begin()
            except BaseException:
                get_connections().reset(self.token)
                raise
        except BaseException:
            self._trxlock.release()
            raise
        return self.connection


class ImmediateSqliteClient(SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return _TransactionContext(_ImmediateTransaction(self), self._lock)


client_class = ImmediateSqliteClient


def get_client_class(db_info: dict[str, Any]) -> type[SqliteClient]:
    return ImmediateSqliteClient
