"""Narrative claims: amounts, changes, shares, completion rates and counts stated in the text."""

from __future__ import annotations

from collections.abc import Sequence

from disclosure_shared.records import Claim


def extract_claims(pages: Sequence[str]) -> list[Claim]:
    """Placeholder until the narrative patterns land (SPEC §7.10)."""
    del pages
    return []
