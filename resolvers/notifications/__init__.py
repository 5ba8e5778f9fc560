"""Resolvers and DataLoaders of the notifications domain."""
