"""disclosure_parse."""
