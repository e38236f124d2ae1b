"""disclosure_cli."""
