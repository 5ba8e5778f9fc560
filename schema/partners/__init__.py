"""Partners domain of the GraphQL schema."""
