"""I-xx rules on the real seeds: each holds on the record as published and fails after one printed
value is edited; the finding names the rule, severity, cause, the arithmetic and where it is.
Values are the ones printed in the seeds (SPEC §2; e.g. 001:L198 公开03表 2080505 26.22)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from disclosure_shared.events import ParsedPayload
from disclosure_shared.records import Finding, Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.checks.within.identities import WITHIN_RULES, findings_of
from disclosure_validate.context import Context
from services.validate.tests.rule_testing import Seed, serious


def run(rule: str, payload: ParsedPayload) -> list[Finding]:
    return list(findings_of(Context(payload), rule))


def edit_row(
    payload: ParsedPayload, kind: str, row: str, side: str | None = None, **update: object
) -> ParsedPayload:
    """The record as if the publisher had printed one row differently (`values` are merged)."""
    tables = []
    for table in payload.tables:
        if table.kind == kind:
            rows = []
            for r in table.rows:
                if row in (r.code, r.name.replace(" ", "")) and side in (None, r.side):
                    changes = dict(update)
                    if "values" in changes:
                        changes["values"] = {**r.values, **changes["values"]}  # type: ignore[dict-item]
                    r = r.model_copy(update=changes)
                rows.append(r)
            table = table.model_copy(update={"rows": rows})
        tables.append(table)
    return payload.model_copy(update={"tables": tables})


def edit(
    payload: ParsedPayload, kind: str, row: str, column: str, value: str, side: str | None = None
) -> ParsedPayload:
    return edit_row(payload, kind, row, side, values={column: D(value)})


def the(findings: list[Finding], row: str, column: str | None = None) -> Finding:
    [found] = [f for f in findings if f.location.row == row and column in (None, f.location.column)]
    return found


# (rule, seed, edit, (row, column), expected, actual): one printed value changed, one identity broken
CASES = [
    # 001:L99 一、一般公共预算财政拨款收入 2098.74 → 2000.00; 本年收入合计 still 2098.74
    (
        "I-01",
        "001",
        (
            TableKind.REVENUE_EXPENDITURE_SUMMARY,
            "一、一般公共预算财政拨款收入",
            "amount",
            "2000.00",
            "income",
        ),
        ("本年收入合计", "amount"),
        "2000.00",
        "2098.74",
    ),
    # 001:L99 一、一般公共服务支出 261.74 → 260.00
    (
        "I-02",
        "001",
        (TableKind.REVENUE_EXPENDITURE_SUMMARY, "201", "amount", "260.00", "expenditure"),
        ("本年支出合计", "amount"),
        "2097.00",
        "2098.74",
    ),
    # 001:L127 收入 总计 2098.74 → 2100.00 (本年收入合计 2098.74, no carry-over)
    (
        "I-03",
        "001",
        (TableKind.REVENUE_EXPENDITURE_SUMMARY, "总计", "amount", "2100.00", "income"),
        ("总计", "amount"),
        "2098.74",
        "2100.00",
    ),
    # 001:L127 支出 总计 2098.74 → 2100.00: 收入总计 no longer equals it
    (
        "I-04",
        "001",
        (TableKind.REVENUE_EXPENDITURE_SUMMARY, "总计", "amount", "2100.00", "expenditure"),
        ("总计", "amount"),
        "2100.00",
        "2098.74",
    ),
    # 001:L192 公开03表 合计 2098.74 → 2099.74
    (
        "I-05",
        "001",
        ("expenditure", "合计", "total", "2099.74", None),
        ("合计", "total"),
        "2098.74",
        "2099.74",
    ),
    # 001:L198 公开03表 2080505 26.22 → 26.52: 20805 (26.22) ≠ its 项
    ("I-06", "001", ("expenditure", "2080505", "total", "26.52", None), ("20805", "total"), "26.52", "26.22"),
    # the same edit: 2080505 合计 26.52 ≠ 基本支出 26.22
    (
        "I-07",
        "001",
        ("expenditure", "2080505", "total", "26.52", None),
        ("2080505", "total"),
        "26.22",
        "26.52",
    ),
    # 000:L244 附表5 2010350 人员经费 366.33 → 366.00: 基本支出 463.33 ≠ 366.00 + 97.00
    (
        "I-08",
        "000",
        (TableKind.GENERAL_BUDGET_EXPENDITURE, "2010350", "personnel", "366.00", None),
        ("2010350", "basic"),
        "463.00",
        "463.33",
    ),
    # 000:L159 附表2 054001 本年一般公共预算 1930.07 → 1900.00: 本年收入小计 ≠ Σ
    (
        "I-09",
        "000",
        ("revenue", "054001", "current_gpb", "1900.00", None),
        ("054001", "current_total"),
        "1900.00",
        "1930.07",
    ),
    # 000:L275 附表6 30201 办公费 合计 5.33 → 5.50: ≠ 人员经费 0.00 + 公用经费 5.33
    (
        "I-10",
        "000",
        (TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, "30201", "total", "5.50", None),
        ("30201", "total"),
        "5.33",
        "5.50",
    ),
    # 000:L287 附表6 302 公用经费 97.00 → 97.30: ≠ Σ 款 97.01
    (
        "I-11",
        "000",
        (TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, "302", "public_funds", "97.30", None),
        ("302", "public_funds"),
        "97.01",
        "97.30",
    ),
    # 001:L341 公开06表 人员经费合计 321.75 → 322.75: ≠ 301 318.90 + 303 2.85
    (
        "I-12",
        "001",
        (TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, "人员经费合计", "personnel", "322.75", None),
        ("人员经费合计", "personnel"),
        "321.75",
        "322.75",
    ),
    # 003:L362 公开09表 决算 公务接待费 0.14 → 0.24: 决算合计 4.23 ≠ 0 + 4.09 + 0.24
    (
        "I-13",
        "003",
        (TableKind.THREE_PUBLIC_EXPENSES, "合计", "actual_reception", "0.24", None),
        ("合计", "actual_total"),
        "4.33",
        "4.23",
    ),
    # 001:L233 公开04表 一、一般公共服务支出 一般公共预算 261.74 → 260.74: 小计 ≠ Σ
    (
        "I-14",
        "001",
        (TableKind.FISCAL_APPROPRIATION_SUMMARY, "201", "gpb", "260.74", "expenditure"),
        ("201", "total"),
        "260.74",
        "261.74",
    ),
    # 000:L344 附表9 全区政务网络互联网接入服务及运维项目 217.64 → 217.94: 22 其他运转类 ≠ Σ
    (
        "I-16",
        "000",
        (TableKind.PROJECT_EXPENDITURE, "42011323054Y000000101", "total", "217.94", None),
        ("22", "total"),
        "473.49",
        "473.19",
    ),
    # 000:L392 附表11 数据治理运维 1550000 → 1560000: 部门 054 (9760500) ≠ Σ its items
    (
        "I-18",
        "000",
        (TableKind.PURCHASED_SERVICES, "054001", "amount", "1560000", None),
        ("054", "amount"),
        "9770500",
        "9760500",
    ),
    # 004:L305 表5-2 135001 合计 2340.07 → 2341.07: 135 ≠ Σ 单位
    (
        "I-20",
        "004",
        (TableKind.GENERAL_BUDGET_EXPENDITURE_BY_UNIT, "135001", "total", "2341.07", None),
        ("135", "total"),
        "2841.98",
        "2840.98",
    ),
]


@pytest.mark.parametrize(("rule", "prefix", "change", "where", "expected", "actual"), CASES)
def test_rule_holds_as_published_and_fails_after_an_edit(
    seed: Seed,
    rule: str,
    prefix: str,
    change: tuple[str, str, str, str, str | None],
    where: tuple[str, str],
    expected: str,
    actual: str,
) -> None:
    published = seed(prefix)
    assert serious(run(rule, published)) == []
    kind, row, column, value, side = change
    if rule == "I-18":  # 054001 prints eight items; edit the first (数据治理运维, 1550000)
        published = _edit_first(published, kind, row, column, value)
    else:
        published = edit(published, kind, row, column, value, side)
    found = the(serious(run(rule, published)), *where)
    assert (found.rule, found.severity, found.probable_cause) == (rule, "error", "source")
    assert (found.expected, found.actual) == (D(expected), D(actual))
    assert found.difference == D(actual) - D(expected)
    assert (found.location.table, found.location.page, found.location.column) == (kind, 1, where[1])
    assert found.evidence and found.evidence[0].page == 1


def _edit_first(payload: ParsedPayload, kind: str, code: str, column: str, value: str) -> ParsedPayload:
    tables = []
    for table in payload.tables:
        if table.kind == kind:
            index = next(i for i, r in enumerate(table.rows) if code in (r.code, r.name))
            row = table.rows[index]
            rows = list(table.rows)
            rows[index] = row.model_copy(update={"values": {**row.values, column: D(value)}})
            table = table.model_copy(update={"rows": rows})
        tables.append(table)
    return payload.model_copy(update={"tables": tables})


def test_every_within_rule_has_a_case() -> None:
    tested = {case[0] for case in CASES} | {"I-15", "I-17"}
    assert tested == set(WITHIN_RULES)


def test_the_message_states_the_arithmetic(seed: Seed) -> None:
    record = edit(seed("001"), "expenditure", "2080505", "total", "26.52")
    found = the(run("I-07", record), "2080505")
    assert found.message == (
        "公开03表「2080505 机关事业单位基本养老保险缴费支出」合计 26.52 ≠ 基本支出 26.22（差 0.30 万元）。"
    )
    assert [e.text for e in found.evidence] == [
        "2080505 机关事业单位基本养老保险缴费支出 total=26.52 basic=26.22"
    ]


def test_a_column_sum_lists_its_parts(seed: Seed) -> None:
    record = edit(seed("001"), "expenditure", "2101102", "total", "14.56")  # 001:L202 14.26
    found = the(run("I-06", record), "21011")
    assert found.message == (
        "公开03表「21011 行政事业单位医疗」合计 36.75 ≠ 下级科目之和 37.05（2101102 事业单位医疗 14.56 + "
        "2101103 公务员医疗补助 21.99 + 2101199 其他行政事业单位医疗支出 0.50）（差 0.30 万元）。"
    )
    assert [e.text.split()[0] for e in found.evidence] == ["21011", "2101102", "2101103", "2101199"]


def test_i15_fund_balance(seed: Seed) -> None:
    """No seed or corpus 07表 prints figures (all are declared empty, SPEC §2.8): the S1 table is
    given the 决算 columns of 001:L370 (年初, 本年收入, 本年支出{小计, 基本, 项目}, 年末)."""
    figures = {
        "carry_in": "1.00",
        "income": "10.00",
        "total": "8.00",
        "basic": "8.00",
        "project": "0",
        "carry_out": "3.00",
    }
    record = _fund_table(seed("001"), figures)
    assert run("I-15", record) == []
    found = the(run("I-15", _fund_table(seed("001"), {**figures, "carry_out": "4.00"})), "合计")
    assert (found.severity, found.expected, found.actual, found.location.column) == (
        "error",
        D("3.00"),
        D("4.00"),
        "carry_out",
    )
    assert "年初结转和结余 1.00 + 本年收入 10.00 − 合计 8.00" in found.message


def _fund_table(payload: ParsedPayload, figures: dict[str, str]) -> ParsedPayload:
    tables = []
    for table in payload.tables:
        if table.kind == TableKind.GOVERNMENT_FUND:
            row = Row(name="合计", values={k: D(v) for k, v in figures.items()}, page=1)
            table = table.model_copy(update={"empty": False, "rows": [row]})
        tables.append(table)
    return payload.model_copy(update={"tables": tables})


def test_i17_finds_the_published_unit_prices_that_do_not_multiply(seed: Seed) -> None:
    """附表10 (000:L371-372) prints 网群服务中心 1 × 360000 = 3600000.00 and 数据治理运维 1 × 155000 =
    1550000.00: the publisher's unit prices are a tenth of the amounts (T10 and 附表11 agree with
    the amounts). 采购金额合计 is read as col_11 by the parser; the group sums prove it is the amount."""
    published = seed("000")
    found = serious(run("I-17", published))
    assert [(f.severity, f.probable_cause, f.expected, f.actual) for f in found] == [
        ("error", "source", D("360000"), D("3600000.00")),
        ("error", "source", D("155000"), D("1550000.00")),
    ]
    assert found[0].message == (
        "附表10「054001 武汉经济技术开发区(汉南区)大数据中心本级」金额 3600000.00 ≠ "
        "数量 1 × 单价 360000 = 360000（差 3240000.00 元）。"
    )
    assert (found[0].location.table, found[0].location.row, found[0].location.column) == (
        TableKind.GOVERNMENT_PROCUREMENT,
        "054001",
        "amount",
    )
    assert found[0].evidence[0].text.endswith("amount=3600000.00 quantity=1 unit_price=360000")


def test_i17_holds_once_the_prices_are_printed_right_and_fails_on_a_group_sum(seed: Seed) -> None:
    corrected = seed("000")
    for price in ("360000", "155000"):
        row = next(
            r
            for r in _table(corrected, TableKind.GOVERNMENT_PROCUREMENT).rows
            if r.values.get("unit_price") == D(price)
        )
        corrected = _replace_row(
            corrected, TableKind.GOVERNMENT_PROCUREMENT, row, {"unit_price": D(price) * 10}
        )
    assert serious(run("I-17", corrected)) == []
    first = next(
        r for r in _table(corrected, TableKind.GOVERNMENT_PROCUREMENT).rows if r.values.get("quantity") == 30
    )
    broken = _replace_row(corrected, TableKind.GOVERNMENT_PROCUREMENT, first, {"amount_micro": D("8000.00")})
    found = the(serious(run("I-17", broken)), "054", "amount_micro")
    assert (found.expected, found.actual, found.difference) == (D("8000.00"), D("8040.00"), D("40.00"))


def _table(payload: ParsedPayload, kind: str) -> Table:
    return next(t for t in payload.tables if t.kind == kind)


def _replace_row(payload: ParsedPayload, kind: str, row: Row, values: dict[str, D]) -> ParsedPayload:
    tables = []
    for table in payload.tables:
        if table.kind == kind:
            rows = [
                r.model_copy(update={"values": {**r.values, **values}}) if r is row else r for r in table.rows
            ]
            table = table.model_copy(update={"rows": rows})
        tables.append(table)
    return payload.model_copy(update={"tables": tables})


# ---- tolerance (SPEC §3.0) -------------------------------------------------------------------------


def test_rounding_drift_is_info(seed: Seed) -> None:
    """000:L141 本年支出合计 1930.07 against its 类 1930.06: the printed 万元 drift by a cent."""
    [found] = run("I-02", seed("000"))
    assert (found.severity, found.probable_cause) == ("info", "rounding")
    assert (found.expected, found.actual, found.difference) == (D("1930.06"), D("1930.07"), D("0.01"))
    assert found.message.endswith("差 0.01 万元，在四舍五入误差内。")


def test_a_larger_drift_in_wan_yuan_is_an_error(seed: Seed) -> None:
    record = edit(
        seed("000"), TableKind.REVENUE_EXPENDITURE_SUMMARY, "本年支出合计", "amount", "1930.12", "expenditure"
    )
    [found] = run("I-02", record)
    assert (found.severity, found.probable_cause, found.difference) == ("error", "source", D("0.06"))


def test_yuan_tables_with_cents_are_exact(seed: Seed) -> None:
    """002 prints 元 with cents (002:L290): one cent is an error there, not rounding."""
    record = edit(seed("002"), "expenditure", "2010350", "total", "3567123.70")
    found = the(run("I-07", record), "2010350")
    assert (found.severity, found.difference) == ("error", D("0.01"))
    assert "差 0.01 元" in found.message


def test_whole_yuan_tables_drift_by_one_yuan(seed: Seed) -> None:
    """A whole-元 table is rounded from 分 like a 万元 table from 元 (万里 2024 p12): 1 元 is info."""
    record = _edit_first(seed("000"), TableKind.PURCHASED_SERVICES, "04", "amount", "9760501")
    found = the(run("I-18", record), "04")
    assert (found.severity, found.probable_cause) == ("info", "rounding")


def test_a_whole_total_against_parts_with_decimals_is_rounding(seed: Seed) -> None:
    """Printed precision decides (SPEC §3.0): 001:L192 公开03表 合计 2098.74 printed as "2099" is
    within one unit of its precision of the 类 (Σ 2098.74) → rounding; "2100" is a whole unit off."""
    [found] = run("I-05", edit(seed("001"), "expenditure", "合计", "total", "2099"))
    assert (found.severity, found.probable_cause, found.difference) == ("info", "rounding", D("0.26"))
    [found] = run("I-05", edit(seed("001"), "expenditure", "合计", "total", "2100"))
    assert (found.severity, found.difference) == ("error", D("1.26"))


def test_whole_parts_against_a_total_with_decimals_drift_by_half_a_unit_each(seed: Seed) -> None:
    """001:L198 2080505 26.22 printed "26" (its 款 20805 still 26.22): half a unit of the whole part."""
    [found] = run("I-06", edit(seed("001"), "expenditure", "2080505", "total", "26"))
    assert (found.severity, found.probable_cause) == ("info", "rounding")
    [found] = run("I-06", edit(seed("001"), "expenditure", "2080505", "total", "25"))
    assert found.severity == "error"


def test_a_zero_printed_without_decimals_is_exact(seed: Seed) -> None:
    """A "0" among parts with decimals gives no allowance: 0 is exact however it is printed."""
    from disclosure_shared.identities import precision_allowance

    assert precision_allowance(D("10.50"), [D("0"), D("10.40")]) == 0
    assert precision_allowance(D("11"), [D("0"), D("10.40")]) == D("0.99")
    assert precision_allowance(D("11.00"), [D("3"), D("8.40")]) == D("0.5")
    assert precision_allowance(D("11"), [D("3"), D("8")]) == 0  # all whole: money_tolerance decides


def _jiangsu_fiscal_summary(reserve: str) -> Table:
    """省委办公厅 2019 表3 as printed: the year's spending by nature, uncoded, by ordinal."""
    rows = [
        Row(name="一、一般公共预算", side="income", values={"amount": D("27664.22")}),
        Row(name="收入合计", side="income", values={"amount": D("27664.22")}),
        Row(name="一、基本支出", side="expenditure", values={"total": D("11700.63")}),
        Row(name="二、项目支出", side="expenditure", values={"total": D("13025.38")}),
        Row(name="三、单位预留机动经费", side="expenditure", values={"total": D(reserve)}),
        Row(name="支出合计", side="expenditure", values={"total": D("27664.22")}),
    ]
    return Table(
        kind=TableKind.FISCAL_APPROPRIATION_SUMMARY, title="财政拨款收支预算总表", unit="wan_yuan", rows=rows
    )


