"""Catalog domain of the GraphQL schema."""
