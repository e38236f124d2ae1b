"""The seed texts through the table parser, for the structure tests: each seed parsed once per
session (skips when ../shared/seeds is absent)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from disclosure_parse.structure.parsing import ParsedContent, parse_disclosure
from disclosure_shared.events import PageText

SEEDS = Path(__file__).resolve().parents[4].parent / "shared" / "seeds"

SeedParse = Callable[[str], ParsedContent]


@cache
def _parse_seed(prefix: str) -> ParsedContent:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    return parse_disclosure(text.encode(), "text/plain", [PageText(number=1, text=text)])


@pytest.fixture
def seed() -> SeedParse:
    """`seed("000")` -> seed 000 as the parser reads it (the seed is one page of text)."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS}: put the shared reference folder beside the repo")
    return _parse_seed