def test_spending_by_nature_sums_to_the_total() -> None:
    from disclosure_shared.identities import check_table

    [held] = [c for c in check_table(_jiangsu_fiscal_summary("2938.21")) if c.rule == "I-02"]
    assert held.holds and [t.row.name for t in held.terms] == [
        "一、基本支出",
        "二、项目支出",
        "三、单位预留机动经费",
    ]
    [broken] = [c for c in check_table(_jiangsu_fiscal_summary("2538.21")) if c.rule == "I-02"]
    assert not broken.holds and (broken.expected, broken.actual) == (D("27264.22"), D("27664.22"))


# ---- failures that may be ours (SPEC §7.9) ---------------------------------------------------------


def test_a_repaired_row_is_blamed_on_extraction(seed: Seed) -> None:
    record = edit_row(
        seed("001"), "expenditure", "2080505", values={"total": D("26.52")}, repairs=["joined-number"]
    )
    found = the(run("I-07", record), "2080505")
    assert (found.severity, found.probable_cause) == ("warning", "extraction")
    assert "可能是本系统提取有误" in found.message


def test_a_code_the_parser_rebuilt_is_blamed_on_extraction(seed: Seed) -> None:
    """003:L305 prints 301 truncated to 30; the parser rebuilt it from the name ("code-repaired")."""
    published = seed("003")
    assert any(f.rule == "code-repaired" and "30→301" in f.message for f in published.findings)
    record = edit(published, TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, "301", "personnel", "1048.14")
    found = the(run("I-11", record), "301")
    assert (found.severity, found.probable_cause) == ("warning", "extraction")


