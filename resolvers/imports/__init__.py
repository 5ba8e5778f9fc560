"""Resolvers and DataLoaders of the imports domain."""
