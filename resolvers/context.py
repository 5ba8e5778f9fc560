"""The per-request context every resolver receives as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql_api.auth.principal import Principal
from graphql_api.auth.tokens import TokenSigner
from graphql_api.models import Storefront
from graphql_api.services.errors import NotFound
from graphql_api.settings import Settings
from resolvers.loaders import Loaders


@dataclass
class Context:
    settings: Settings
    signer: TokenSigner
    principal: Principal
    storefront: Storefront | None
    request: Any = None
    response: Any = None
    loaders: Loaders = field(default_factory=Loaders)
    # Values computed once a request (catalog view, pricing contexts), by resolvers.catalog.
    memo: dict[str, Any] = field(default_factory=dict)

    def require_storefront(self) -> Storefront:
        if self.storefront is None:
            raise NotFound("storefront", ())
        return self.storefront
