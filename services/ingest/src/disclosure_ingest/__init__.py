"""disclosure_ingest."""
