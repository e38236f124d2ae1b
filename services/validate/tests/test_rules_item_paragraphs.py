"""The item paragraphs of a Shanghai 预算编制说明 (万里街道 2024 p6–9, 33 paragraphs): each against
itself and the expenditure table. Every expectation was checked by hand against the printed page."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal as D
from pathlib import Path

import pytest

from disclosure_shared.events import ParsedPayload
from disclosure_validate.context import Context
from disclosure_validate.readers.item_paragraphs import item_paragraphs
from services.validate.tests.rule_testing import edit_text, run

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
WANLI_24 = CORPUS / "shanghai_putuo" / "上海市普陀区人民政府万里街道办事处24年预算.pdf"
WANLI_25 = CORPUS / "shanghai_putuo" / "上海市普陀区人民政府万里街道办事处25年预算.pdf"
OFFICE_25 = CORPUS / "shanghai_putuo" / "上海市普陀区人民政府办公室25年预算.pdf"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not WANLI_24.is_file(), reason=f"corpus PDF not found at {WANLI_24}"),
]
Parsed = Callable[[Path], ParsedPayload]
# p9 item 31: "“住房保障支出（类）住房改革支出（款）住房公积金（项）”350.35万元 … 2023年当年预算执行数为
# 348.52万元，2024年预算安排352.67万元，比2023年预算执行数增加0.53%" — the table prints 350.3499,
# and 0.53% is (350.35 − 348.52) / 348.52: the 预算安排 figure is the misprint.
HOUSING = "住房保障支出(类)住房改革支出(款)住房公积金(项)"


def test_every_item_paragraph_is_read(parsed_pdf: Parsed) -> None:
    items = item_paragraphs(Context(parsed_pdf(WANLI_24)))
    assert len(items) == 33
    first = items[0]
    assert (first.page, first.names["项"], first.amount, first.executed, first.budget) == (
        6,
        "专项普查活动",
        D("25.77"),
        D("60.13"),
        D("25.77"),
    )
    assert (first.word, first.rate) == ("减少", D("57.14"))


def test_the_misprinted_budget_is_reported_and_the_other_paragraphs_hold(parsed_pdf: Parsed) -> None:
    record = parsed_pdf(WANLI_24)
    [restated] = run("item-budget-restated", record)
    assert (restated.severity, restated.location.row, restated.location.page) == ("error", HOUSING, 9)
    assert (restated.expected, restated.actual) == (D("352.67"), D("350.35"))
    [table] = run("item-amount-table", record)
    assert (table.severity, table.actual, table.expected) == ("error", D("352.67"), D("350.3499"))
    assert table.location.table == "general_budget_expenditure"
    [rate] = run("item-change-rate", record)
    assert (rate.severity, rate.expected, rate.actual) == ("error", D("1.19"), D("0.53"))


def test_a_head_amount_the_table_does_not_print(parsed_pdf: Parsed) -> None:
    record = edit_text(parsed_pdf(WANLI_24), "”25.77万元", "”25.70万元")
    [found] = [f for f in run("item-amount-table", record) if f.actual == D("25.70")]
    assert (found.severity, found.expected, found.location.row) == (
        "error",
        D("25.77"),
        "一般公共服务支出(类)统计信息事务(款)专项普查活动(项)",
    )


def test_a_direction_word_against_the_amounts(parsed_pdf: Parsed) -> None:
    record = edit_text(parsed_pdf(WANLI_24), "预算执行数减少57.14%", "预算执行数增加57.14%")
    found = [f for f in run("item-change-rate", record) if "专项普查活动" in f.message]
    assert [(f.severity, "应为减少" in f.message) for f in found] == [("error", True)]


def test_a_rate_off_by_more_than_its_printed_precision(parsed_pdf: Parsed) -> None:
    # (25.77 − 60.13) / 60.13 = −57.14%: 57.15 is a hundredth off, 57.24 a tenth
    near = edit_text(parsed_pdf(WANLI_24), "减少57.14%", "减少57.15%")
    [rounded] = [f for f in run("item-change-rate", near) if "专项普查活动" in f.message]
    assert (rounded.severity, rounded.probable_cause) == ("info", "rounding")  # A, B are rounded too
    far = edit_text(parsed_pdf(WANLI_24), "减少57.14%", "减少57.24%")
    assert [f.severity for f in run("item-change-rate", far) if "专项普查活动" in f.message] == ["error"]


def test_no_rate_is_defined_from_a_zero_outturn(parsed_pdf: Parsed) -> None:
    # p7 item 9: 执行数 0.00, 预算安排 25.00, "增加100.00%": printed by convention, not checked
    assert not [f for f in run("item-change-rate", parsed_pdf(WANLI_24)) if "其他教育支出" in f.message]


def test_the_2025_paragraphs_state_only_the_amount(parsed_pdf: Parsed) -> None:
    # 万里 2025 p6: "“…专项普查活动(项)”科目43.83万元，主要用于…" ; 政府办公室 2025 p6 names "类-款-项"
    wanli = item_paragraphs(Context(parsed_pdf(WANLI_25)))
    office = item_paragraphs(Context(parsed_pdf(OFFICE_25)))
    assert (len(wanli), len(office)) == (33, 12)
    assert (wanli[0].amount, wanli[0].budget, wanli[0].executed) == (D("43.83"), None, None)
    assert office[0].names == {
        "类": "一般公共服务支出",
        "款": "政府办公厅(室)及相关机构事务",
        "项": "行政运行",
    }
    assert run("item-amount-table", parsed_pdf(OFFICE_25)) == []
    edited = edit_text(parsed_pdf(OFFICE_25), "科目1,202.95万元", "科目1,202.35万元")
    [found] = run("item-amount-table", edited)
    assert (found.severity, found.actual, found.expected) == (
        "error",
        D("1202.35"),
        D("1202.950184"),
    )  # 元 table


def test_a_subject_no_table_names(parsed_pdf: Parsed) -> None:
    # 万里 2025 p7: "“卫生健康支出（类）卫生健康支出（款）计划生育事务（项）”" — the 款 is 计划生育事务
    [found] = run("item-subject-unknown", parsed_pdf(WANLI_25))
    assert (found.severity, found.location.page) == ("warning", 7)
    assert "卫生健康支出(款)计划生育事务(项)" in found.message
    assert run("item-subject-unknown", parsed_pdf(WANLI_24)) == []
