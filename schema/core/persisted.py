"""Persisted queries (SPEC F8).

- **Safelist** (`VITRINE_QUERY_SAFELIST`): only registered documents run. Documents are
  registered at start from `VITRINE_PERSISTED_DIR/*.graphql` (each file one document, known by
  the SHA-256 of its text) and by the code that ships its own (the themes). A client sends the
  document, or only its hash; anything else is refused with PERSISTED_QUERY_NOT_ALLOWED.
- **Automatic persisted queries** (Apollo's protocol, `VITRINE_APQ`, on by default outside the
  safelist): a client sends `extensions.persistedQuery = {version: 1, sha256Hash}` without the
  document; an unknown hash gets PERSISTED_QUERY_NOT_FOUND ("PersistedQueryNotFound"), and the
  client sends document and hash together, which stores it (in Redis when configured, so every
  process knows it) for its next requests.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from graphql_api.services.errors import ErrorCode
from graphql_api.shared_state import SharedState

logger = logging.getLogger("vitrine.graphql")

APQ_TTL_SECONDS = 7 * 24 * 3600
# Larger documents are run but not stored: a store anyone can write to must stay small.
MAX_STORED_DOCUMENT = 64_000
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def document_hash(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


class PersistedQueryError(GraphQLError):
    def __init__(self, message: str, code: ErrorCode) -> None:
        super().__init__(message, extensions={"code": code})


class PersistedQueries:
    def __init__(self, shared: SharedState, *, safelist: bool, automatic: bool) -> None:
        self.shared = shared
        self.safelist = safelist
        self.automatic = automatic and not safelist
        self.registered: dict[str, str] = {}

    def register(self, document: str) -> str:
        """Register a document (safelist and hash lookups alike); returns its hash."""
        digest = document_hash(document)
        self.registered[digest] = document
        return digest

    def register_folder(self, folder: Path) -> int:
        """Register every `*.graphql` file of `folder` (none when it does not exist)."""
        files = sorted(folder.glob("*.graphql")) if folder.is_dir() else []
        for path in files:
            self.register(path.read_text(encoding="utf-8"))
        if self.safelist and not self.registered:
            logger.warning("query safelist is on but %s holds no documents", folder)
        return len(files)

    async def resolve(self, query: str | None, extensions: dict[str, Any] | None) -> str | None:
        """The document a request runs. Raises PersistedQueryError."""
        requested = _requested_hash(extensions)
        if requested is not None and query is not None and document_hash(query) != requested:
            raise PersistedQueryError("provided sha does not match query", ErrorCode.BAD_REQUEST)
        if self.safelist:
            digest = requested or (document_hash(query) if query is not None else None)
            document = self.registered.get(digest) if digest else None
            if document is None:
                raise PersistedQueryError(
                    "Only registered operations run on this server.",
                    ErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
                )
            return document
        if requested is None:
            return query
        if query is not None:
            if self.automatic and len(query) <= MAX_STORED_DOCUMENT:
                await self.shared.set(f"apq:{requested}", query, APQ_TTL_SECONDS)
            return query
        if requested in self.registered:
            return self.registered[requested]
        if not self.automatic:
            raise PersistedQueryError(
                "PersistedQueryNotSupported", ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED
            )
        stored = await self.shared.get(f"apq:{requested}")
        if stored is None:
            raise PersistedQueryError("PersistedQueryNotFound", ErrorCode.PERSISTED_QUERY_NOT_FOUND)
        return stored


def _requested_hash(extensions: dict[str, Any] | None) -> str | None:
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise PersistedQueryError(
            "persistedQuery must be {version: 1, sha256Hash: ...}.", ErrorCode.BAD_REQUEST
        )
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not _SHA256.match(digest):
        raise PersistedQueryError(
            "persistedQuery.sha256Hash must be 64 lower-case hex digits.", ErrorCode.BAD_REQUEST
        )
    return digest


class PersistedQueryExtension(SchemaExtension):
    def __init__(self, *, queries: PersistedQueries) -> None:
        self.queries = queries

    async def on_operation(self) -> AsyncIterator[None]:
        execution = self.execution_context
        # Raised here, the error becomes the response's only error and nothing is parsed.
        execution.query = await self.queries.resolve(
            execution.query, execution.operation_extensions
        )
        yield
