"""The five seed exports (TSV, space-separated, markdown, HTML fragments) -> the same kinds of records.

Every expected value below was read off the seed line cited next to it (`001:L97` = seed 001, line 97).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from disclosure_parse.structure.parsing import ParsedContent
from disclosure_shared.identities import check_tables
from disclosure_shared.labels import is_total_label
from disclosure_shared.records import Table
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.testing.records import find_row
from services.parse.tests.structure.conftest import SeedParse

D = Decimal


def table(content: ParsedContent, kind: str, index: int = 0) -> Table:
    return [t for t in content.tables if t.kind == kind][index]


row = find_row


@pytest.mark.parametrize(
    ("prefix", "kind", "year", "scope", "organization"),
    [
        ("000", "budget", 2023, "department", "武汉经济技术开发区(汉南区)大数据中心"),  # 000:L3, L108
        ("001", "final_accounts", 2023, "department", "武汉市硚口区大数据中心"),  # 001:L3-10
        ("002", "budget", 2024, "department", "青山区大数据中心"),  # 002:L96, no cover
        ("003", "final_accounts", 2024, "unit", "武汉市信息中心（武汉市大数据中心）"),  # 003:L3, L85
        ("004", "budget", 2026, "department", "武汉市硚口区经济信息化和科技创新局"),  # 004:L118
    ],
)
def test_document_classification(
    seed: SeedParse, prefix: str, kind: str, year: int, scope: str, organization: str
) -> None:
    doc = seed(prefix).document
    assert (doc.kind, doc.year, doc.scope, doc.organization) == (kind, year, scope, organization)


def test_ocr_slip_in_title_is_normalized(seed: SeedParse) -> None:
    # 004:L3 prints "硃口区…"; the body says 硚口 (SPEC §4.4)
    assert seed("004").document.title == "硚口区经济信息化和科技创新局（汇总） 2026 年部门预算"
    assert seed("004").document.region == "武汉市硚口区"


@pytest.mark.parametrize(
    ("prefix", "number"),
    [("000", "附表1"), ("001", "公开01表"), ("002", "表1"), ("003", "公开01表"), ("004", "表1")],
)
def test_summary_table_found_with_printed_number(seed: SeedParse, prefix: str, number: str) -> None:
    assert table(seed(prefix), TableKind.REVENUE_EXPENDITURE_SUMMARY).number == number


@pytest.mark.parametrize(
    ("prefix", "income_total", "unit"),
    [
        ("000", D("1930.07"), "wan_yuan"),  # 000:L144
        ("001", D("2098.74"), "wan_yuan"),  # 001:L129 总计 31 行
        ("002", D("13529386.59"), "yuan"),  # 002:L156
        ("003", D("3797.75"), "wan_yuan"),  # 003:L123
        ("004", D("2840.98"), "wan_yuan"),  # 004:L154
    ],
)
def test_summary_totals_both_sides(seed: SeedParse, prefix: str, income_total: Decimal, unit: str) -> None:
    t = table(seed(prefix), TableKind.REVENUE_EXPENDITURE_SUMMARY)
    assert t.unit == unit
    grand = [r for r in t.rows if r.name.replace(" ", "") in ("收入总计", "支出总计", "总计")]
    assert {r.side for r in grand} == {"income", "expenditure"}
    assert all(r.values["amount"] == income_total for r in grand)


def test_summary_expenditure_rows_get_class_codes(seed: SeedParse) -> None:
    t = table(seed("004"), TableKind.REVENUE_EXPENDITURE_SUMMARY)
    assert row(t, code="206").values["amount"] == D("795.46")  # 004:L129 五、科学技术支出
    assert row(t, code="208", side="expenditure").name == "七、社会保障和就业支出"


def test_wrapped_summary_label_is_joined(seed: SeedParse) -> None:
    # 001:L251-253 "十八、自然资源海洋" / "气象等支出"
    t = table(seed("001"), TableKind.FISCAL_APPROPRIATION_SUMMARY)
    assert row(t, code="220").name == "十八、自然资源海洋气象等支出"


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("000", (D("534.03"), D("463.33"), D("70.70"))),  # 000:L174
        ("001", (D("261.74"), D("250.03"), D("11.71"))),  # 001:L195
        ("002", (D("3567123.69"), D("3567123.69"), D("0.00"))),  # 002:L294
    ],
)
def test_expenditure_item_row(seed: SeedParse, prefix: str, values: tuple[Decimal, ...]) -> None:
    r = row(table(seed(prefix), TableKind.EXPENDITURE), code="2010350")
    assert (r.name, r.level) == ("事业运行", 3)
    assert (r.values["total"], r.values["basic"], r.values["project"]) == values


def test_truncated_item_codes_are_repaired_from_sibling_tables(seed: SeedParse) -> None:
    # 003:L185 prints "20103 事业运行"; 02表/05表 print 2010350 for the same row
    r = row(table(seed("003"), TableKind.EXPENDITURE), name="事业运行")
    assert (r.code, r.level, r.values["total"], r.values["basic"]) == (
        "2010350",
        3,
        D("1500.20"),
        D("809.81"),
    )
    assert any(f.rule == "code-repaired" for f in seed("003").findings)


def test_code_in_wrong_column(seed: SeedParse) -> None:
    # 001:L291 "\t2010350\t\t事业运行" (code in the 款 column)
    r = row(table(seed("001"), TableKind.GENERAL_BUDGET_EXPENDITURE), code="2010350")
    assert r.name == "事业运行" and r.values["total"] == D("261.74")


def test_collapsed_columns_after_page_break_are_right_aligned(seed: SeedParse) -> None:
    # 001:L166 "2101199\t其他行政事业单位医疗支出\t0.50\t0.50" lost its empty 款/项 cells
    r = row(table(seed("001"), TableKind.REVENUE), code="2101199")
    assert (r.values["total"], r.values["fiscal_allocation"], r.values["other"]) == (
        D("0.50"),
        D("0.50"),
        None,
    )


def test_budget_general_expenditure_multilevel_header(seed: SeedParse) -> None:
    # 000:L242 合计 1,930.07 | 583.68 | 486.68 | 97.00 | 1,346.39
    total = row(table(seed("000"), TableKind.GENERAL_BUDGET_EXPENDITURE), name="合计")
    assert total.values == {
        "total": D("1930.07"),
        "basic": D("583.68"),
        "personnel": D("486.68"),
        "public_funds": D("97.00"),
        "project": D("1346.39"),
    }


def test_final_basic_expenditure_three_groups_unpivoted(seed: SeedParse) -> None:
    t = table(seed("001"), TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE)
    assert row(t, name="人员经费合计").values == {"personnel": D("321.75")}  # 001:L357
    assert row(t, name="公用经费合计").values == {"public_funds": D("26.46")}
    assert row(t, code="30111").name == "公务员医疗补助缴费"  # wrapped "…缴" / "费", 001:L336-338
    assert row(t, code="30299").values == {"public_funds": D("4.97")}  # third row group, 001:L356
    assert row(t, code="31002").level == 2


def test_truncated_economic_codes_are_repaired_by_name(seed: SeedParse) -> None:
    # 003:L309 "30\t机关事业单位基本养\t68.68"
    r = row(table(seed("003"), TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE), name="机关事业单位基本养")
    assert (r.code, r.values["personnel"]) == ("30108", D("68.68"))


def test_three_public_budget_rows(seed: SeedParse) -> None:
    r0 = table(seed("000"), TableKind.THREE_PUBLIC_EXPENSES).rows[0]  # 000:L317
    assert (r0.values["total"], r0.values["reception"], r0.values["vehicle_total"]) == (
        D("2.00"),
        D("2.00"),
        D("0.00"),
    )
    r4 = table(seed("004"), TableKind.THREE_PUBLIC_EXPENSES).rows[0]  # 004:L359
    assert (r4.values["total"], r4.values["reception"], r4.values["overseas"]) == (D("0.20"), D("0.20"), None)


def test_three_public_final_budget_and_actual_blocks(seed: SeedParse) -> None:
    r = table(seed("003"), TableKind.THREE_PUBLIC_EXPENSES).rows[0]  # 003:L362
    assert r.values["budget_total"] == D("4.23") and r.values["actual_total"] == D("4.23")
    assert r.values["budget_vehicle_operation"] == D("4.09") and r.values["actual_reception"] == D("0.14")
    partial = table(seed("001"), TableKind.THREE_PUBLIC_EXPENSES)  # 001:L418 预算 0.81, 决算 blank
    assert partial.rows[0].values["budget_reception"] == D("0.81")
    assert partial.rows[0].values["actual_total"] is None
    assert not partial.empty


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [
        ("000", TableKind.GOVERNMENT_FUND),  # 000:L330 "2023 年没有使用政府性基金…"
        ("000", TableKind.STATE_CAPITAL),  # 000:L414, unnumbered and not in the TOC
        ("001", TableKind.GOVERNMENT_FUND),  # 001:L381
        ("001", TableKind.STATE_CAPITAL),  # 001:L402
        ("002", TableKind.THREE_PUBLIC_EXPENSES),  # 002:L491-493 a row of 0.00 plus the statement
        ("002", TableKind.PURCHASED_SERVICES),  # 002:L926 statement before the header
        ("003", TableKind.STATE_CAPITAL),  # 003:L350
        ("004", TableKind.GOVERNMENT_FUND),  # 004:L373
    ],
)
def test_empty_tables(seed: SeedParse, prefix: str, kind: str) -> None:
    assert table(seed(prefix), kind).empty


def test_space_separated_unit_rows_join_wrapped_names(seed: SeedParse) -> None:
    # 002:L275-280 "121001" / "武汉市青山区大" / "数据中心本级" / numbers
    r = row(table(seed("002"), TableKind.REVENUE), code="121001")
    assert r.name == "武汉市青山区大数据中心本级"
    assert r.values["total"] == D("13529386.59") and r.values["carryover_total"] == D("0.00")


def test_markdown_page_restart_keeps_one_project_table(seed: SeedParse) -> None:
    t = table(seed("004"), TableKind.PROJECT_EXPENDITURE)  # 004:L389-422, split at L414-416
    assert [x.kind for x in seed("004").tables].count(TableKind.PROJECT_EXPENDITURE) == 1
    r = row(t, code="42010426135T000000116")
    assert r.name == "城市视频经费（清欠）" and r.values["total"] == D("110.50")


def test_by_unit_table_and_money_units(seed: SeedParse) -> None:
    assert row(table(seed("004"), TableKind.GENERAL_BUDGET_EXPENDITURE_BY_UNIT), code="135002").values[
        "total"
    ] == D("500.91")
    assert table(seed("000"), TableKind.GOVERNMENT_PROCUREMENT).unit == "yuan"  # 000:L363 单位：元
    assert table(seed("000"), TableKind.EXPENDITURE).unit == "wan_yuan"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_within_table_identities_hold(seed: SeedParse, prefix: str) -> None:
    checks = check_tables(seed(prefix).tables)
    assert len(checks) > 100
    assert [c for c in checks if not c.holds] == []


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_the_nine_core_kinds_are_found(seed: SeedParse, prefix: str) -> None:
    kinds = {t.kind for t in seed(prefix).tables}
    core = {
        TableKind.REVENUE_EXPENDITURE_SUMMARY,
        TableKind.REVENUE,
        TableKind.EXPENDITURE,
        TableKind.FISCAL_APPROPRIATION_SUMMARY,
        TableKind.GENERAL_BUDGET_EXPENDITURE,
        TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE,
        TableKind.THREE_PUBLIC_EXPENSES,
        TableKind.STATE_CAPITAL,
    }
    assert core <= kinds


def test_table_listed_in_toc_but_absent_is_reported(seed: SeedParse) -> None:
    # 003:L29 "七、政府性基金预算财政拨款收入支出决算表" is listed; the body prints no 公开07表
    missing = [f for f in seed("003").findings if f.rule == "table-missing"]
    assert [(f.location.table, f.severity, f.probable_cause) for f in missing] == [
        (TableKind.GOVERNMENT_FUND, "warning", "source")
    ]
    assert missing[0].evidence[0].text == "七、政府性基金预算财政拨款收入支出决算表"
    assert not [f for f in seed("001").findings if f.rule == "table-missing"]  # 001 prints all nine


def test_empty_table_statement_is_recorded(seed: SeedParse) -> None:
    # 001:L381 "说明：本部门当年无政府性基金预算财政拨款收入支出。"
    t = table(seed("001"), TableKind.GOVERNMENT_FUND)
    assert t.empty and t.statement == "说明：本部门当年无政府性基金预算财政拨款收入支出。"


def test_repaired_codes_are_marked_on_rows(seed: SeedParse) -> None:
    # 003:L185 "20103 事业运行" (truncated), 003:L309 "30 机关事业单位基本养" (truncated economic code)
    assert "code" in row(table(seed("003"), TableKind.EXPENDITURE), name="事业运行").repairs
    assert (
        "code"
        in row(
            table(seed("003"), TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE), name="机关事业单位基本养"
        ).repairs
    )


def test_space_separated_procurement_rows_read_by_template(seed: SeedParse) -> None:
    t = table(seed("002"), TableKind.GOVERNMENT_PROCUREMENT)
    # 002:L679-683 "121" / "武汉市青山" / "区大数据中心" before the numbers; no 合计 row is printed
    top = t.rows[0]
    assert (top.code, top.name) == ("121", "武汉市青山区大数据中心")
    assert top.values == {
        "quantity": D("6"),
        "unit_price_sum": D("4158800"),  # Σ of the 单价 column, not a price
        "amount": D("4158800"),
        "amount_sme": D("2090000"),
        "amount_micro": D("30000"),
    }
    assert not any(is_total_label(r.name) for r in t.rows)
    items = [r for r in t.rows if r.code == "121001"]
    assert len(items) == 6
    # 002:L685-723 … "[C16070100]" / "基础环境运维" / "服务" … "1 1450000 项 1450000 1450000 0"
    first = items[0]
    assert first.name == "武汉市青山区大数据中心本级"
    assert first.values == {
        "quantity": D("1"),
        "unit_price": D("1450000"),
        "amount": D("1450000"),
        "amount_sme": D("1450000"),
        "amount_micro": D("0"),
    }
    assert first.attributes == {
        "项目": "工作性其他-政务网平台运行费",
        "政府采购品目": "[C16070100]基础环境运维服务",
        "功能科目": "[2010399]其他政府办公厅（室）及相关机构事务支出",
        "部门支出经济分类": "[30213]维修（护）费",
        "资金来源": "预算安排",
        "资金性质": "经费拨款补助",
        "计量单位": "项",
    }
    # 002:L725-763 "[A05040101]" / "复印纸" … "1 5000 批 5000 0 5000": 中小 0, 微小 5000
    paper = items[1]
    assert paper.attributes["政府采购品目"] == "[A05040101]复印纸"
    assert paper.attributes["计量单位"] == "批"
    assert paper.attributes["项目"] == "工作性其他-网上群众工作部年度费用"
    assert [paper.values[k] for k in ("quantity", "unit_price", "amount", "amount_sme", "amount_micro")] == [
        D("1"),
        D("5000"),
        D("5000"),
        D("0"),
        D("5000"),
    ]
    # 002:L885-923 the last item "[C17010100]基础电信服务" … "1 838800 项 838800 0 0"
    last = items[-1]
    assert last.attributes["政府采购品目"] == "[C17010100]基础电信服务"
    assert last.values["amount"] == D("838800") and last.values["amount_sme"] == D("0")
    # I-17 runs on them: 部门 = Σ items (3 columns), item 金额 = 数量 × 单价 (6 items)
    checks = [c for c in check_tables([t]) if c.rule == "I-17"]
    assert len(checks) == 9 and all(c.holds for c in checks)


def test_space_separated_asset_allocation_rows_read_by_template(seed: SeedParse) -> None:
    t = table(seed("002"), TableKind.ASSET_ALLOCATION)
    assert [r.code for r in t.rows] == ["121", "121001"]  # no 合计 row is printed
    # 002:L1096-1104 "121" / "武汉市" / "青山区大" / "数据中心" / "0 1 1 25000 25000 25000 1 25000"
    top = t.rows[0]
    assert top.name == "武汉市青山区大数据中心"
    assert top.values == {
        "asset_quantity": D("0"),
        "asset_quota": D("1"),
        "quantity": D("1"),
        "unit_price_sum": D("25000"),
        "amount": D("25000"),
        "audit_unit_price_sum": D("25000"),
        "audit_quantity": D("1"),
        "audit_amount": D("25000"),
    }
    # 002:L1106-1175 the 复印机: "0 1 1 25000 25000" (L1147), "复印机 25000 1" (L1157), "25000" (L1175)
    item = t.rows[1]
    assert item.name == "武汉市青山区大数据中心本级"
    assert item.values == {
        "asset_quantity": D("0"),
        "asset_quota": D("1"),
        "quantity": D("1"),
        "unit_price": D("25000"),
        "amount": D("25000"),
        "audit_unit_price": D("25000"),
        "audit_quantity": D("1"),
        "audit_amount": D("25000"),
    }
    quantity, price = item.values["quantity"], item.values["unit_price"]
    assert quantity is not None and price is not None and quantity * price == item.values["amount"]  # I-19
    assert item.attributes == {
        "项目": "工作性其他-网上群众工作部年度费用",
        "支出功能分类科目": "[2010399]其他政府办公厅（室）及相关机构事务支出",
        "资产分类": "[A3]设备",
        "资产名称": "复印机",
        "资产大类": "[A02020100]复印机",
        "配置分类标准名称": "复印机",
        "部门支出经济分类": "[30201]办公费",
        "资金来源": "预算安排",
        "资金性质": "经费拨款补助",
    }


def test_space_separated_purchased_services_stays_empty(seed: SeedParse) -> None:
    t = table(seed("002"), TableKind.PURCHASED_SERVICES)  # 002:L924-1004 statement and header, no rows
    assert t.empty and t.rows == []


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_table_has_a_contract_unit(seed: SeedParse, prefix: str) -> None:
    assert {t.unit for t in seed(prefix).tables} <= {"yuan", "wan_yuan"}


def test_the_performance_sheets_keep_their_own_unit_beside_yuan_tables(seed: SeedParse) -> None:
    # 002 prints its numbered tables in 元 ("单位：元", 002:L96) and its 绩效 sheets in 万元
    # ("部门总体资金情况（万元）", 002:L1186; "项目资金情况（万元）", 002:L1520)
    tables = seed("002").tables
    assert table(seed("002"), "revenue").unit == "yuan"
    assert {t.unit for t in tables if t.kind == TableKind.PERFORMANCE_OVERALL} == {"wan_yuan"}
