"""disclosure_validate."""
