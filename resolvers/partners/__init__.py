"""Resolvers and DataLoaders of the partners domain."""
