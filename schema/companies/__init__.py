"""Companies domain of the GraphQL schema."""