def test_a_blank_total_facing_printed_parts_is_blamed_on_extraction(seed: Seed) -> None:
    record = edit_row(seed("001"), "expenditure", "合计", values={"total": None})
    found = the(run("I-05", record), "合计", "total")
    assert (found.severity, found.probable_cause) == ("warning", "extraction")


def test_a_number_printed_on_the_line_but_not_read_is_blamed_on_extraction(seed: Seed) -> None:
    """The page text of 2080505 prints 26.22 twice; a parse that kept only a different figure
    leaves a printed number unread."""
    record = edit(seed("001"), "expenditure", "2080505", "total", "26.52")
    assert the(run("I-07", record), "2080505").probable_cause == "source"
    page = record.pages[0]
    printed = "2080505\t\t机关事业单位基本养老保险缴费支出\t26.22\t26.22"  # 001:L198
    text = (page.text or "").replace(printed, printed.replace("26.22\t26.22", "26.52\t26.22\t0.30"))
    assert text != page.text
    record = record.model_copy(update={"pages": [page.model_copy(update={"text": text})]})
    found = the(run("I-07", record), "2080505")
    assert (found.severity, found.probable_cause) == ("warning", "extraction")


def test_the_evidence_carries_the_box_of_the_row_it_cites(seed: Seed) -> None:
    """Where the parser placed a row on its page, the finding's evidence points there, so the review
    page can highlight the printed row instead of searching for it."""
    box = (62.5, 199.7, 532.8, 215.8)
    record = edit_row(seed("001"), "expenditure", "2080505", values={"total": D("26.52")}, bbox=box)
    found = the(run("I-07", record), "2080505")
    assert [(e.text.split()[0], e.bbox) for e in found.evidence] == [("2080505", box)]
    column_sum = the(run("I-06", record), "20805")
    assert {e.text.split()[0]: e.bbox for e in column_sum.evidence}["2080505"] == box
    assert {e.text.split()[0]: e.bbox for e in column_sum.evidence}["20805"] is None  # not placed
