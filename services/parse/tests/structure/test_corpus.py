"""Real PDFs (Shanghai 普陀区 and Jiangsu, 预算 and 决算) through parse_disclosure.

Expected values were read from the printed pages (pdfplumber `extract_text(layout=True)` of the page
named in each comment), not from the parser's output.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from disclosure_parse.structure import ParsedContent, parse_disclosure
from disclosure_shared.events import PageText
from disclosure_shared.identities import check_tables
from disclosure_shared.records import Table
from disclosure_shared.testing.records import find_row

CORPUS = Path(__file__).resolve().parents[4].parent / "shared" / "corpus"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus PDFs not found at {CORPUS}"),
]
D = Decimal
SOCIAL_WORK = "shanghai_putuo/中共上海市普陀区委社会工作部2024年度部门决算.pdf"
PLANNING = "shanghai_putuo/上海市普陀区规划和自然资源局2024年度部门决算.pdf"
WANLI_25 = "shanghai_putuo/上海市普陀区人民政府万里街道办事处25年预算.pdf"
PARTY_OFFICE_19 = "jiangsu_province/江苏省委办公厅/江苏省委办公厅2019年度部门预算公开表格.pdf"
NPC_19 = "jiangsu_province/江苏省人大办公厅/江苏省人大常委会办公厅2019年部门预算公开表.pdf"
NPC_19_TEXT = "jiangsu_province/江苏省人大办公厅/江苏省人大常委会2019年度部门预算公开.pdf"
COURT_19 = "jiangsu_province/江苏省高级人民法院/江苏省高级人民法院2019年度部门预算公开.pdf"


@cache
def parsed(name: str) -> ParsedContent:
    path = CORPUS / name
    with pdfplumber.open(path) as pdf:
        pages = [PageText(number=i + 1, text=p.extract_text() or "") for i, p in enumerate(pdf.pages)]
    return parse_disclosure(path.read_bytes(), "application/pdf", pages)


def table(name: str, kind: str) -> Table:
    found = [t for t in parsed(name).tables if t.kind == kind]
    assert found, f"no {kind} table in {name}"
    return found[0]


row = find_row


@pytest.mark.parametrize(
    ("name", "kind", "year", "organization", "region"),
    [
        (SOCIAL_WORK, "final_accounts", 2024, "中共上海市普陀区委社会工作部", "上海市普陀区"),  # p1
        (PLANNING, "final_accounts", 2024, "上海市普陀区规划和自然资源局", "上海市普陀区"),  # p1
        (WANLI_25, "budget", 2025, "上海市普陀区人民政府万里街道办事处", "上海市普陀区"),  # p1
        (PARTY_OFFICE_19, "budget", 2019, "中共江苏省委办公厅", "江苏省"),  # p1 部门：
        (NPC_19_TEXT, "budget", 2019, "江苏省人大常委会办公厅", "江苏省"),  # p1 cover
        (COURT_19, "budget", 2019, "江苏省高级人民法院", "江苏省"),  # p1 cover
    ],
)
def test_document_classification(name: str, kind: str, year: int, organization: str, region: str) -> None:
    doc = parsed(name).document
    assert (doc.kind, doc.year, doc.organization, doc.region) == (kind, year, organization, region)


def test_final_summary_shanghai_social_work() -> None:
    t = table(SOCIAL_WORK, "revenue_expenditure_summary")  # p5
    assert t.unit == "wan_yuan" and t.pages == [5]
    assert row(t, name="一、一般公共预算财政拨款收入").values["amount"] == D("307.82")
    assert row(t, name="总计", side="income").values["amount"] == D("307.82")
    assert row(t, name="总计", side="expenditure").values["amount"] == D("307.82")
    assert row(t, code="208").values["amount"] == D("10.82")


def test_final_table_continued_across_pages_is_one_table() -> None:
    t = table(SOCIAL_WORK, "revenue")  # p6-7
    assert t.pages == [6, 7]
    assert row(t, code="2210203").values == {  # p7 "2210203 购房补贴 11.72 11.72"
        "total": D("11.72"),
        "fiscal_allocation": D("11.72"),
        "superior_subsidy": None,
        "business": None,
        "operating": None,
        "subordinate_remit": None,
        "other": None,
    }
    assert row(t, code="2080505").name == "机关事业单位基本养老保险缴费支出"  # wrapped cell, p6


def test_final_expenditure_item_row() -> None:
    r = row(table(SOCIAL_WORK, "expenditure"), code="2013901")  # p8 "2013901 行政运行 51.32 51.32"
    assert (r.name, r.level, r.values["total"], r.values["basic"], r.values["project"]) == (
        "行政运行",
        3,
        D("51.32"),
        D("51.32"),
        None,
    )


def test_final_basic_expenditure_two_groups() -> None:
    t = table(SOCIAL_WORK, "general_budget_basic_expenditure")  # p13
    assert row(t, name="人员经费合计").values == {"personnel": D("95.36")}
    assert row(t, name="公用经费合计").values == {"public_funds": D("10.23")}
    assert row(t, code="30226").values == {"public_funds": D("0.68")}
    assert row(t, code="303").level == 1


def test_final_three_public_printed_blank_is_empty() -> None:
    t = table(SOCIAL_WORK, "three_public_expenses")  # p14: header and one blank row
    assert t.empty


def test_final_summary_with_carry_over_planning() -> None:
    t = table(PLANNING, "revenue_expenditure_summary")  # p7
    assert row(t, name="本年支出合计").values["amount"] == D("9759.38")
    assert row(t, name="年初结转和结余").values["amount"] == D("112.88")
    assert row(t, name="年末结转和结余").values["amount"] == D("100.00")
    assert row(t, name="总计", side="expenditure").values["amount"] == D("9859.38")
    assert row(t, code="220").values["amount"] == D("4461.67")
    assert row(table(PLANNING, "revenue"), code="2080505").values["total"] == D("446.11")  # p8


def test_budget_codes_split_over_class_columns_wanli() -> None:
    assert row(table(WANLI_25, "revenue_expenditure_summary"), name="收入总计").values["amount"] == D(
        "189767551"
    )  # p9, 元
    t = table(WANLI_25, "expenditure")  # p14 "201 | 05 | 07 | 专项普查活动 | 438,300 | 0 | 438,300"
    assert t.unit == "yuan"
    r = row(t, code="2010507")
    assert (r.name, r.level, r.values["total"], r.values["basic"], r.values["project"]) == (
        "专项普查活动",
        3,
        D("438300"),
        D("0"),
        D("438300"),
    )
    econ = row(table(WANLI_25, "general_budget_basic_expenditure"), code="30101")  # p27
    assert econ.values == {"total": D("6084184"), "personnel": D("6084184"), "public_funds": D("0")}


def test_budget_three_public_and_operating_expenses_wanli() -> None:
    t = table(WANLI_25, "three_public_expenses")  # p29, 单位:万元
    assert t.unit == "wan_yuan"
    assert t.rows[0].values == {
        "total": D("37.91"),
        "overseas": D("0"),
        "reception": D("1.35"),
        "vehicle_total": D("36.56"),
        "vehicle_purchase": D("15"),
        "vehicle_operation": D("21.56"),
        "operating_expenses": D("464.64"),
    }


def test_jiangsu_three_sided_summary() -> None:
    t = table(PARTY_OFFICE_19, "revenue_expenditure_summary")  # p1
    assert row(t, name="收入合计").values["amount"] == D("27664.22")
    assert row(t, code="201").values["amount"] == D("22395.50")
    assert row(t, code="221").values["amount"] == D("3894.09")
    assert row(t, name="一、基本支出").values["amount"] == D("11700.63")  # 支出用途 column
    assert row(t, name="当年支出小计").values["amount"] == D("27664.22")  # merged cell, printed far right


def test_jiangsu_meeting_and_training_beside_three_public() -> None:
    r = table(PARTY_OFFICE_19, "three_public_expenses").rows[0]  # p9
    assert r.values["grand_total"] == D("1471.70") and r.values["total"] == D("508.20")
    assert (r.values["overseas"], r.values["vehicle_total"], r.values["reception"]) == (
        D("70.00"),
        D("411.20"),
        D("27.00"),
    )
    assert (r.values["meeting"], r.values["training"], r.values["vehicle_purchase"]) == (
        D("933.50"),
        D("30.00"),
        None,
    )
    assert table(PARTY_OFFICE_19, "government_fund").empty  # p10 注：本部门无相关收支项目
    assert row(table(PARTY_OFFICE_19, "fiscal_appropriation_expenditure"), code="2013101").values[
        "total"
    ] == D("9370.12")  # p5


def test_jiangsu_npc_numbers_in_chinese_numerals() -> None:
    t = table(NPC_19, "revenue_expenditure_summary")  # p1 公开表一
    assert t.number == "公开表一"
    assert row(t, code="208").values["amount"] == D("1121.39")
    r = table(NPC_19, "three_public_expenses").rows[0]  # p9
    assert (r.values["grand_total"], r.values["total"], r.values["meeting"]) == (
        D("2600.71"),
        D("767.60"),
        D("1469.73"),
    )


def test_jiangsu_court_sparse_grids() -> None:
    t = table(COURT_19, "revenue_expenditure_summary")  # p8, every ruling line cuts a column
    assert t.number == "公开01表"
    assert row(t, code="204").values["amount"] == D("27488.23")
    assert row(t, name="当年收入小计").values["amount"] == D("37188.34")
    three = table(COURT_19, "three_public_expenses")  # p14 "单位：万" / "元" wraps
    assert three.unit == "wan_yuan"
    assert three.rows[0].values["training"] == D("1597.25")


def test_narrative_only_document_has_no_tables() -> None:
    assert parsed(NPC_19_TEXT).tables == []  # tables are published in a separate PDF (p8)


@pytest.mark.parametrize("name", [SOCIAL_WORK, PLANNING, WANLI_25, PARTY_OFFICE_19, NPC_19])
def test_identities_mostly_hold(name: str) -> None:
    checks = check_tables(parsed(name).tables)
    held = sum(c.holds for c in checks)
    assert checks and held / len(checks) >= 0.97, [c for c in checks if not c.holds][:5]
