"""Pure validators: each takes what a user typed and returns the canonical form to store, or
raises graphql_api.services.errors.ValidationError. Callers store the canonical form so lookups
and uniqueness checks never depend on how someone happened to type punctuation.

countries (ISO 3166-1 from Babel's CLDR data), tax_ids (python-stdnum), phones (phonenumbers,
E.164), emails (email-validator) and postal_codes (per-country shapes)."""
