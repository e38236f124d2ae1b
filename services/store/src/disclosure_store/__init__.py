"""disclosure_store."""
