"""Fixtures of the crawl tests: the fake district portal (disclosure_crawl.testing) on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from disclosure_crawl.testing import FakePortal, serve


@pytest.fixture
def fake_portal() -> Iterator[FakePortal]:
    with serve(FakePortal()) as portal:
        yield portal


@pytest.fixture
def small_pdfs(corpus_pdfs: list[Path]) -> list[bytes]:
    """The eight smallest corpus PDFs (all different bytes), each under the test size limit."""
    return [p.read_bytes() for p in corpus_pdfs[:8]]
