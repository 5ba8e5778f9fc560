"""Quotes (SPEC D6): the GraphQL face."""
