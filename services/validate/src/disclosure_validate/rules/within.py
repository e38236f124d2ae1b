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
from disclosure_validate.findings import (
    arithmetic_finding,
    column_label,
    money,
    row_label,
    rows_evidence,
    table_label,
    unit_text,
)
from disclosure_validate.rulebook import check
from disclosure_validate.rules.table_lookup import damaged, row_suspect
from disclosure_validate.tolerance import Outcome, compare_money

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
            tail = f"（{difference}）；{reason}，可能是本系统提取有误，请对照原表核实。"
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


def _register(rule: str) -> None:
    @check(rule)
    def run(ctx: Context) -> Iterator[Finding]:
        return findings_of(ctx, rule)

    run.__name__ = f"identity_{rule.replace('-', '_')}"


# Every identity disclosure_shared.identities computes (the catalog titles say which is which).
WITHIN_RULES = (
    "I-01",
    "I-02",
    "I-03",
    "I-04",
    "I-05",
    "I-06",
    "I-07",
    "I-08",
    "I-09",
    "I-10",
    "I-11",
    "I-12",
    "I-13",
    "I-14",
    "I-15",
    "I-16",
    "I-17",
    "I-18",
    "I-20",
)
for _rule in WITHIN_RULES:
    _register(_rule)
