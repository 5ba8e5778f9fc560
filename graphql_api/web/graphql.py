"""The GraphQL endpoint, `/graphql`: Strawberry over the schema create_app built once."""

from __future__ import annotations

import json
from typing import Any

import orjson
import strawberry
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL

from graphql_api.auth.tokens import TokenSigner
from graphql_api.services.errors import ErrorCode
from graphql_api.settings import Settings
from graphql_api.web.errors import RETRY_AFTER, error_response
from graphql_api.web.identity import IdentityError, identify
from resolvers.context import Context
from schema.core.errors import add_code


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(self, schema: strawberry.Schema, settings: Settings, signer: TokenSigner) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=False,
        )
        self.settings = settings
        self.signer = signer

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        # Strawberry answers an HTTPException in plain text; clients expect the GraphQL error
        # shape with a code, and identify()'s refusals carry their own status and headers.
        try:
            response: Response = await self.run(request)
        except IdentityError as exc:
            response = exc.response(request)
        except HTTPException as exc:
            response = error_response(exc.status_code, ErrorCode.BAD_REQUEST, exc.reason)
        await response(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        # json.loads guesses UTF-16 and UTF-32 from the first bytes and lets UnicodeDecodeError
        # and RecursionError through (both 500s); Strawberry calls .get() on whatever JSON value
        # it gets, so null, a string or a number were 500s too.
        try:
            text = data.decode("utf-8") if isinstance(data, bytes) else data
        except UnicodeDecodeError:
            raise HTTPException(400, "The request body is not valid UTF-8.") from None
        try:
            value = json.loads(text)
        except RecursionError:
            raise HTTPException(400, "The request body is nested too deeply.") from None
        if not isinstance(value, dict):
            raise HTTPException(
                400,
                "The request body must be a JSON object with a `query` string (and optionally "
                "`variables` and `operationName`).",
            )
        return value

    def encode_json(self, data: object) -> str | bytes:
        try:
            return orjson.dumps(data)
        except TypeError:
            # What orjson refuses (an integer beyond 64 bits in a JSON scalar) json.dumps writes.
            return super().encode_json(data)

    async def process_result(self, request: Any, result: Any) -> Any:
        # Parse errors never reach the schema extensions; give every error its code here.
        for error in result.errors or []:
            add_code(error)
        return await super().process_result(request, result)

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        # A busy database is worth a retry: say so in the status, for clients and proxies.
        results = response_data if isinstance(response_data, list) else [response_data]
        if any(
            (error.get("extensions") or {}).get("code") == ErrorCode.SERVICE_UNAVAILABLE
            for result in results
            for error in result.get("errors") or []
        ):
            sub_response.status_code = 503
            sub_response.headers["Retry-After"] = RETRY_AFTER
        return super().create_response(response_data, sub_response)

    async def get_context(self, request: Any, response: Any) -> Context:
        identity = await identify(request)
        return Context(
            settings=self.settings,
            signer=self.signer,
            principal=identity.principal,
            storefront=identity.storefront,
            request=request,
            response=response,
            via=identity.via,
        )
