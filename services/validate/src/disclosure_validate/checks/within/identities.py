"""Within-table identities (SPEC §3.1, I-xx) as findings.

The arithmetic is `disclosure_shared.identities` (also the parser's yardstick); this module turns each
Check that does not hold exactly into a finding: rounding drift within SPEC §3.0 tolerance is info,
a larger difference is the publisher's error unless something points at our parse (table_lookup).
"""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_shared.identities import Check, Term
from disclosure_shared.records import Finding, Row, Table
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import arithmetic_finding
from disclosure_validate.judging.severity import extraction_tail
from disclosure_validate.judging.suspicion import damaged, row_suspect
from disclosure_validate.judging.tolerance import Outcome, compare_money
from disclosure_validate.registry import check
from disclosure_validate.wording import column_label, money, row_label, rows_evidence, table_label, unit_text

# What the parts of a column sum are, by rule (the row sums list their columns instead).
_PARTS = {
    "I-01": "各收入项目",
    "I-02": "各类支出",
    "I-03": "本年合计与结转结余",
    "I-05": "各类科目",
    "I-06": "下级科目",
    "I-10": "各类经济科目",
    "I-11": "所属款级科目",
    "I-12": "所属类级科目",
    "I-16": "下级各行",
    "I-17": "所列采购明细",
    "I-18": "所列购买服务明细",
    "I-20": "所属单位",
}
_LISTED = 4


def _signed(terms: tuple[Term, ...], label: str) -> str:
    text = ""
    for position, term in enumerate(t for t in terms if t.value is not None or len(terms) <= _LISTED):
        sign = " − " if term.sign < 0 else (" + " if position else "")
        words = label.format(row=row_label(term.row), column=column_label(term.column))
        text += f"{sign}{words} {money(term.value)}"
    return text or "各分项均为空"


def _arithmetic(table: Table, c: Check) -> str:
    """ "公开03表「201 一般公共服务支出」合计 261.74 ≠ 基本支出 250.03 + 项目支出 11.71"."""
    source = c.source
    assert source is not None
    stated = money(source.values.get(c.column))
    head = f"{table_label(table)}「{row_label(source)}」{column_label(c.column)} {stated}"
    if len(c.terms) == 1 and "×" in c.terms[0].column:
        quantity, price = (source.values.get(k) for k in ("quantity", "unit_price"))
        return f"{head} ≠ 数量 {money(quantity)} × 单价 {money(price)} = {money(c.expected)}"
    if all(t.row is source for t in c.terms):
        return f"{head} ≠ {_signed(c.terms, '{column}')}"
    if len(c.terms) == 1:
        term = c.terms[0]
        return f"{head} ≠ 「{row_label(term.row)}」{column_label(term.column)} {money(term.value)}"
    printed = tuple(t for t in c.terms if t.value)
    listing = _signed(printed[:_LISTED], "{row}") if printed else "各分项均为空"
    more = f" 等 {len(printed)} 项" if len(printed) > _LISTED else ""
    return f"{head} ≠ {_PARTS.get(c.rule, '各分项')}之和 {money(c.expected)}（{listing}{more}）"


def _reason(ctx: Context, table: Table, c: Check) -> str | None:
    if c.stated_blank or c.parts_blank:
        return "一侧为空而另一侧有数" if c.stated_blank else "各分项均为空而合计有数"
    if damaged(ctx, table):
        return "该表多处勾稽不符，表格结构可能未正确识别"
    rows = [c.source, *(t.row for t in c.terms)]
    return next((r for r in (row_suspect(ctx, table, row) for row in rows if row is not None) if r), None)


def identity_finding(ctx: Context, table: Table, c: Check) -> Finding:
    """One Check that does not hold exactly, as a finding with the printed rows as evidence."""
    outcome = compare_money(c.expected, c.actual, c.tolerance)
    reason = _reason(ctx, table, c) if outcome is Outcome.FAILS else None
    unit = unit_text(table)
    difference = f"差 {money(abs(c.actual - c.expected))} {unit}".rstrip()
    if outcome is Outcome.FAILS:
        tail = f"（{difference}）。"
        if reason:
            tail = f"（{difference}）" + extraction_tail(reason)
    else:
        tail = f"，{difference}，在四舍五入误差内。"
    read: list[tuple[Row, tuple[str, ...]]] = [(c.source, (c.column,))] if c.source is not None else []
    for position, term in enumerate(c.terms):
        if term.value is None and position >= _LISTED:
            continue  # a blank 类 of a long template list says nothing
        columns = ("quantity", "unit_price") if "×" in term.column else (term.column,)
        read.append((term.row, columns))
    return arithmetic_finding(
        c.rule,
        outcome,
        _arithmetic(table, c) + tail,
        expected=c.expected,
        actual=c.actual,
        table=table,
        row=c.source,
        column=c.column,
        page=c.page,
        evidence=rows_evidence(read, limit=30),
        extraction_suspect=reason is not None,
    )


