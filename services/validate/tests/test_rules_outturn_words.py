"""outturn-comparison-word where the word follows its amounts in the next sentence (社会工作部 2024
决算 p18–19: "全年预算为52.00万元，支出决算为51.32万元，完成全年预算数的98.69%。决算数小于全年预算数…")."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal as D
from pathlib import Path

import pytest

from disclosure_shared.events import ParsedPayload
from services.validate.tests.rule_testing import edit_text, run

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
SOCIAL_24 = CORPUS / "shanghai_putuo" / "中共上海市普陀区委社会工作部2024年度部门决算.pdf"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not SOCIAL_24.is_file(), reason=f"corpus PDF not found at {SOCIAL_24}"),
]
RULE = "outturn-comparison-word"


def test_the_ten_comparisons_as_published_hold(parsed_pdf: Callable[[Path], ParsedPayload]) -> None:
    assert run(RULE, parsed_pdf(SOCIAL_24)) == []


def test_a_budget_below_its_outturn_contradicts_smaller(parsed_pdf: Callable[[Path], ParsedPayload]) -> None:
    edited = edit_text(parsed_pdf(SOCIAL_24), "全年预算为 52.00 万元", "全年预算为 50.00 万元")
    [found] = run(RULE, edited)
    assert (found.severity, found.expected, found.actual) == ("error", D("50.00"), D("51.32"))
    assert "大于全年预算数" in found.message and "决算数小于全年预算数" in found.message


def test_equal_amounts_said_to_be_level(parsed_pdf: Callable[[Path], ParsedPayload]) -> None:
    # item 9: 购房补贴 全年预算 11.72 = 决算 11.72, "决算数与全年预算数持平"; made unequal it contradicts
    edited = edit_text(parsed_pdf(SOCIAL_24), "全年预算为 11.72 万元", "全年预算为 11.92 万元")
    [found] = run(RULE, edited)
    assert "持平" in found.message and found.expected == D("11.92")
