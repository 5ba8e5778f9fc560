"""Quotes (SPEC D6): resolvers and loaders."""
