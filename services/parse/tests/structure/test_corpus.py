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

from disclosure_parse.structure.parsing import ParsedContent, parse_disclosure
from disclosure_shared.events import PageText
from disclosure_shared.identities import check_tables
from disclosure_shared.records import Table
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.testing.records import find_row
from disclosure_shared.text_keys import text_key

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
PROCURATORATE_18 = "jiangsu_province/江苏省人民检察院/2018年省检察院部门预算公开.pdf"
PROCURATORATE_19 = "jiangsu_province/江苏省人民检察院/2019年度部门预算公开.pdf"
COURT_17 = "jiangsu_province/江苏省高级人民法院/省法院2017年度部门预算公开.pdf"
COURT_18 = "jiangsu_province/江苏省高级人民法院/省法院2018年度部门预算公开.pdf"
CPPCC_19_TEXT = "jiangsu_province/江苏省政协办公厅/江苏省政协办公厅2019年度部门预算.pdf"
PARTY_OFFICE_17 = "jiangsu_province/江苏省委办公厅/江苏省委办公厅2017年部门预算.pdf"


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
        # the cover page has no text and p2 is the 目录: the name from p7 "江苏省政协办公厅 2019 年度收入、
        # 支出预算总计…"
        (CPPCC_19_TEXT, "budget", 2019, "江苏省政协办公厅", "江苏省"),
        # p1 cover "江苏省委办公厅 2017 年度部门预算"; p4 "直属事业单位：东郊国宾馆、西康宾馆。" is no name
        (PARTY_OFFICE_17, "budget", 2017, "江苏省委办公厅", "江苏省"),
    ],
)
def test_document_classification(name: str, kind: str, year: int, organization: str, region: str) -> None:
    doc = parsed(name).document
    assert (doc.kind, doc.year, doc.organization, doc.region) == (kind, year, organization, region)


def test_final_summary_shanghai_social_work() -> None:
    t = table(SOCIAL_WORK, TableKind.REVENUE_EXPENDITURE_SUMMARY)  # p5
    assert t.unit == "wan_yuan" and t.pages == [5]
    assert row(t, name="一、一般公共预算财政拨款收入").values["amount"] == D("307.82")
    assert row(t, name="总计", side="income").values["amount"] == D("307.82")
    assert row(t, name="总计", side="expenditure").values["amount"] == D("307.82")
    assert row(t, code="208").values["amount"] == D("10.82")


def test_final_table_continued_across_pages_is_one_table() -> None:
    t = table(SOCIAL_WORK, TableKind.REVENUE)  # p6-7
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
    r = row(table(SOCIAL_WORK, TableKind.EXPENDITURE), code="2013901")  # p8 "2013901 行政运行 51.32 51.32"
    assert (r.name, r.level, r.values["total"], r.values["basic"], r.values["project"]) == (
        "行政运行",
        3,
        D("51.32"),
        D("51.32"),
        None,
    )


def test_final_basic_expenditure_two_groups() -> None:
    t = table(SOCIAL_WORK, TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE)  # p13
    assert row(t, name="人员经费合计").values == {"personnel": D("95.36")}
    assert row(t, name="公用经费合计").values == {"public_funds": D("10.23")}
    assert row(t, code="30226").values == {"public_funds": D("0.68")}
    assert row(t, code="303").level == 1


def test_final_three_public_printed_blank_is_empty() -> None:
    t = table(SOCIAL_WORK, TableKind.THREE_PUBLIC_EXPENSES)  # p14: header and one blank row
    assert t.empty


def test_final_summary_with_carry_over_planning() -> None:
    t = table(PLANNING, TableKind.REVENUE_EXPENDITURE_SUMMARY)  # p7
    assert row(t, name="本年支出合计").values["amount"] == D("9759.38")
    assert row(t, name="年初结转和结余").values["amount"] == D("112.88")
    assert row(t, name="年末结转和结余").values["amount"] == D("100.00")
    assert row(t, name="总计", side="expenditure").values["amount"] == D("9859.38")
    assert row(t, code="220").values["amount"] == D("4461.67")
    assert row(table(PLANNING, TableKind.REVENUE), code="2080505").values["total"] == D("446.11")  # p8


