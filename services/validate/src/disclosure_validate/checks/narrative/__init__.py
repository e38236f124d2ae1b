"""Narrative against tables (SPEC §3.3, N-xx): amounts, rates, shares and lists the text states."""
