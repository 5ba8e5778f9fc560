"""The storefront: themes served beside /graphql (SPEC E1-E4). engine.py serves them,
theme.py loads them, check.py checks them, contract.py says what a theme provides."""

from graphql_api.web.storefront.engine import StorefrontEngine

__all__ = ["StorefrontEngine"]