def test_budget_codes_split_over_class_columns_wanli() -> None:
    assert row(table(WANLI_25, TableKind.REVENUE_EXPENDITURE_SUMMARY), name="收入总计").values["amount"] == D(
        "189767551"
    )  # p9, 元
    t = table(WANLI_25, TableKind.EXPENDITURE)  # p14 "201 | 05 | 07 | 专项普查活动 | 438,300 | 0 | 438,300"
    assert t.unit == "yuan"
    r = row(t, code="2010507")
    assert (r.name, r.level, r.values["total"], r.values["basic"], r.values["project"]) == (
        "专项普查活动",
        3,
        D("438300"),
        D("0"),
        D("438300"),
    )
    econ = row(table(WANLI_25, TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE), code="30101")  # p27
    assert econ.values == {"total": D("6084184"), "personnel": D("6084184"), "public_funds": D("0")}


def test_budget_three_public_and_operating_expenses_wanli() -> None:
    t = table(WANLI_25, TableKind.THREE_PUBLIC_EXPENSES)  # p29, 单位:万元
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
    t = table(PARTY_OFFICE_19, TableKind.REVENUE_EXPENDITURE_SUMMARY)  # p1
    assert row(t, name="收入合计").values["amount"] == D("27664.22")
    assert row(t, code="201").values["amount"] == D("22395.50")
    assert row(t, code="221").values["amount"] == D("3894.09")
    assert row(t, name="一、基本支出").values["amount"] == D("11700.63")  # 支出用途 column
    assert row(t, name="当年支出小计").values["amount"] == D("27664.22")  # merged cell, printed far right


def test_jiangsu_meeting_and_training_beside_three_public() -> None:
    r = table(PARTY_OFFICE_19, TableKind.THREE_PUBLIC_EXPENSES).rows[0]  # p9
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
    assert table(PARTY_OFFICE_19, TableKind.GOVERNMENT_FUND).empty  # p10 注：本部门无相关收支项目
    assert row(table(PARTY_OFFICE_19, TableKind.FISCAL_APPROPRIATION_EXPENDITURE), code="2013101").values[
        "total"
    ] == D("9370.12")  # p5


def test_jiangsu_npc_numbers_in_chinese_numerals() -> None:
    t = table(NPC_19, TableKind.REVENUE_EXPENDITURE_SUMMARY)  # p1 公开表一
    assert t.number == "公开表一"
    assert row(t, code="208").values["amount"] == D("1121.39")
    r = table(NPC_19, TableKind.THREE_PUBLIC_EXPENSES).rows[0]  # p9
    assert (r.values["grand_total"], r.values["total"], r.values["meeting"]) == (
        D("2600.71"),
        D("767.60"),
        D("1469.73"),
    )


def test_jiangsu_court_sparse_grids() -> None:
    t = table(COURT_19, TableKind.REVENUE_EXPENDITURE_SUMMARY)  # p8, every ruling line cuts a column
    assert t.number == "公开01表"
    assert row(t, code="204").values["amount"] == D("27488.23")
    assert row(t, name="当年收入小计").values["amount"] == D("37188.34")
    three = table(COURT_19, TableKind.THREE_PUBLIC_EXPENSES)  # p14 "单位：万" / "元" wraps
    assert three.unit == "wan_yuan"
    assert three.rows[0].values["training"] == D("1597.25")


def test_narrative_only_document_has_no_tables() -> None:
    assert parsed(NPC_19_TEXT).tables == []  # tables are published in a separate PDF (p8)


@pytest.mark.parametrize("name", [SOCIAL_WORK, PLANNING, WANLI_25, PARTY_OFFICE_19, NPC_19])
def test_identities_mostly_hold(name: str) -> None:
    checks = check_tables(parsed(name).tables)
    held = sum(c.holds for c in checks)
    assert checks and held / len(checks) >= 0.97, [c for c in checks if not c.holds][:5]


# ---- Jiangsu 2017-2019 ruled grids: labels and amounts in different grid cells or rows ----------
# Values read from the printed pages with pdfplumber (page.extract_tables() / extract_text() of the
# page named in each comment), not from the parser's output.


def test_label_wrapped_around_its_amount_is_rejoined() -> None:
    # p13 grid rows: "三、单位预留机动" / (blank label) 2,388.04 / "经费"
    t = table(PROCURATORATE_18, TableKind.REVENUE_EXPENDITURE_SUMMARY)
    r = row(t, name="三、单位预留机动经费")
    assert r.values["amount"] == D("2388.04") and "realigned" in r.repairs
    assert row(t, code="203").values["amount"] is None  # 三、国防支出 prints no amount
    assert row(t, name="收入合计").values["amount"] == D("21955.35")


