"""Invoices (SPEC D9): resolvers and loaders."""
