"""预算-side performance rules (I-21…I-25, X-10, X-14, N-18) on the real seeds: each holds on the
records as published (or reports the publisher's own slips, cited by seed line), and fires after one
printed value is edited, with the right location, expected and actual."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from disclosure_parse.structure.declarations import with_declarations
from disclosure_shared.events import ParsedPayload
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.readers.printed_cells import line, money_text
from services.validate.tests.rule_testing import Seed, run

RULES = ("I-21", "I-22", "I-23", "I-24", "I-25", "X-10", "X-14", "N-18")
BUDGETS = ("000", "002", "004")


def edit_cell(
    payload: ParsedPayload, kind: str, row_text: str, key: str, text: str, number: str | None = None
) -> ParsedPayload:
    """As if the publisher had printed `text` in cell `key` of the first line of a performance
    table (of that printed number) that reads `row_text`."""
    done = False
    tables = []
    for table in payload.tables:
        if table.kind == kind and not done and number in (None, table.number):
            rows = []
            for row in table.rows:
                if not done and row_text in line(row):
                    row = row.model_copy(update={"attributes": {**row.attributes, key: text}})
                    done = True
                rows.append(row)
            table = table.model_copy(update={"rows": rows})
        tables.append(table)
    assert done, f"no {kind} line reads {row_text!r}"
    return declarations_read_again(payload.model_copy(update={"tables": tables}))


def declarations_read_again(payload: ParsedPayload) -> ParsedPayload:
    """The parser reads its typed 申报表 from the printed cells and page text: read them again after
    an edit of either."""
    texts = [p.text or "" for p in payload.pages]
    return payload.model_copy(update={"tables": with_declarations(payload.tables, texts)})


def edit_value(payload: ParsedPayload, kind: str, row: str, column: str, value: str) -> ParsedPayload:
    """As if a money table printed `value` in `column` of the row with this code (or name)."""
    tables = []
    for table in payload.tables:
        if table.kind == kind:
            rows = [
                r.model_copy(update={"values": {**r.values, column: D(value)}})
                if row in (r.code, r.name.replace(" ", ""))
                else r
                for r in table.rows
            ]
            table = table.model_copy(update={"rows": rows})
        tables.append(table)
    return payload.model_copy(update={"tables": tables})


PUBLISHED = {
    # 000:L782/L786, L846/L850, L970/L974, L1039/L1043: 资金来源 合计 printed as 项目总预算, not 当年预算
    ("I-22", "000"),
    # 000:L722–723: 当年预算 47.5 but the text says "2023年预算59万元"
    ("N-18", "000"),
    # 000:L447 整体表 数据治理运维项目 项目总预算 178; its sheet prints 项目总预算 155 (000:L1120)
    ("X-10", "000"),
}


@pytest.mark.parametrize(
    ("rule", "prefix"), [(r, p) for r in RULES for p in BUDGETS if (r, p) not in PUBLISHED]
)
def test_rule_holds_on_published_seed(seed: Seed, rule: str, prefix: str) -> None:
    assert run(rule, seed(prefix)) == []


@pytest.mark.parametrize("rule", RULES)
def test_rule_is_silent_on_final_accounts(seed: Seed, rule: str) -> None:
    # 001/003 are 决算: no 整体支出绩效目标表, no 项目申报表, no 项目支出表
    assert run(rule, seed("001")) == [] and run(rule, seed("003")) == []


@pytest.mark.parametrize(
    ("printed", "unit", "value"),
    [
        ("1, 105, 000", "yuan", D("1105000")),  # 004:L1495
        ("34 万", "wan_yuan", D("34")),  # 000:L978
        ("3万", "yuan", D("30000")),
        ("30880 元", "wan_yuan", D("3.088")),
        ("258,611.20", "yuan", D("258611.20")),
        ("100%", "wan_yuan", None),
        ("/", "yuan", None),
    ],
)
def test_money_cells_are_read_in_the_sheet_unit(printed: str, unit: str, value: D | None) -> None:
    assert money_text(printed, unit) == value


# ---- I-21 -------------------------------------------------------------------------------------------


def test_i21_expenditure_lines_must_add_up(seed: Seed) -> None:
    # 000:L434 人员类项目支出 486.68 → 496.68; 支出构成 合计 1930.07 (000:L437)
    edited = edit_cell(seed("000"), TableKind.PERFORMANCE_OVERALL, "人员类项目支出", "c4", "496.68")
    findings = run("I-21", edited)
    [total] = [f for f in findings if f.location.row == "支出构成/合计"]
    assert (total.severity, total.probable_cause, total.location.column) == ("error", "source", "当年金额")
    assert (total.expected, total.actual) == (D("1940.07"), D("1930.07"))
    [share] = [f for f in findings if f.location.column == "占比"]
    assert share.location.row == "支出构成/人员类项目支出" and share.actual == D("25.22")
    assert share.expected == D("25.73")  # 496.68 / 1930.07


def test_i21_reads_each_earlier_year(seed: Seed) -> None:
    # 000:L429 header "2021年 | 2022年"; 000:L435 运转类 2021 年 70.77 → 80.77, 合计 1634.31
    edited = edit_cell(seed("000"), TableKind.PERFORMANCE_OVERALL, "运转类项目支出", "c6", "80.77")
    [found] = run("I-21", edited)
    assert (found.location.row, found.location.column) == ("支出构成/合计", "2021年")
    assert (found.expected, found.actual) == (D("1644.31"), D("1634.31"))


def test_i21_share_is_amount_over_total(seed: Seed) -> None:
    # 002:L1216 "基本支出 492.46 36.40% 433.39 454" → 38.40%; 492.46 / 1352.94 = 36.40%
    edited = edit_cell(seed("002"), TableKind.PERFORMANCE_OVERALL, "基本支出", "c3", "38.40%")
    [found] = run("I-21", edited)
    assert (found.location.row, found.location.column) == ("支出构成/基本支出", "占比")
    assert (found.expected, found.actual, found.severity) == (D("36.40"), D("38.40"), "error")


# ---- I-22 -------------------------------------------------------------------------------------------


def test_i22_reports_funding_filled_with_the_total_budget(seed: Seed) -> None:
    # 000:L782 项目总预算 620 / 当年预算 217.64, 000:L786 资金来源 合计 620 (and so on for 视频会议
    # 110/37.05 L846, 门户网站 "34 万"/16 L970, 政务云 500/360.5 L1039)
    findings = run("I-22", seed("000"))
    assert [(f.location.row, f.expected, f.actual) for f in findings] == [
        ("全区政务网络互联网接入服务及运维项目/项目资金来源/合计", D("217.64"), D("620")),
        ("视频会议运维项目/项目资金来源/合计", D("37.05"), D("110")),
        ("区政府门户网站运维服务/项目资金来源/合计", D("16"), D("34")),
        ("政务云资源服务采购项目/项目资金来源/合计", D("360.5"), D("500")),
    ]
    assert all(f.severity == "error" and "疑似按总预算填列" in f.message for f in findings)
    # the typed record names the printed lines it read: the finding quotes them
    assert [e.text for e in findings[0].evidence] == [
        "项目总预算 | 620 | 项目当年预算 | 217.64",
        "合计 | 620",
    ]


def test_i22_stays_quiet_on_a_source_it_could_not_read(seed: Seed) -> None:
    # 附表13 网上群众工作部服务中心 (000:L786–793): 合计 360 = 一般公共预算财政拨款 360, 单位资金 blank.
    # Printing 60 as 单位资金 breaks the sum; with the 360 garbled as well ("3O0", a damaged text
    # layer) the sum is unknown: the parser notes the source unread and I-22 says nothing.
    def own(payload: ParsedPayload) -> list[tuple[D | None, D | None]]:
        found = run("I-22", payload)
        return [(f.expected, f.actual) for f in found if (f.location.row or "").startswith("网上群众工作部")]

    kind = TableKind.PERFORMANCE_PROJECT
    broken = edit_cell(seed("000"), kind, "单位资金", "c5", "60")
    assert own(broken) == [(D(420), D(360))]
    garbled = edit_cell(broken, kind, "一般公共预算财政拨款", "c5", "3O0")
    [declaration] = [d for t in garbled.tables for d in t.declarations][:1]
    assert declaration.unread == ["funding:general_budget"]
    assert own(garbled) == []


def test_i22_sources_must_add_up_to_the_total(seed: Seed) -> None:
    # 004:L673 表12-1 一般公共预算财政拨款 270,000 → 207,000; 合计 270,000 (004:L672)
    edited = edit_cell(
        seed("004"), TableKind.PERFORMANCE_PROJECT, "一般公共预算财政拨款", "c4", "207,000", "表12-1"
    )
    [found] = run("I-22", edited)
    assert found.location.row == "编外人员用工保障经费/项目资金来源/合计"
    assert (found.expected, found.actual, found.severity) == (D("207000"), D("270000"), "error")


def test_i22_s2_fund_sources_add_up_to_total_investment(seed: Seed) -> None:
    # 002:L1536 区级财政 435 → 453; 项目总投入 435 (002:L1524)
    edited = edit_cell(seed("002"), TableKind.PERFORMANCE_PROJECT, "区级财政", "c2", "453")
    [found] = run("I-22", edited)
    assert found.location.row == "政务网平台运行项目/项目资金来源/合计"
    assert (found.expected, found.actual) == (D("453"), D("435"))


# ---- I-23 / I-24 ------------------------------------------------------------------------------------


def test_i23_cost_lines_must_add_up_to_the_budget(seed: Seed) -> None:
    # 004:L682 表12-1 "2名人事代理编外人员经费" 测算数 140,000 → 150,000; 总预算 270,000 (004:L667)
    edited = edit_cell(seed("004"), TableKind.PERFORMANCE_PROJECT, "2名人事代理", "c5", "150,000", "表12-1")
    [found] = run("I-23", edited)
    assert (found.location.row, found.location.column) == ("编外人员用工保障经费/项目支出明细测算", "测算数")
    assert (found.expected, found.actual, found.severity) == (D("270000"), D("280000"), "error")
    [product] = run("I-24", edited)  # 70,000 × 2 is no longer 150,000
    assert (product.expected, product.actual) == (D("140000"), D("150000"))


def test_i23_blames_a_cost_amount_it_could_not_read_on_extraction(seed: Seed) -> None:
    # 附表13 网上群众工作部服务中心 (000:L665–668): 280 + 29 + 31 + 20 = 360 = 项目当年预算. 人员工资
    # printed as 290 is the publisher's slip; printed garbled ("2B0") the sum misses a line the
    # parser kept as unread: a warning that blames our reading, not the publisher.
    kind = TableKind.PERFORMANCE_PROJECT
    [slip] = run("I-23", edit_cell(seed("000"), kind, "人员劳务", "c4", "290"))
    assert (slip.severity, slip.probable_cause, slip.actual) == ("error", "source", D(370))
    [garbled] = run("I-23", edit_cell(seed("000"), kind, "人员劳务", "c4", "2B0"))
    assert (garbled.severity, garbled.probable_cause, garbled.actual) == ("warning", "extraction", D(80))
    assert "有测算金额未能读入" in garbled.message


def test_i23_accepts_the_total_of_a_multi_year_project(seed: Seed) -> None:
    # 000:L782 总预算 620 / 当年 217.64; 明细 40 + 40 + 540 = 620 (000:L796–798): holds; 540 → 500 fails
    payload = seed("000")
    assert run("I-23", payload) == []
    edited = edit_cell(payload, TableKind.PERFORMANCE_PROJECT, "链路租赁 | 540", "c4", "500")
    [found] = run("I-23", edited)
    assert found.location.row == "全区政务网络互联网接入服务及运维项目/项目支出明细测算"
    assert (found.expected, found.actual) == (D("620"), D("580"))


def test_i24_each_line_is_unit_price_times_quantity(seed: Seed) -> None:
    # 004:L801 表12-3 档案目标管理检查 10 × 1000 = 10,000; 计量数 1000 → 100
    edited = edit_cell(seed("004"), TableKind.PERFORMANCE_PROJECT, "档案目标管理检查", "c4", "100", "表12-3")
    [found] = run("I-24", edited)
    assert found.location.row == "综合经济事务管理/档案目标管理检查"
    assert (found.expected, found.actual, found.severity) == (D("1000"), D("10000"), "error")


# ---- I-25 -------------------------------------------------------------------------------------------


def test_i25_purchases_stay_within_the_budget(seed: Seed) -> None:
    # 000:L862–866 视频会议 采购 28 + 22 + 5 + 40.5 + 14.5 = 110 = 总预算 110; 管理服务 14.5 → 24.5
    edited = edit_cell(seed("000"), TableKind.PERFORMANCE_PROJECT, "管理服务", "c3", "24.5")
    [found] = run("I-25", edited)
    assert found.location.row == "视频会议运维项目/项目采购"
    assert (found.expected, found.actual, found.severity) == (D("110"), D("120"), "error")


# ---- X-10 -------------------------------------------------------------------------------------------


def test_x10_sheet_against_project_table(seed: Seed) -> None:
    # 004:L409 表10 42010426135T000000112 编外人员用工保障经费 27.00 → 72.00; 表12-1 当年预算 270,000 元
    edited = edit_value(seed("004"), TableKind.PROJECT_EXPENDITURE, "42010426135T000000112", "total", "72.00")
    [found] = run("X-10", edited)
    assert (found.location.table, found.location.row) == (
        TableKind.PERFORMANCE_PROJECT,
        "编外人员用工保障经费",
    )
    assert (found.expected, found.actual, found.severity) == (D("72.00"), D("27.00"), "error")
    assert "折合 27.00 万元" in found.message


def test_x10_rounding_drift_is_info(seed: Seed) -> None:
    # 004:L409 27.00 → 27.01 against 表12-1 270,000 元 = 27.00 万元: one cent of 万元
    edited = edit_value(seed("004"), TableKind.PROJECT_EXPENDITURE, "42010426135T000000112", "total", "27.01")
    [found] = run("X-10", edited)
    assert (found.severity, found.probable_cause) == ("info", "rounding")


def test_x10_guesses_no_name(seed: Seed) -> None:
    # The parser keeps no row of a sheet's 项目名称 line (000:L644); names come from the page text,
    # one 项目名称 line per sheet. 附表9 IT外包服务项目 47.50 → 57.50 (000:L348): the sheet (000:L712)
    # and the 整体表 list (000:L443) both differ. With one 项目名称 line missing, no sheet of the page
    # is named, so only the list is compared.
    payload = edit_value(
        seed("000"), TableKind.PROJECT_EXPENDITURE, "42011323054Y000000103", "total", "57.50"
    )
    found = sorted((f.location.table or "", f.location.column or "") for f in run("X-10", payload))
    assert found == [
        (TableKind.PERFORMANCE_OVERALL, "项目总预算"),  # the published 数据治理 slip
        (TableKind.PERFORMANCE_OVERALL, "项目本年度预算"),
        (TableKind.PERFORMANCE_PROJECT, "项目当年预算"),
    ]
    pages = [
        p.model_copy(update={"text": (p.text or "").replace("项目名称\tIT 外包服务项目", "IT 外包服务项目")})
        for p in payload.pages
    ]
    unnamed = declarations_read_again(payload.model_copy(update={"pages": pages}))
    assert [f.location.table for f in run("X-10", unnamed)] == [TableKind.PERFORMANCE_OVERALL]


def test_x10_reports_the_published_total_budget_slip(seed: Seed) -> None:
    # 000:L447 整体表 "数据治理运维项目 | 其他运转类项目 | 178 | 155"; 000:L1109/L1120 the sheet
    # "2023年数据治理运维项目" prints 项目总预算 155 | 项目当年预算 155
    [found] = run("X-10", seed("000"))
    assert (found.location.table, found.location.row, found.location.column) == (
        TableKind.PERFORMANCE_OVERALL,
        "数据治理运维项目",
        "项目总预算",
    )
    assert (found.expected, found.actual, found.severity) == (D("155"), D("178"), "error")


def test_x10_sheet_may_cover_several_table_lines(seed: Seed) -> None:
    # 002:L1604/L1633 网上群众工作部项目 341.6 万元 = 表10 248.4 + 93.2 万 (002:L588–610); 932000 → 832000
    edited = edit_value(
        seed("002"), TableKind.PROJECT_EXPENDITURE, "42010724121T000000106", "total", "832000.00"
    )
    [found] = run("X-10", edited)
    assert found.location.row == "网上群众工作部项目" and found.actual == D("341.6")


def test_x10_overall_project_list_against_project_table(seed: Seed) -> None:
    # 000:L445 整体表 视频会议运维项目 本年度预算 37.05 → 37.50; 附表9 37.05 (000:L347)
    edited = edit_cell(seed("000"), TableKind.PERFORMANCE_OVERALL, "视频会议运维项目", "c5", "37.50")
    [found] = [f for f in run("X-10", edited) if f.location.column != "项目总预算"]
    assert (found.location.table, found.location.row) == (TableKind.PERFORMANCE_OVERALL, "视频会议运维项目")
    assert (found.expected, found.actual, found.location.column) == (D("37.05"), D("37.50"), "项目本年度预算")


# ---- X-14 -------------------------------------------------------------------------------------------


def test_x14_class_lines_against_basic_and_project_tables(seed: Seed) -> None:
    # 000:L435 运转类项目支出 570.19 = 附表6 公用经费 97.00 (000:L273) + 附表9 22 其他运转类 473.19
    # (000:L345); 公用经费 97.00 → 90.00
    edited = edit_value(
        seed("000"), TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, "合计", "public_funds", "90.00"
    )
    [found] = run("X-14", edited)
    assert (found.location.table, found.location.row) == (
        TableKind.PERFORMANCE_OVERALL,
        "支出构成/运转类项目支出",
    )
    assert (found.expected, found.actual, found.location.column) == (D("563.19"), D("570.19"), "当年金额")
    assert found.severity == "error" and found.evidence[0].text.startswith("运转类项目支出")


def test_x14_basic_spending_in_another_unit(seed: Seed) -> None:
    # 002:L1216 基本支出 492.46 万元 = 表3 合计 基本支出 4924586.59 元 (002:L288) → 4824586.59
    edited = edit_value(seed("002"), "expenditure", "合计", "basic", "4824586.59")
    [found] = run("X-14", edited)
    assert found.location.row == "支出构成/基本支出"
    assert (found.expected, found.actual) == (D("482.46"), D("492.46"))


# ---- N-18 -------------------------------------------------------------------------------------------


def test_n18_reports_the_published_change_text(seed: Seed) -> None:
    # 000:L722–723 IT 外包服务项目: 当年预算 47.5, yet "2023年预算59万元"
    [found] = run("N-18", seed("000"))
    assert found.location.row == "IT 外包服务项目/项目前两年预算及当年预算变动情况"
    assert (found.expected, found.actual, found.severity) == (D("47.5"), D("59"), "error")


def test_n18_change_text_against_current_budget(seed: Seed) -> None:
    # 000:L783 "2023年预算217.64万元" → 271.64; 当年预算 217.64 (000:L782)
    payload = seed("000")
    edited = edit_cell(
        payload,
        TableKind.PERFORMANCE_PROJECT,
        "2023年预算217.64万元",
        "c2",
        "2021年预算470万元，2022年预算620万元，2023年预算271.64万元。",
    )
    rows = {f.location.row for f in run("N-18", edited)}
    assert "全区政务网络互联网接入服务及运维项目/项目前两年预算及当年预算变动情况" in rows


def test_n18_spending_plan_against_current_budget(seed: Seed) -> None:
    # 004:L914 表12-5 "资金主要投向：…续费 21.1 万元" = 当年预算 211,000 元; 21.1 → 12.1
    payload = seed("004")
    [plan] = [r for t in payload.tables if t.number == "表12-5" for r in t.rows if "21.1 万元" in line(r)]
    text = plan.attributes["c2"].replace("21.1 万元", "12.1 万元")
    edited = edit_cell(payload, TableKind.PERFORMANCE_PROJECT, "21.1 万元", "c2", text, "表12-5")
    [found] = run("N-18", edited)
    assert found.location.row == "网络安全加固及政务新媒体监测/项目实施方案"
    assert (found.expected, found.actual, found.severity) == (D("21.1"), D("12.1"), "warning")
