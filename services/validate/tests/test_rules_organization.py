"""organization-name-differs: the body misspells the organization of the cover and title."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from disclosure_shared.events import ParsedPayload
from services.validate.tests.rule_testing import Seed, edit_text, run

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
PLANNING_24 = CORPUS / "shanghai_putuo" / "上海市普陀区规划和自然资源局2024年度部门决算.pdf"
RULE = "organization-name-differs"


@pytest.mark.corpus
@pytest.mark.skipif(not PLANNING_24.is_file(), reason=f"corpus PDF not found at {PLANNING_24}")
def test_the_published_slip(parsed_pdf: Callable[[Path], ParsedPayload]) -> None:
    # p26: "上海市普陀区规划与自然资源局2024年度…" (twice) for 上海市普陀区规划和自然资源局
    found = run(RULE, parsed_pdf(PLANNING_24))
    assert [(f.severity, f.location.page) for f in found] == [("warning", 26), ("warning", 26)]
    assert "规划与自然资源局" in found[0].message and "规划和自然资源局" in found[0].message


def test_a_near_miss_is_reported_and_other_names_are_not(seed: Seed) -> None:
    record = seed("002")
    assert record.document.organization == "青山区大数据中心" and run(RULE, record) == []
    sentence = next(c.text for c in record.claims if c.kind == "amount")
    misspelt = edit_text(record, sentence, "青山区大数居中心2024年" + sentence)
    [found] = run(RULE, misspelt)
    assert "青山区大数居中心" in found.message
    other = edit_text(record, sentence, "武汉市青山区财政局2024年" + sentence)
    assert run(RULE, other) == []
