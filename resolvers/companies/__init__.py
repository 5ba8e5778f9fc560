"""Resolvers and DataLoaders of the companies domain."""