def test_total_printed_one_row_above_its_label() -> None:
    # p15 公开05表: "| | 21,940.96" above "| 合计 |"
    t = table(PROCURATORATE_18, TableKind.FISCAL_APPROPRIATION_EXPENDITURE)
    assert [r.values["total"] for r in t.rows if r.name == "合计"] == [D("21940.96")]


def test_split_decimal_digit_is_joined() -> None:
    # p19 三公: "267.8 | 0" under 公务用车运行维护费; 小计 484.30 under "三公"经费
    r = table(PROCURATORATE_18, TableKind.THREE_PUBLIC_EXPENSES).rows[0]
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
    r = table(COURT_17, TableKind.THREE_PUBLIC_EXPENSES).rows[0]
    assert (r.values["overseas"], r.values["reception"], r.values["vehicle_operation"]) == (
        D("180.00"),
        D("185.72"),
        D("304.40"),
    )


def test_amounts_one_cell_off_their_header_court_2018() -> None:
    # p11: header "金额" one ruling right of the amounts; class rows print theirs one cell further
    t = table(COURT_18, TableKind.FISCAL_APPROPRIATION_EXPENDITURE)
    assert row(t, code="2040501").values["total"] == D("14857.61")
    assert row(t, code="204").values["total"] == D("26200.88")
    # p10 支出预算总表: "33,172.15 | 18,570.82 | 11,343.27 | 3,258.06" under 合计/基本/项目/单位预留机动经费
    total = table(COURT_18, TableKind.EXPENDITURE).rows[0]
    assert (total.values["total"], total.values["basic"], total.values["project"]) == (
        D("33172.15"),
        D("18570.82"),
        D("11343.27"),
    )
    assert total.values["reserve_funds"] == D("3258.06")


def test_a_header_stub_at_a_page_foot_takes_the_next_page_s_table_court_2018() -> None:
    # p10 ends with the title "四、…财政拨款收支预算总表", "单位：万元" and one ruled row "收入 | 支出"; the
    # table, with its own header ("支出用途", "项目名称 金额 | 项目名称 金额"), is printed at p11's head.
    [t] = [t for t in parsed(COURT_18).tables if t.kind == TableKind.FISCAL_APPROPRIATION_SUMMARY]
    assert t.title is not None and "财政拨款收支预算总表" in t.title
    assert row(t, name="一、一般公共预算").values["amount"] == D("33172.15")
    assert row(t, name="三、单位预留机动经费").values["total"] == D("3258.06")
    assert row(t, name="支出合计").values["total"] == D("33172.15")
    assert not [t for t in parsed(COURT_18).tables if t.kind == TableKind.UNKNOWN]


def test_row_above_a_continuations_top_ruling_is_kept() -> None:
    # p12 line at the page top, outside the grid: "30108 机关事业单位基本养老保险缴费 1,326.81"
    t = table(COURT_18, TableKind.FISCAL_APPROPRIATION_BASIC_EXPENDITURE)
    assert row(t, code="30108").values["total"] == D("1326.81")
    assert row(t, code="302").values["total"] == D("3407.38")  # p12 "302 商品和服务支出 | | 3,407.38"


def test_class_amount_on_its_own_grid_row_court_2019() -> None:
    # p12: "204 | 公共安全支出" then a row with only "27,488.23"
    t = table(COURT_19, TableKind.GENERAL_BUDGET_EXPENDITURE)
    assert row(t, code="204").values["total"] == D("27488.23")
    assert row(t, name="合计").values["total"] == D("37188.34")


def test_empty_table_keeps_its_statement() -> None:
    t = table(PROCURATORATE_19, TableKind.GOVERNMENT_FUND)  # p20 "此表为空"
    assert t.empty and t.statement == "此表为空"


