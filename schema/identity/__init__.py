"""Identity domain of the GraphQL schema."""
