"""Small pieces: numbers, codes, header keys, classification, and never raising on odd input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from disclosure_parse.structure.classify import kind_of_title, money_unit, printed_number
from disclosure_parse.structure.codes import function_class, repair_economic
from disclosure_parse.structure.columns import is_data_row, is_lanci_row, layout
from disclosure_parse.structure.parsing import parse_disclosure
from disclosure_parse.structure.text_norm import join_wrapped, parse_amount, subject_code
from disclosure_shared.events import PageText
from disclosure_shared.table_kinds import TableKind


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,930.07", Decimal("1930.07")),  # 000:L242
        ("1, 105, 000", Decimal("1105000")),  # 004:L1495
        ("13529386.59", Decimal("13529386.59")),
        ("0", Decimal("0")),
        ("", None),
        ("-", None),
        ("/", None),
    ],
)
def test_parse_amount(text: str, value: Decimal | None) -> None:
    assert parse_amount(text) == value


def test_parse_amount_rejects_text() -> None:
    with pytest.raises(ValueError):
        parse_amount("经验标准")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("208 05 06", "2080506"),
        ("2010350", "2010350"),
        ("[30201]", "30201"),
        ("054001", "054001"),
        ("42011323054Y000000101", "42011323054Y000000101"),
        ("合计", None),
        ("1,930.07", None),
    ],
)
def test_subject_code(text: str, code: str | None) -> None:
    assert subject_code(text) == code


def test_join_wrapped_removes_cjk_letter_spacing() -> None:
    assert join_wrapped("收 入 总 计") == "收入总计"
    assert join_wrapped("机关事业单位基本养老保险缴费\n支出") == "机关事业单位基本养老保险缴费支出"


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("2023 年度收入支出决算总表", TableKind.REVENUE_EXPENDITURE_SUMMARY),
        ("2025年部门财务收支预算总表", TableKind.REVENUE_EXPENDITURE_SUMMARY),
        ("财政拨款收入支出决算总表", TableKind.FISCAL_APPROPRIATION_SUMMARY),
        ("2024 年度一般公共预算财政拨款基本支出决算明细表", TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE),
        ("一般公共预算支出表(分单位)", TableKind.GENERAL_BUDGET_EXPENDITURE_BY_UNIT),
        ("2025年部门“三公”经费和机关运行经费预算表", TableKind.THREE_PUBLIC_EXPENSES),
        ("一般公共预算机关运行经费支出预算表", TableKind.OPERATING_EXPENSES),
        ("支出预算总表", TableKind.EXPENDITURE),
        ("项目支出表", TableKind.PROJECT_EXPENDITURE),
        ("网群科项目申报表(含绩效目标)", TableKind.PERFORMANCE_PROJECT),
        ("第一部分 部门概况", None),
    ],
)
def test_kind_of_title(title: str, kind: str | None) -> None:
    assert kind_of_title(title) == kind


def test_printed_numbers_and_units() -> None:
    assert printed_number(["公开 01 表"]) == "公开01表"
    assert printed_number(["表 5-1"]) == "表5-1"
    assert printed_number(["附表 10:"]) == "附表10"
    assert money_unit(["部门：青山区大数据中心 单位：元"]) == "yuan"
    assert money_unit(["部门/单位: 武汉经济技术开发区(汉南区)大数据中心", "单位: 万元"]) == "wan_yuan"


def test_function_class_by_name_even_when_truncated() -> None:
    assert function_class("二十二、灾害防治及应急管理支出") == "224"
    assert function_class("七、文化旅游体育与传媒支") == "207"  # 003:L225
    assert function_class("本年支出合计") is None
    assert repair_economic("30", "公务用车运行维") == "30231"  # 003:L327


def test_lanci_and_data_rows() -> None:
    assert is_lanci_row(["栏次", "", "1", "栏次", "", "2"])
    assert is_lanci_row(["类", "款", "项", "1", "2", "3"])
    assert not is_data_row(["合计", "基本支出", "项目支出"])
    assert is_data_row(["", "", "合计", "", ""])  # an empty table's only row (001:L375)
    assert is_data_row(["201", "", "一般公共服务支出", "261.74"])


def test_multilevel_header_keys() -> None:
    header = [
        ["科目编码", "科目名称", "合计", "基本支出", "", "", "项目支出"],
        ["", "", "", "小计", "人员经费", "公用经费", ""],
    ]
    keys = [
        c.key
        for c in layout(header, 7, TableKind.GENERAL_BUDGET_EXPENDITURE, two_sided=False)
        if c.role == "value"
    ]
    assert keys == ["total", "basic", "personnel", "public_funds", "project"]


def test_final_three_public_header_keys() -> None:
    header = [  # 003:L358-361
        ["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
        ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"] * 2,
        ["", "", "小计", "公务用车购置", "公务用车运行", ""] * 2,
        [str(i) for i in range(1, 13)],
    ]
    keys = [c.key for c in layout(header, 12, TableKind.THREE_PUBLIC_EXPENSES, two_sided=False)]
    assert keys[:6] == [
        "budget_total",
        "budget_overseas",
        "budget_vehicle_total",
        "budget_vehicle_purchase",
        "budget_vehicle_operation",
        "budget_reception",
    ]
    assert keys[6] == "actual_total" and keys[11] == "actual_reception"


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"%PDF-1.4 not really a pdf", "application/pdf"),
        (b"", "application/pdf"),
        (b"\xff\xfe\x00garbage", "text/plain"),
        (b"", "text/markdown"),
    ],
)
def test_never_raises(data: bytes, content_type: str) -> None:
    result = parse_disclosure(data, content_type, [])
    assert result.tables == [] or all(t.kind for t in result.tables)
    if content_type == "application/pdf":
        assert [f.rule for f in result.findings] == ["parse-failed"]
        assert result.findings[0].severity == "error"


def test_unknown_table_keeps_cells_and_warns() -> None:
    text = "一些说明文字\n\n甲\t乙\t丙\n某项\t5\t6\n"
    result = parse_disclosure(text.encode(), "text/plain", [PageText(number=1, text=text)])
    assert [t.kind for t in result.tables] == [TableKind.UNKNOWN]
    assert result.tables[0].rows
    finding = result.findings[0]
    assert (finding.rule, finding.severity, finding.probable_cause) == (
        "unparsed-table",
        "warning",
        "extraction",
    )


def test_html_fragments_and_markdown_headings() -> None:
    text = (
        "# 某单位 2025 年部门预算\n\n表 3\n\n支出总表\n\n单位：万元\n\n"
        "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n|---|---|---|---|---|\n"
        "| | <b>合计</b> | <b>10.00</b> | 4.00 | 6.00 |\n"
        "| 201 | 一般公共服务支出 | 10.00 | 4.00 | 6.00 |\n"
    )
    result = parse_disclosure(text.encode(), "text/markdown", [PageText(number=1, text=text)])
    (t,) = result.tables
    assert (t.kind, t.number, t.unit) == (TableKind.EXPENDITURE, "表3", "wan_yuan")
    assert t.rows[0].name == "合计" and t.rows[0].values["total"] == Decimal("10.00")
    assert (result.document.kind, result.document.year) == ("budget", 2025)
