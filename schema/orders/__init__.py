"""Carts, checkout, orders and quick-order links (SPEC D1-D5, D7)."""
