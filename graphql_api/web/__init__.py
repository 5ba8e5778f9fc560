"""The HTTP face of Vitrine (composition layer): who is calling (identity), the GraphQL endpoint,
downloads, cookie sessions, the OAuth token endpoint and health checks. It may import anything
below it; nothing below imports it."""
