"""Jiangsu 2017-2019 ruled grids whose labels and amounts land in different grid cells or rows.

Expected values were read from the printed pages with pdfplumber (`page.extract_tables()` and
`page.extract_text()` of the page named in each comment), not from the parser's output.
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
PROCURATORATE_18 = "jiangsu_province/江苏省人民检察院/2018年省检察院部门预算公开.pdf"
PROCURATORATE_19 = "jiangsu_province/江苏省人民检察院/2019年度部门预算公开.pdf"
COURT_17 = "jiangsu_province/江苏省高级人民法院/省法院2017年度部门预算公开.pdf"
COURT_18 = "jiangsu_province/江苏省高级人民法院/省法院2018年度部门预算公开.pdf"
COURT_19 = "jiangsu_province/江苏省高级人民法院/江苏省高级人民法院2019年度部门预算公开.pdf"
WANLI_25 = "shanghai_putuo/上海市普陀区人民政府万里街道办事处25年预算.pdf"


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


def test_label_wrapped_around_its_amount_is_rejoined() -> None:
    # p13 grid rows: "三、单位预留机动" / (blank label) 2,388.04 / "经费"
    t = table(PROCURATORATE_18, "revenue_expenditure_summary")
    r = row(t, name="三、单位预留机动经费")
    assert r.values["amount"] == D("2388.04") and "realigned" in r.repairs
    assert row(t, code="203").values["amount"] is None  # 三、国防支出 prints no amount
    assert row(t, name="收入合计").values["amount"] == D("21955.35")


def test_total_printed_one_row_above_its_label() -> None:
    # p15 公开05表: "| | 21,940.96" above "| 合计 |"
    t = table(PROCURATORATE_18, "fiscal_appropriation_expenditure")
    assert [r.values["total"] for r in t.rows if r.name == "合计"] == [D("21940.96")]


def test_split_decimal_digit_is_joined() -> None:
    # p19 三公: "267.8 | 0" under 公务用车运行维护费; 小计 484.30 under "三公"经费
    r = table(PROCURATORATE_18, "three_public_expenses").rows[0]
    assert r.values["vehicle_operation"] == D("267.80") and "joined-number" in r.repairs
    assert (r.values["grand_total"], r.values["total"], r.values["overseas"]) == (
        D("1384.74"),
        D("484.30"),
        D("100.00"),
    )
    assert (r.values["reception"], r.values["meeting"], r.values["training"]) == (
        D("116.50"),
        D("200.44"),
        D("700.00"),
    )


def test_header_wrapped_over_grid_rows_court_2017() -> None:
    # p17: "因公出" / "国（境）" / "费" and "公务接" / "待费" header fragments; values row
    # "2,599.37 | 670.12 | 180.00 | 304.40 | | 304.40 | 185.72 | 228.00 | 1,701.25"
    r = table(COURT_17, "three_public_expenses").rows[0]
    assert (r.values["overseas"], r.values["reception"], r.values["vehicle_operation"]) == (
        D("180.00"),
        D("185.72"),
        D("304.40"),
    )


def test_amounts_one_cell_off_their_header_court_2018() -> None:
    # p11: header "金额" one ruling right of the amounts; class rows print theirs one cell further
    t = table(COURT_18, "fiscal_appropriation_expenditure")
    assert row(t, code="2040501").values["total"] == D("14857.61")
    assert row(t, code="204").values["total"] == D("26200.88")
    # p10 支出预算总表: "33,172.15 | 18,570.82 | 11,343.27 | 3,258.06" under 合计/基本/项目/单位预留机动经费
    total = table(COURT_18, "expenditure").rows[0]
    assert (total.values["total"], total.values["basic"], total.values["project"]) == (
        D("33172.15"),
        D("18570.82"),
        D("11343.27"),
    )
    assert total.values["reserve_funds"] == D("3258.06")


def test_row_above_a_continuations_top_ruling_is_kept() -> None:
    # p12 line at the page top, outside the grid: "30108 机关事业单位基本养老保险缴费 1,326.81"
    t = table(COURT_18, "fiscal_appropriation_basic_expenditure")
    assert row(t, code="30108").values["total"] == D("1326.81")
    assert row(t, code="302").values["total"] == D("3407.38")  # p12 "302 商品和服务支出 | | 3,407.38"


def test_class_amount_on_its_own_grid_row_court_2019() -> None:
    # p12: "204 | 公共安全支出" then a row with only "27,488.23"
    t = table(COURT_19, "general_budget_expenditure")
    assert row(t, code="204").values["total"] == D("27488.23")
    assert row(t, name="合计").values["total"] == D("37188.34")


def test_empty_table_keeps_its_statement() -> None:
    t = table(PROCURATORATE_19, "government_fund")  # p20 "此表为空"
    assert t.empty and t.statement == "此表为空"


def test_unknown_grid_keeps_its_cells_and_says_why() -> None:
    # p2 the 目录 is drawn as a grid: "1. 2025年部门财务收支预算总表 ……"
    unknown = [t for t in parsed(WANLI_25).tables if t.kind == "unknown"]
    assert unknown and any("财务收支预算总表" in r.attributes.get("c1", "") for r in unknown[0].rows)
    finding = next(f for f in parsed(WANLI_25).findings if f.rule == "unparsed-table")
    assert finding.location.page == 2 and "不是已知的表名" in finding.message


@pytest.mark.parametrize("name", [PROCURATORATE_18, PROCURATORATE_19, COURT_17, COURT_18, COURT_19])
def test_identities_hold_on_sparse_grids(name: str) -> None:
    checks = check_tables(parsed(name).tables)
    held = sum(c.holds for c in checks)
    assert len(checks) >= 30 and held / len(checks) >= 0.97, [c for c in checks if not c.holds][:5]
