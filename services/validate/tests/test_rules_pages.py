"""page-unread: pages without text (no layer, no OCR) are reported, read pages are not."""

from __future__ import annotations

from collections.abc import Callable

from disclosure_shared.events import ParsedPayload
from disclosure_shared.records import PageInfo
from disclosure_validate.checks.text.pages import unread_pages
from disclosure_validate.context import Context


def test_every_page_read_reports_nothing(seed: Callable[[str], ParsedPayload]) -> None:
    assert list(unread_pages(Context(seed("001")))) == []


def test_a_page_ocr_could_not_read_is_reported_with_the_reason(seed: Callable[[str], ParsedPayload]) -> None:
    parsed = seed("001")
    unread = PageInfo(number=2, needs_ocr=True, note="OCR time limit of 60 s reached")
    record = parsed.model_copy(update={"pages": [*parsed.pages, unread]})
    [finding] = unread_pages(Context(record))
    assert (finding.rule, finding.severity, finding.probable_cause) == (
        "page-unread",
        "warning",
        "extraction",
    )
    assert finding.location.page == 2
    assert "第 2 页" in finding.message and "OCR time limit" in finding.message
    assert finding.evidence[0].text == "OCR time limit of 60 s reached"
