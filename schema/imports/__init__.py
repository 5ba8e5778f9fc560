"""Imports domain of the GraphQL schema."""
