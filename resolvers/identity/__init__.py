"""Resolvers and DataLoaders of the identity domain."""
