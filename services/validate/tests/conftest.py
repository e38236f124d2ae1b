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

from disclosure_parse.structure import parse_disclosure
from disclosure_shared.events import BlobRef, PageText, ParsedPayload
from disclosure_shared.records import Source

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


@cache
def _parse_seed(prefix: str) -> ParsedPayload:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    data = path.read_bytes()
    text = data.decode("utf-8")
    pages = [PageText(number=1, text=text)]
    parsed = parse_disclosure(data, "text/plain", pages)
    return ParsedPayload(
        source=Source(fetched_at=datetime(2026, 1, 1, tzinfo=UTC), bytes=len(data), filename=path.name),
        blob=BlobRef(store="file", sha256="0" * 64, size=len(data)),
        document=parsed.document,
        pages=[p.info() for p in pages],
        tables=parsed.tables,
        claims=parsed.claims,
        findings=parsed.findings,
    )


@pytest.fixture
def seed() -> Callable[[str], ParsedPayload]:
    """`seed("001")` -> the parsed seed 001 (skips when ../shared/seeds is absent)."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS}: put the shared reference folder beside the repo")
    return _parse_seed
