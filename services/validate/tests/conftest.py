"""Records built from the real seed documents, for rule tests: each parsed once per session.

A rule test takes `seed("001")`, checks the rule on it as published, then edits one value with
`model_copy` to make the rule fire (or stop firing).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

from disclosure_parse.extraction import extract_pages
from disclosure_parse.payload import parsed_payload
from disclosure_shared.events import BlobRef, PageText, ParsedPayload
from disclosure_shared.records import Source
from disclosure_shared.settings import Limits

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


def _parsed(data: bytes, content_type: str, pages: list[PageText], filename: str) -> ParsedPayload:
    """What the parse stage publishes for these bytes and page texts."""
    source = Source(
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        bytes=len(data),
        filename=filename,
        content_type=content_type,
    )
    return parsed_payload(data, pages, source, BlobRef(store="file", sha256="0" * 64, size=len(data)))


@cache
def _parse_seed(prefix: str) -> ParsedPayload:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    data = path.read_bytes()
    return _parsed(data, "text/plain", [PageText(number=1, text=data.decode("utf-8"))], path.name)


@cache
def _parse_pdf(path: Path) -> ParsedPayload:
    data = path.read_bytes()
    return _parsed(data, "application/pdf", extract_pages(data, "application/pdf", Limits()), path.name)


@pytest.fixture
def seed() -> Callable[[str], ParsedPayload]:
    """`seed("001")` -> the parsed seed 001 (skips when ../shared/seeds is absent)."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS}: put the shared reference folder beside the repo")
    return _parse_seed


@pytest.fixture
def parsed_pdf() -> Callable[[Path], ParsedPayload]:
    """`parsed_pdf(path)` -> a PDF through extraction and the table parser, parsed once per session."""
    return _parse_pdf
