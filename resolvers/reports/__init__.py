"""Portal and sales reports (SPEC D8)."""
