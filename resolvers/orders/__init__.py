"""Carts, checkout, orders and quick-order links: resolvers and loaders."""
