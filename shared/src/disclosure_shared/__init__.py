"""disclosure_shared."""
