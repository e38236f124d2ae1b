"""The fuzz target of the parser (issue 15): any bytes through text extraction and table parsing end
in pages and a parse, or in one of the project's own errors, never in anything else. It runs in an
isolated parse worker, so a hang or a memory blow-up ends in the worker's budget, not the test's."""

from __future__ import annotations

from disclosure_parse.extraction import extract_pages
from disclosure_parse.structure.parsing import parse_disclosure
from disclosure_shared.errors import PipelineError
from disclosure_shared.settings import Limits


def parse_any_bytes(data: bytes) -> str:
    """'parsed', or the code of the project error the bytes were rejected with. Anything else raises."""
    limits = Limits(ocr_enabled=False)
    try:
        pages = extract_pages(data, "application/pdf", limits, "fuzz")
    except PipelineError as exc:
        return str(getattr(exc, "code", type(exc).__name__))
    parse_disclosure(data, "application/pdf", pages)  # never raises: findings say what failed
    return "parsed"
