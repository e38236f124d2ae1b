"""X-xx rules on the real seeds: one quantity printed in two tables agrees as published, and the
edit of one printed value makes the rule report both tables' rows, the values and the difference."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from disclosure_shared.events import ParsedPayload
from disclosure_shared.records import Row
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.judging.table_compare import Reading, compare
from services.validate.tests.rule_testing import Seed, run, serious

RULES = (
    "X-01",
    "X-02",
    "X-03",
    "X-04",
    "X-05",
    "X-06",
    "X-07",
    "X-08",
    "X-09",
    "X-12",
    "X-15",
    "X-17",
)


def edit(
    payload: ParsedPayload,
    kind: str,
    row: str,
    column: str,
    value: str | None,
    side: str | None = None,
    **update: object,
) -> ParsedPayload:
    """The record as if the publisher had printed one cell differently (the first matching row)."""
    tables = []
    done = False
    for table in payload.tables:
        if table.kind == kind and not done:
            rows = list(table.rows)
            index = next(
                i
                for i, r in enumerate(rows)
                if row in (r.code, r.name.replace(" ", "")) and side in (None, r.side)
            )
            values = {**rows[index].values, column: None if value is None else D(value)}
            rows[index] = rows[index].model_copy(update={"values": values, **update})
            table = table.model_copy(update={"rows": rows})
            done = True
        tables.append(table)
    return payload.model_copy(update={"tables": tables})


# (rule, seed, edit, location (table, row, column), expected, actual)
CASES = [
    # 001:L192 公开03表 合计 2098.74 → 2099.74; 公开01表 本年支出合计 2098.74 (001:L124)
    (
        "X-01",
        "001",
        ("expenditure", "合计", "total", "2099.74", None),
        ("expenditure", "合计", "total"),
        "2098.74",
        "2099.74",
    ),
    # 001:L207 公开03表 215 资源勘探工业信息等支出 1666.02 → 1667.02; 公开01表 十四、 1666.02
    (
        "X-02",
        "001",
        ("expenditure", "215", "total", "1667.02", None),
        ("expenditure", "215", "total"),
        "1666.02",
        "1667.02",
    ),
    # 000:L246 附表5 2010399 项目支出 1275.69 → 1275.99; 附表3 prints 1275.69 (all money is 一般公共预算)
    (
        "X-03",
        "000",
        (TableKind.GENERAL_BUDGET_EXPENDITURE, "2010399", "project", "1275.99", None),
        (TableKind.GENERAL_BUDGET_EXPENDITURE, "2010399", "project"),
        "1275.69",
        "1275.99",
    ),
    # 000:L273 附表6 合计 人员经费 486.68 → 486.98; 附表5 合计 人员经费 486.68
    (
        "X-04",
        "000",
        (TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, "合计", "personnel", "486.98", None),
        (TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, "合计", "personnel"),
        "486.68",
        "486.98",
    ),
    # 001:L357 公开06表 公用经费合计 26.46 → 26.76; 公开05表 基本支出 348.21 = 321.75 + 26.46
    (
        "X-05",
        "001",
        (TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, "公用经费合计", "public_funds", "26.76", None),
        (TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, "人员经费合计", "personnel"),
        "348.21",
        "348.51",
    ),
    # 000:L299 附表6 30217 公务接待费 2.00 → 2.50: more than 附表7 公务接待费 2.00 (000:L317)
    (
        "X-06",
        "000",
        (TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, "30217", "total", "2.50", None),
        (TableKind.THREE_PUBLIC_EXPENSES, "合计", "reception"),
        "2.50",
        "2.00",
    ),
    # 001:L233 公开04表 一、一般公共预算财政拨款 2098.74 → 2000.00; 公开01表 row 1 2098.74
    (
        "X-07",
        "001",
        (TableKind.FISCAL_APPROPRIATION_SUMMARY, "一、一般公共预算财政拨款", "amount", "2000.00", "income"),
        (TableKind.FISCAL_APPROPRIATION_SUMMARY, "一、一般公共预算财政拨款", "amount"),
        "2098.74",
        "2000.00",
    ),
    # 004:L418 表10 135002 本年一般公共预算 131.44 → 131.94; 表5-2 135002 项目支出 131.44
    (
        "X-08",
        "004",
        (TableKind.PROJECT_EXPENDITURE, "135002", "current_gpb", "131.94", None),
        (TableKind.GENERAL_BUDGET_EXPENDITURE_BY_UNIT, "135002", "project"),
        "131.94",
        "131.44",
    ),
    # 004:L171 表2 135001 本年一般公共预算 2340.07 → 2341.07; 表5-2 135001 合计 2340.07
    (
        "X-09",
        "004",
        ("revenue", "135001", "current_gpb", "2341.07", None),
        (TableKind.GENERAL_BUDGET_EXPENDITURE_BY_UNIT, "135001", "total"),
        "2341.07",
        "2340.07",
    ),
    # 001:L100 公开01表 二、政府性基金预算财政拨款收入 blank → 5.00, while 公开07表 is declared empty (L381)
    (
        "X-15",
        "001",
        (TableKind.REVENUE_EXPENDITURE_SUMMARY, "二、政府性基金预算财政拨款收入", "amount", "5.00", "income"),
        (TableKind.REVENUE_EXPENDITURE_SUMMARY, "二、政府性基金预算财政拨款收入", "amount"),
        "0",
        "5.00",
    ),
]


@pytest.mark.parametrize(("rule", "prefix", "change", "where", "expected", "actual"), CASES)
def test_rule_holds_as_published_and_fails_after_an_edit(
    seed: Seed,
    rule: str,
    prefix: str,
    change: tuple[str, str, str, str, str | None],
    where: tuple[str, str, str],
    expected: str,
    actual: str,
) -> None:
    published = seed(prefix)
    assert serious(run(rule, published)) == []
    kind, row, column, value, side = change
    findings = serious(run(rule, edit(published, kind, row, column, value, side)))
    [found] = [f for f in findings if (f.location.table, f.location.row, f.location.column) == where]
    assert (found.rule, found.severity, found.probable_cause) == (rule, "error", "source")
    assert (found.expected, found.actual, found.difference) == (
        D(expected),
        D(actual),
        D(actual) - D(expected),
    )
    assert found.location.page == 1
    assert len(found.evidence) >= 2  # both tables: the rows read (X-15: the empty table, the row with money)


def test_every_cross_rule_has_a_case() -> None:
    assert {case[0] for case in CASES} | {"X-12", "X-17"} == set(RULES)


def test_the_message_names_both_tables(seed: Seed) -> None:
    [found] = run("X-02", edit(seed("001"), "expenditure", "215", "total", "1667.02"))
    assert found.message == (
        "公开01表「215 十四、资源勘探工业信息等支出」 1666.02 ≠ "
        "公开03表「215 资源勘探工业信息等支出」合计 1667.02（差 1.00 万元）。"
    )
    assert [e.text for e in found.evidence] == [
        "215 十四、资源勘探工业信息等支出 amount=1666.02",
        "215 资源勘探工业信息等支出 total=1667.02",
    ]


def test_a_class_missing_from_one_table_is_reported(seed: Seed) -> None:
    """公开01表 prints 215 1666.02; a 公开03表 without that 类 prints nothing for it."""
    published = seed("001")
    tables = [
        t.model_copy(update={"rows": [r for r in t.rows if not (r.code or "").startswith("215")]})
        if t.kind == TableKind.EXPENDITURE
        else t
        for t in published.tables
    ]
    [found] = run("X-02", published.model_copy(update={"tables": tables}))
    assert (found.severity, found.expected, found.actual, found.location.row) == (
        "error",
        D("1666.02"),
        D(0),
        "215",
    )
    assert "公开03表（未列示「215 资源勘探工业信息等支出」）" in found.message


def test_t04_classes_against_t05(seed: Seed) -> None:
    record = edit(
        seed("001"), TableKind.GENERAL_BUDGET_EXPENDITURE, "221", "total", "35.91"
    )  # 001:L305 35.21
    [found] = [f for f in run("X-02", record) if f.location.table == TableKind.GENERAL_BUDGET_EXPENDITURE]
    assert (found.expected, found.actual) == (D("35.21"), D("35.91"))
    assert found.message.startswith("公开04表「221 十九、住房保障支出」一般公共预算 35.21 ≠ 公开05表")


def test_the_budget_revenue_total_may_include_carry_over(seed: Seed) -> None:
    """Budget 收入总表 合计 = 收入总计 (本年 + 上年结转); 决算 02表 合计 = 本年收入合计: both agree."""
    assert run("X-01", seed("000")) == [] and run("X-01", seed("003")) == []


def test_three_public_above_basic_spending_is_only_info(seed: Seed) -> None:
    """The 三公 table counts project money too: 三公 接待费 above 06表 30217 is not an error."""
    record = edit(seed("000"), TableKind.THREE_PUBLIC_EXPENSES, "合计", "reception", "2.34")
    [found] = run("X-06", record)
    assert (found.severity, found.probable_cause, found.expected, found.actual) == (
        "info",
        "source",
        D("2.00"),
        D("2.34"),
    )


def test_an_empty_three_public_table_with_items_in_t06(seed: Seed) -> None:
    """002 declares no 三公 (L491-493); a 30217 公务接待费 in its 表6 contradicts that."""
    published = seed("002")
    assert run("X-15", published) == []
    record = edit(
        published, TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, "30201", "total", "5000.00", code="30217"
    )
    [found] = run("X-15", record)
    assert (found.severity, found.location.table, found.location.row, found.actual) == (
        "error",
        TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE,
        "30217",
        D("5000.00"),
    )
    assert found.message.startswith("表7声明本年无“三公”经费支出，但表6「30217 办公费」为 5000.00 元")


def test_x17_is_info_only(seed: Seed) -> None:
    published = seed("000")
    assert all(f.severity == "info" for f in run("X-17", published))
    assert not [f for f in run("X-17", published) if f.location.row == "2080505"]  # 30108 24.72 = 2080505
    record = edit(published, TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, "30108", "total", "25.72")
    [found] = [f for f in run("X-17", record) if f.location.row == "2080505"]
    assert (found.severity, found.probable_cause, found.expected, found.actual) == (
        "info",
        "source",
        D("25.72"),
        D("24.72"),
    )


# ---- units and tolerance ---------------------------------------------------------------------------


def test_yuan_against_wan_yuan_is_converted(seed: Seed) -> None:
    """附表9 项目支出表 in 元 against 附表3 项目支出 1346.39 万元 (000:L172): 13463900 元 agrees,
    13463950 元 rounds half up to 1346.40 (a cent: info), 13473900 元 is 1 万元 off (error)."""
    published = seed("000")

    def in_yuan(total: str) -> ParsedPayload:
        tables = []
        for t in published.tables:
            if t.kind == TableKind.PROJECT_EXPENDITURE:
                rows = [
                    r.model_copy(
                        update={
                            "values": {k: (v * 10000 if v is not None else v) for k, v in r.values.items()}
                        }
                    )
                    for r in t.rows
                ]
                rows[0] = rows[0].model_copy(update={"values": {**rows[0].values, "total": D(total)}})
                t = t.model_copy(update={"unit": "yuan", "rows": rows})
            tables.append(t)
        return published.model_copy(update={"tables": tables})

    assert run("X-08", in_yuan("13463900.00")) == []
    [rounding] = run("X-08", in_yuan("13463950.00"))
    assert (rounding.severity, rounding.probable_cause, rounding.expected, rounding.actual) == (
        "info",
        "rounding",
        D("1346.39"),
        D("1346.40"),
    )
    [error] = run("X-08", in_yuan("13473900.00"))
    assert (error.severity, error.expected, error.actual, error.difference) == (
        "error",
        D("1346.39"),
        D("1347.39"),
        D("1.00"),
    )
    assert "13473900.00 元（折合 1347.39 万元）" in error.message and "差 1.00 万元" in error.message


def test_one_cent_across_wan_yuan_tables_is_rounding(seed: Seed) -> None:
    record = edit(seed("001"), "expenditure", "215", "total", "1666.03")
    [found] = run("X-02", record)
    assert (found.severity, found.probable_cause) == ("info", "rounding")


def test_a_whole_number_against_the_same_amount_with_decimals_is_rounding(seed: Seed) -> None:
    """001 公开03表 215 printed "1666" against 1666.02 in the other tables: within one unit of its
    printed precision → rounding; "1665" is more than a unit off."""
    [found] = run("X-02", edit(seed("001"), "expenditure", "215", "total", "1666"))
    assert (found.severity, found.probable_cause) == ("info", "rounding")
    [found] = run("X-02", edit(seed("001"), "expenditure", "215", "total", "1665"))
    assert found.severity == "error"


def test_a_blank_cell_facing_an_amount_is_blamed_on_extraction(seed: Seed) -> None:
    record = edit(seed("001"), "expenditure", "合计", "total", None)
    [found] = [f for f in run("X-01", record) if f.location.table == "expenditure"]
    assert (found.severity, found.probable_cause) == ("warning", "extraction")


def test_compare_of_readings_with_no_printed_value_is_silent(seed: Seed) -> None:
    table = next(t for t in seed("001").tables if t.kind == TableKind.EXPENDITURE)
    blank = Reading(table, "x", None)
    assert compare(Context(seed("001")), "X-01", blank, blank) is None


def test_x12_finds_the_published_subject_missing_from_the_expenditure_table(seed: Seed) -> None:
    """附表11 (000:L395) buys 信息安全服务 under [2013799] 其他网信事务支出, a 项 that 附表3 (000:L170-189)
    does not list: the department budgets no money under it."""
    published = seed("000")
    [found] = run("X-12", published)
    assert (found.rule, found.severity, found.probable_cause) == ("X-12", "error", "source")
    assert (found.location.table, found.location.row, found.location.column) == (
        TableKind.PURCHASED_SERVICES,
        "054001",
        "功能科目",
    )
    assert "（信息安全服务）的支出功能分类科目 [2013799] 其他网信事务支出 未列入附表3" in found.message
    assert found.evidence[1].text.startswith("附表3 项级科目：2010350、2010399")
    row = next(r for r in _rows(published, TableKind.PURCHASED_SERVICES) if "2013799" in str(r.attributes))
    cited = next(k for k in row.attributes if "功能" in k)
    fixed = _with_attribute(published, row, cited, "[2010399]其他政府办公厅（室）及相关机构事务支出")
    assert run("X-12", fixed) == []
    other = next(
        r for r in _rows(fixed, TableKind.PURCHASED_SERVICES) if r.values.get("amount") == D("160000")
    )
    [found] = run("X-12", _with_attribute(fixed, other, cited, "[20138 99]其他网信事务支出"))
    assert "[20138 99]" in found.message and found.evidence[0].text.endswith("[20138 99]其他网信事务支出")


def _rows(payload: ParsedPayload, kind: str) -> list[Row]:
    return next(t for t in payload.tables if t.kind == kind).rows


def _with_attribute(payload: ParsedPayload, row: Row, key: str, value: str) -> ParsedPayload:
    tables = []
    for t in payload.tables:
        rows = [
            r.model_copy(update={"attributes": {**r.attributes, key: value}}) if r is row else r
            for r in t.rows
        ]
        tables.append(t.model_copy(update={"rows": rows}))
    return payload.model_copy(update={"tables": tables})
