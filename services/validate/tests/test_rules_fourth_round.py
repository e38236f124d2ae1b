"""Issue 16, fourth round (rule set 0.7.0): a figure printed like its cell, the shares of one list,
reasons without the whole's parts, the composition from the organization's other disclosure, the
completion of a 三公 part and of the 年初预算, a rate without its % sign, reserved procurement, the
cars a budget buys, a budget's "预算数为" as a plain statement, and a unit budget that is its
department's.

Each edit reprints one number on a real corpus page and reads the claims again with the parser's
claim reader, as the publisher would have printed it; every expectation was checked by hand against
the printed page named in the comment. The last tests are synthetic where the corpus has no case.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from disclosure_parse.structure.claims.extract import extract_claims
from disclosure_shared.events import ParsedPayload
from disclosure_shared.records import Finding, Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.catalog import registered_check
from disclosure_validate.companion import with_companion_tables
from disclosure_validate.context import Context
from disclosure_validate.judging.tolerance import Outcome, compare_stated
from disclosure_validate.readers.narrative import Figure
from services.validate.tests.rule_testing import run, serious

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus PDFs not found at {CORPUS}")
JIANGSU, SHANGHAI = "jiangsu_province/", "shanghai_putuo/"
CPPCC_18 = JIANGSU + "江苏省政协办公厅/江苏省政协办公厅2018年度部门预算.pdf"
CPPCC_TABLES_18 = JIANGSU + "江苏省政协办公厅/江苏省政协办公厅2018度部门预算公开表.pdf"
OFFICE_17 = JIANGSU + "江苏省委办公厅/江苏省委办公厅2017年部门预算.pdf"
OFFICE_18 = JIANGSU + "江苏省委办公厅/江苏省委办公厅2018年度部门预算公开文件.pdf"
OFFICE_19 = JIANGSU + "江苏省委办公厅/江苏省委办公厅2019年度部门预算公开文件.pdf"
COURT_17 = JIANGSU + "江苏省高级人民法院/省法院2017年度部门预算公开.pdf"
COURT_18 = JIANGSU + "江苏省高级人民法院/省法院2018年度部门预算公开.pdf"
NPC_18 = JIANGSU + "江苏省人大办公厅/省人大办公厅2018预算公开.pdf"
PLANNING_24 = SHANGHAI + "上海市普陀区规划和自然资源局2024年度部门决算.pdf"
SOCIAL_24 = SHANGHAI + "中共上海市普陀区委社会工作部2024年度部门决算.pdf"
WANLI_24 = SHANGHAI + "上海市普陀区人民政府万里街道办事处24年预算.pdf"
WANLI_25 = SHANGHAI + "上海市普陀区人民政府万里街道办事处25年预算.pdf"
OFFICE_DEPT_25 = SHANGHAI + "上海市普陀区人民政府办公室25年预算.pdf"
OFFICE_UNIT_25 = SHANGHAI + "上海市普陀区人民政府办公室单位25年预算.pdf"

Parsed = Callable[[Path], ParsedPayload]


def reprinted(record: ParsedPayload, page: int, printed: str, replacement: str) -> ParsedPayload:
    """As if the publisher had printed `replacement` (once, on that page): claims read again."""
    pages = [
        p.model_copy(update={"text": (p.text or "").replace(printed, replacement, 1)})
        if p.number == page
        else p
        for p in record.pages
    ]
    assert pages != list(record.pages), f"{printed!r} not on page {page}"
    claims = extract_claims([p.text or "" for p in pages], record.tables)
    return record.model_copy(update={"pages": pages, "claims": claims})


def related_run(rule: str, record: ParsedPayload, related: list[ParsedPayload]) -> list[Finding]:
    """The rule with the organization's other disclosures, as validation runs it: a narrative whose
    tables are a separate file reads them from there (companion.py)."""
    context = Context(record, related)
    companion = with_companion_tables(context)
    return list(registered_check(rule)(companion[0] if companion else context))


# ---- compare_stated: a figure printed at its cell's precision --------------------------------------


@needs_corpus
def test_a_class_amount_one_cent_off_its_cell_is_a_warning(parsed_pdf: Parsed) -> None:
    # 政协2018 p8 "3.住房保障（类）支出 1,499.26 万元"; 公开07表 221 住房保障支出 1499.26 (companion file)
    text, tables = parsed_pdf(CORPUS / CPPCC_18), parsed_pdf(CORPUS / CPPCC_TABLES_18)
    assert related_run("stated-subject-figure", text, [tables]) == []
    edited = reprinted(text, 8, "1,499.26", "1,499.25")
    [found] = related_run("stated-subject-figure", edited, [tables])
    assert (found.severity, found.expected, found.actual) == (
        "warning",
        Decimal("1499.26"),
        Decimal("1499.25"),
    )


def _figure(value: str, decimals: int) -> Figure:
    row = Row(code="221", name="住房保障支出", values={"total": Decimal(value)})
    table = Table(kind=TableKind.GENERAL_BUDGET_EXPENDITURE, title="一般公共预算支出表", rows=[row])
    return Figure(Decimal(value), table, row, "total", decimals)


def test_only_a_conversion_may_drift_by_a_cent() -> None:
    # same precision: the text copies the cell; 元 → 万元 or fewer decimals: rounded, else cut
    assert compare_stated(Decimal("1499.25"), 2, _figure("1499.26", 2)) is Outcome.FAILS
    assert compare_stated(Decimal("1499.3"), 1, _figure("1499.26", 2)) is Outcome.HOLDS
    assert compare_stated(Decimal("1499.25"), 2, _figure("1499.2549", 6)) is Outcome.HOLDS
    assert compare_stated(Decimal("1499.25"), 2, _figure("1499.2551", 6)) is Outcome.ROUNDING  # cut
    assert compare_stated(Decimal("1499.26"), 2, _figure("1499.2549", 6)) is Outcome.FAILS  # neither


@needs_corpus
def test_a_yuan_cell_stated_neither_rounded_nor_cut_is_an_error(parsed_pdf: Parsed) -> None:
    # 万里街道2025 p7 "…行政单位离退休（项）”科目25.93万元"; the function table prints 259,320 元
    record = parsed_pdf(CORPUS / WANLI_25)
    assert not [f for f in run("N-05", record) if f.location.page == 7]
    [found] = [f for f in run("N-05", reprinted(record, 7, "25.93", "25.94")) if f.location.page == 7]
    assert (found.severity, found.expected, found.actual) == ("error", Decimal("25.932"), Decimal("25.94"))


# ---- N-03: the shares of one list ------------------------------------------------------------------


@needs_corpus
def test_a_share_that_fits_another_total_is_judged_against_its_list(parsed_pdf: Parsed) -> None:
    # 规划2024 p21 "一般公共预算财政拨款支出 9746.50 万元，主要用于：…（类）754.75 万元，占 7.74%；卫生健康
    # 支出（类）236.63 万元，占 2.43%；…" — 2.42% would be 236.63 of the 本年支出合计 9759.38, but the
    # list is of 9746.50, its shares add up to 100.00% as printed, and 2.43 is 236.63 / 9746.50.
    record = parsed_pdf(CORPUS / PLANNING_24)
    assert serious(run("N-03", record)) == []
    [found] = serious(run("N-03", reprinted(record, 21, "占 2.43%", "占 2.42%")))
    assert (found.severity, found.expected, found.actual) == ("warning", Decimal("2.43"), Decimal("2.42"))
    assert "所列比例合计 99.99%" in found.message


@needs_corpus
def test_a_last_digit_off_that_does_not_make_the_list_add_up(parsed_pdf: Parsed) -> None:
    # 省委办公厅2018 p7 "其中：基本支出10403.11万元，占42.53%；项目支出…" (of 24458.43, adds up to 100%)
    record = parsed_pdf(CORPUS / OFFICE_18)
    assert serious(run("N-03", record)) == []
    [found] = serious(run("N-03", reprinted(record, 7, "42.53", "42.54")))
    assert (found.severity, found.expected, found.actual) == ("warning", Decimal("42.53"), Decimal("42.54"))


@needs_corpus
def test_an_adjustment_to_one_hundred_stays_rounding(parsed_pdf: Parsed) -> None:
    # 省法院2017 p20: 基本支出 59.35% / 项目支出 40.01% / 单位预留机动经费 0.64% of 28849.38: 182.92 is
    # 0.634%, printed 0.64 so the list adds up to 100.00% — an info. Printed 59.36, the list is 100.01%.
    record = parsed_pdf(CORPUS / COURT_17)
    [adjusted] = [f for f in run("N-03", record) if f.location.page == 20]
    assert (adjusted.severity, adjusted.actual) == ("info", Decimal("0.64"))
    found = serious(run("N-03", reprinted(record, 20, "59.35", "59.36")))
    assert {(f.severity, f.actual) for f in found} == {
        ("warning", Decimal("59.36")),
        ("warning", Decimal("0.64")),
    }
    # 社会工作部2024 p18: 86.05 + 3.52 + 0.88 + 9.55 = 100.00 where 29.42 / 307.82 is 9.56%: an info
    assert [(f.severity, f.actual) for f in run("N-03", parsed_pdf(CORPUS / SOCIAL_24))] == [
        ("info", Decimal("9.55"))
    ]


@needs_corpus
def test_a_share_stated_alone_has_no_list_to_adjust(parsed_pdf: Parsed) -> None:
    # 省委办公厅2019 p8 "一般公共预算收入27664.22万元，占100%": the whole itself, printed 101%
    record = parsed_pdf(CORPUS / OFFICE_19)
    [found] = serious(run("N-03", reprinted(record, 8, "占100%", "占101%")))
    assert (found.severity, found.expected, found.actual) == ("warning", Decimal(100), Decimal(101))


# ---- reason-amounts-sum without the whole's parts --------------------------------------------------


@needs_corpus
def test_reasons_each_with_an_amount_add_up_to_the_change(parsed_pdf: Parsed) -> None:
    # 省人大办公厅2018 p21 "项目支出…增加480万元…主要原因是新增…专项经费280万元，内网等改造专项经费200万元"
    record = parsed_pdf(CORPUS / NPC_18)
    assert run("reason-amounts-sum", record) == []
    found = run("reason-amounts-sum", reprinted(record, 21, "经费280万元", "经费240万元"))
    assert [(f.severity, f.expected, f.actual) for f in found] == [("warning", Decimal(480), Decimal(440))]


# ---- unit-counts-consistent from the organization's other disclosure -------------------------------


@needs_corpus
def test_a_unit_budget_s_counts_against_its_department_budget(parsed_pdf: Parsed) -> None:
    # 政府办公室单位25 p21 "下属1家机关和1家事业单位…机关运行经费"; the 部门预算 p4 "行政单位1家，事业单位1家"
    unit, department = parsed_pdf(CORPUS / OFFICE_UNIT_25), parsed_pdf(CORPUS / OFFICE_DEPT_25)
    assert related_run("unit-counts-consistent", unit, [department]) == []
    edited = reprinted(unit, 21, "下属1家机关", "下属9家机关")
    assert run("unit-counts-consistent", edited) == []  # alone, it states no composition
    [found] = related_run("unit-counts-consistent", edited, [department])
    assert found.severity == "error" and "9 家机关" in found.message and "25年预算.pdf" in found.message


# ---- N-06: a 三公 part's completion ------------------------------------------------------------------


@needs_corpus
def test_a_three_public_part_s_completion_against_the_table_budget(parsed_pdf: Parsed) -> None:
    # 规划2024 p25 "公务接待费支出决算为 0.39 万元，完成预算的 13.68%"; the 三公 table: 预算 2.85
    record = parsed_pdf(CORPUS / PLANNING_24)
    rates = [f for f in run("N-06", record) if f.location.page == 25]
    assert rates == []
    edited = reprinted(record, 25, "0.39 万元，完成预算的 13.68%。", "0.39 万元，完成预算的 83.68%。")
    [found] = [f for f in run("N-06", edited) if f.location.page == 25]
    assert (found.severity, found.expected, found.actual) == ("error", Decimal("13.68"), Decimal("83.68"))


# ---- N-02: a rate printed without its sign ---------------------------------------------------------


@needs_corpus
def test_a_rate_without_its_percent_sign(parsed_pdf: Parsed) -> None:
    # 省法院2018 p20 "案件执行（项）支出 950 万元，与上年相比减少100 万元，减少 9.52，" (100 / 1050)
    record = parsed_pdf(CORPUS / COURT_18)
    assert not [f for f in serious(run("N-02", record)) if "9.52" in f.message]
    edited = reprinted(record, 20, "减少 9.52", "减少 6.52")
    found = [f for f in serious(run("N-02", edited)) if f.location.page == 20]
    assert [(f.severity, f.expected, f.actual) for f in found] == [
        ("error", Decimal("9.52"), Decimal("6.52"))
    ]


# ---- reserved-procurement-within -------------------------------------------------------------------


@needs_corpus
def test_reserved_procurement_within_the_procurement(parsed_pdf: Parsed) -> None:
    # 万里街道2025 p30 "政府采购预算4821.20万元…面向中小企业预留…1928.48万元，其中，预留给小型和微型企业
    # …1349.94万元"; 规划2024 p28 awards: 中小企业 225.10, 小微企业 164.87
    budget, final = parsed_pdf(CORPUS / WANLI_25), parsed_pdf(CORPUS / PLANNING_24)
    assert run("reserved-procurement-within", budget) == run("reserved-procurement-within", final) == []
    [found] = run("reserved-procurement-within", reprinted(budget, 30, "1928.48", "8928.48"))
    assert (found.severity, found.expected, found.actual) == ("error", Decimal("4821.20"), Decimal("8928.48"))
    [small] = run("reserved-procurement-within", reprinted(budget, 30, "1349.94", "2349.94"))
    assert (small.expected, small.actual) == (Decimal("1928.48"), Decimal("2349.94"))
    [awarded] = run("reserved-procurement-within", reprinted(final, 28, "164.87", "964.87"))
    assert (awarded.expected, awarded.actual) == (Decimal("225.10"), Decimal("964.87"))


# ---- vehicle-purchase-consistent -------------------------------------------------------------------


@needs_corpus
def test_cars_bought_said_twice_and_their_purchase_budget(parsed_pdf: Parsed) -> None:
    # 万里街道2025 p30 "主要原因是2025年新增1辆公务用车购置" and "2025年部门预算安排购置车辆1辆"
    # 万里街道2024 p32 "预算安排购置车辆1辆"; 公务用车购置费 25 万元 (the 三公 table)
    wanli_25, wanli_24 = parsed_pdf(CORPUS / WANLI_25), parsed_pdf(CORPUS / WANLI_24)
    assert run("vehicle-purchase-consistent", wanli_25) == run("vehicle-purchase-consistent", wanli_24) == []
    [found] = run("vehicle-purchase-consistent", reprinted(wanli_25, 30, "新增1辆", "新增9辆"))
    assert (found.severity, found.expected, found.actual) == ("error", 1, 9)
    [none_bought] = run("vehicle-purchase-consistent", reprinted(wanli_24, 32, "购置车辆1辆", "购置车辆0辆"))
    assert none_bought.severity == "warning" and "25" in none_bought.message


# ---- a budget document's "预算数为" is a plain statement -----------------------------------------


@needs_corpus
def test_a_budget_s_amount_stated_as_its_budget_is_a_plain_statement(parsed_pdf: Parsed) -> None:
    # 省委办公厅2017 p7 "项目支出预算数为 10688.66 万元。" and "项目支出 10688.66 万元，占 51.27%。": no
    # outturn beside it, so it is the 项目支出 restated (it was skipped as a budget beside an outturn)
    record = parsed_pdf(CORPUS / OFFICE_17)
    assert run("restated-amount-differs", record) == []
    [found] = run("restated-amount-differs", reprinted(record, 7, "10688.66", "10688.65"))
    assert (found.severity, found.expected, found.actual) == (
        "warning",
        Decimal("10688.65"),
        Decimal("10688.66"),
    )


# ---- unit-restates-department ----------------------------------------------------------------------


@needs_corpus
def test_a_unit_budget_that_is_its_department_states_the_same_figures(parsed_pdf: Parsed) -> None:
    # 政府办公室 2025: the 部门预算 and the 单位预算 both total 9,101.68 万元; p6 of both:
    # "一般公共预算拨款支出预算9,101.68万元，比2024年预算减少2,389.52万元" (32 sentences in common, all alike)
    unit, department = parsed_pdf(CORPUS / OFFICE_UNIT_25), parsed_pdf(CORPUS / OFFICE_DEPT_25)
    assert related_run("unit-restates-department", unit, [department]) == []
    edited = reprinted(unit, 6, "减少2,389.52万元；政府性", "减少2,789.52万元；政府性")
    [found] = related_run("unit-restates-department", edited, [department])
    assert found.severity == "warning" and found.location.page == 6
    assert "2,789.52" in found.message and "2,389.52" in found.message
    # another organization's budget, or the same at the same scope, is not that unit
    assert related_run("unit-restates-department", edited, [parsed_pdf(CORPUS / WANLI_25)]) == []


@needs_corpus
def test_a_rate_of_the_initial_budget_is_of_the_initial_budget_stated(parsed_pdf: Parsed) -> None:
    # 社会工作部2024 p18 "年初预算为 0 万元，全年预算为 321.02 万元，支出决算为 307.82 万元，完成年初预算的
    # 95.89%": over a zero 年初预算 the rate is not applicable (SPEC §3.0); printed 8, it is 3847.75%
    record = parsed_pdf(CORPUS / SOCIAL_24)
    assert not [f for f in run("N-06", record) if f.location.page == 18]
    edited = reprinted(record, 18, "年初预算为 0 万元", "年初预算为 8 万元")
    [found] = [f for f in run("N-06", edited) if f.location.page == 18]
    assert (found.severity, found.expected, found.actual) == ("error", Decimal("3847.75"), Decimal("95.89"))


# ---- targeted-within-project-budget ----------------------------------------------------------------


@needs_corpus
def test_projects_with_targets_within_the_project_budget(parsed_pdf: Parsed) -> None:
    # 万里街道2024 p32 "编报绩效目标的项目50个，涉及项目预算资金5634.81万元"; 项目支出 56,505,103 元
    record = parsed_pdf(CORPUS / WANLI_24)
    assert run("targeted-within-project-budget", record) == []
    [found] = run("targeted-within-project-budget", reprinted(record, 32, "5634.81", "9634.81"))
    assert (found.severity, found.expected, found.actual) == (
        "warning",
        Decimal("5650.5103"),
        Decimal("9634.81"),
    )
