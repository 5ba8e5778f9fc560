"""Invoices (SPEC D9): GraphQL types, inputs, payloads and root fields."""