def test_unknown_grid_keeps_its_cells_and_says_why() -> None:
    # p6 the 单位构成 list: "序号 | 单位名称 | 备注" / "1 | 上海市普陀区规划和自然资源局（本级）| …"
    unknown = [t for t in parsed(PLANNING).tables if t.kind == TableKind.UNKNOWN]
    assert unknown and unknown[0].pages == [6]
    cells = [c for r in unknown[0].rows for c in (r.name, *r.attributes.values())]
    assert any("上海市普陀区规划和自然资源局" in c for c in cells)
    finding = next(f for f in parsed(PLANNING).findings if f.rule == "unparsed-table")
    assert finding.location.page == 6


@pytest.mark.parametrize("name", [PROCURATORATE_18, PROCURATORATE_19, COURT_17, COURT_18, COURT_19])
def test_identities_hold_on_sparse_grids(name: str) -> None:
    checks = check_tables(parsed(name).tables)
    held = sum(c.holds for c in checks)
    assert len(checks) >= 30 and held / len(checks) >= 0.97, [c for c in checks if not c.holds][:5]


def test_text_half_of_a_split_disclosure_gets_one_note_not_a_warning_per_table() -> None:
    # NPC_19_TEXT p2 目录 lists 一、收支预算总表 … 十二、政府采购支出预算表, but the tables themselves were
    # published as the separate file NPC_19 (江苏省人大常委会办公厅2019年部门预算公开表.pdf).
    findings = parsed(NPC_19_TEXT).findings
    assert not [f for f in findings if f.rule == "table-missing"]
    [note] = [f for f in findings if f.rule == "tables-published-separately"]
    assert (note.severity, note.location.page) == ("info", 2)
    assert note.evidence[0].text == "一、收支预算总表"


ALL_PDFS = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.pdf")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("name", ALL_PDFS)
def test_no_table_from_a_contents_page_or_cover_and_every_unit_is_a_contract_value(name: str) -> None:
    """CONTRACT.md: a table's unit is "yuan" | "wan_yuan". The 目录 drawn as a grid (Shanghai budgets
    p2), a framed cover (procuratorate 2018 p1) or a framed paragraph (its p5) is no table."""
    tables = parsed(name).tables
    for t in tables:
        assert t.unit in ("yuan", "wan_yuan"), (t.kind, t.title, t.pages)
        first_cells = [c for r in t.rows[:2] for c in (r.name, *r.attributes.values())]
        assert not any(text_key(c) == "目录" for c in first_cells), (t.title, t.pages)
        assert "目录" not in text_key(t.title) and "……" not in t.title, (t.title, t.pages)
        assert not (t.kind == TableKind.UNKNOWN and not t.rows), (t.title, t.pages)


@pytest.mark.parametrize(
    ("name", "page"),
    [
        (WANLI_25, 2),  # "目 录 / 一、部门主要职能 ………"
        ("shanghai_putuo/上海市普陀区人民政府办公室25年预算.pdf", 2),
        (PROCURATORATE_18, 1),  # cover: "江苏省人民检察院 / 2018年部门预算" in a frame
        (PROCURATORATE_18, 5),  # "根据部门职责分工，本部门包括 19 个内设机构…" in a frame
    ],
)
def test_the_front_matter_pages_hold_no_table(name: str, page: int) -> None:
    assert [t.title for t in parsed(name).tables if page in t.pages] == []


def test_a_table_continued_from_a_header_stub_keeps_the_stub_s_unit() -> None:
    # Court 2018 p11 "支出用途 项目名称 金额" prints no unit; its title and "单位：万元" are p10's last lines.
    [summary] = [t for t in parsed(COURT_18).tables if t.kind == TableKind.FISCAL_APPROPRIATION_SUMMARY]
    assert summary.pages == [11] and summary.unit == "wan_yuan"
    assert {t.unit for t in parsed(COURT_18).tables} == {"wan_yuan"}


def test_rows_carry_the_box_they_are_printed_in() -> None:
    """A row's box on its page holds the row's printed name (read back with pdfplumber)."""
    tables = parsed(SOCIAL_WORK).tables
    rows = [r for t in tables for r in t.rows if r.name and r.page is not None]
    placed = [r for r in rows if r.bbox is not None]
    assert len(placed) >= len(rows) * 0.6
    with pdfplumber.open(CORPUS / SOCIAL_WORK) as pdf:
        for r in placed[:40]:
            assert r.bbox is not None and r.page is not None
            printed = pdf.pages[r.page - 1].crop(r.bbox).extract_text() or ""
            assert text_key(r.name)[:6] in text_key(printed), (r.name, r.page, r.bbox)
