"""Resolvers and DataLoaders of the catalog domain."""
