"""The one severity ladder of SPEC §3.0, which every finding builder follows:

1. a difference within rounding (or a percentage truncated rather than rounded) → info, cause rounding;
2. a difference our extraction may have caused (a repaired row, an unread cell, a damaged table)
   → warning, cause extraction, and the message says so (`extraction_tail`);
3. otherwise → error, cause source (the publisher's), unless the check lowers it to a warning
   because the pairing behind it is not certain.
"""

from __future__ import annotations

from disclosure_shared.records import ProbableCause, Severity
from disclosure_validate.judging.tolerance import Outcome

EXTRACTION_SUSPECT = "可能是本系统提取有误，请对照原表核实。"


def judge(outcome: Outcome, *, suspect: bool, failed: Severity = "error") -> tuple[Severity, ProbableCause]:
    """Severity and probable cause of a comparison that did not hold exactly."""
    if outcome in (Outcome.ROUNDING, Outcome.TRUNCATED):
        return "info", "rounding"
    if suspect:
        return "warning", "extraction"
    return failed, "source"


def extraction_tail(reason: str) -> str:
    """The sentence that ends a message when our extraction is suspect: why, and what to do."""
    return f"；{reason}，{EXTRACTION_SUSPECT}"