def findings_of(ctx: Context, rule: str) -> Iterator[Finding]:
    """The findings of one I-xx rule: every Check of that rule that does not hold exactly."""
    for table, checks in ctx.identity_checks:
        for c in checks:
            if c.rule == rule and c.expected != c.actual and c.source is not None:
                yield identity_finding(ctx, table, c)


# One check per identity; the arithmetic of each is in disclosure_shared.identities (grep its id there).


@check("I-01")
def income_items_sum_to_current_income(ctx: Context) -> Iterator[Finding]:
    """收支总表: Σ 收入项目 = 本年收入合计."""
    return findings_of(ctx, "I-01")


@check("I-02")
def expenditure_classes_sum_to_current_expenditure(ctx: Context) -> Iterator[Finding]:
    """收支总表: Σ 各类支出 = 本年支出合计."""
    return findings_of(ctx, "I-02")


@check("I-03")
def grand_total_is_current_plus_carry_over(ctx: Context) -> Iterator[Finding]:
    """总计 = 本年合计 + 结转结余."""
    return findings_of(ctx, "I-03")


@check("I-04")
def income_grand_total_equals_expenditure_grand_total(ctx: Context) -> Iterator[Finding]:
    """收入总计 = 支出总计."""
    return findings_of(ctx, "I-04")


@check("I-05")
def function_classes_sum_to_total(ctx: Context) -> Iterator[Finding]:
    """功能分类表: 合计 = Σ 类 (every column)."""
    return findings_of(ctx, "I-05")


@check("I-06")
def function_subjects_sum_to_their_parent(ctx: Context) -> Iterator[Finding]:
    """功能分类表: 类 = Σ 款, 款 = Σ 项 (every column)."""
    return findings_of(ctx, "I-06")


@check("I-07")
def row_total_is_basic_plus_project(ctx: Context) -> Iterator[Finding]:
    """Each row: 合计 = 基本支出 + 项目支出 (+ 经营, 上缴上级, 对附属单位补助…)."""
    return findings_of(ctx, "I-07")


@check("I-08")
def basic_is_personnel_plus_public_funds(ctx: Context) -> Iterator[Finding]:
    """Each row: 基本支出 = 人员经费 + 公用经费."""
    return findings_of(ctx, "I-08")


@check("I-09")
def income_row_is_sum_of_its_sources(ctx: Context) -> Iterator[Finding]:
    """收入表 each row: 合计 = Σ 收入来源; 本年小计 and 上年结转小计 = Σ their columns."""
    return findings_of(ctx, "I-09")


@check("I-10")
def economic_classes_sum_to_total(ctx: Context) -> Iterator[Finding]:
    """基本支出（经济分类）表: 合计 = Σ 类; each row 合计 = 人员经费 + 公用经费."""
    return findings_of(ctx, "I-10")


@check("I-11")
def economic_class_is_sum_of_its_items(ctx: Context) -> Iterator[Finding]:
    """基本支出（经济分类）表: 类 = Σ 款."""
    return findings_of(ctx, "I-11")


@check("I-12")
def personnel_and_public_fund_groups(ctx: Context) -> Iterator[Finding]:
    """基本支出决算明细表: 人员经费 = 301 + 303, 公用经费 = 302 + 310."""
    return findings_of(ctx, "I-12")


@check("I-13")
def three_public_parts_sum_to_total(ctx: Context) -> Iterator[Finding]:
    """三公经费表: 合计 = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运行."""
    return findings_of(ctx, "I-13")


@check("I-14")
def appropriation_funds_sum_to_total(ctx: Context) -> Iterator[Finding]:
    """财政拨款收支总表 支出行: 合计 = 一般公共预算 + 政府性基金 + 国有资本经营."""
    return findings_of(ctx, "I-14")


@check("I-15")
def fund_carry_over_rolls_forward(ctx: Context) -> Iterator[Finding]:
    """政府性基金决算表 each row: 年末结转 = 年初结转 + 本年收入 − 本年支出."""
    return findings_of(ctx, "I-15")


@check("I-16")
def project_table_groups_sum_to_their_parent(ctx: Context) -> Iterator[Finding]:
    """项目支出表: 合计 = 部门 = Σ 单位 = Σ 类别 = Σ 项目; each row 合计 = Σ 资金来源."""
    return findings_of(ctx, "I-16")


@check("I-17")
def procurement_groups_and_products(ctx: Context) -> Iterator[Finding]:
    """政府采购预算表: group rows = Σ items; 金额 = 数量 × 单价."""
    return findings_of(ctx, "I-17")


@check("I-18")
def purchased_service_groups(ctx: Context) -> Iterator[Finding]:
    """政府购买服务预算表: group rows = Σ items."""
    return findings_of(ctx, "I-18")


@check("I-20")
def unit_rows_sum_to_department(ctx: Context) -> Iterator[Finding]:
    """分单位的表: 合计 = 部门 = Σ 所属单位 (every column)."""
    return findings_of(ctx, "I-20")


# Every identity disclosure_shared.identities computes (the catalog titles say which is which).
WITHIN_RULES = tuple(f"I-{n:02d}" for n in (*range(1, 19), 20))
