"""Core domain of the GraphQL schema."""
