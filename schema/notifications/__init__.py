"""Notifications domain of the GraphQL schema."""
