"""Cross-table identities of the totals and the function classification (SPEC §3.2 X-01, X-02, X-03, X-07).

The same quantity printed in two tables must agree: the summary tables (T01 收支总表, T04 财政拨款收支
总表) against the detail tables (T02 收入, T03 支出, T05 一般公共预算支出, T08/T09 基金和国有资本).
A pair is compared only where both tables print it; which table is "expected" is the summary one.
"""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_shared.records import Finding, Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.judging.table_compare import Reading, cell, compare, missing, plus
from disclosure_validate.readers.table_lookup import (
    FUNDS,
    amount,
    code_rows,
    current_row,
    grand_row,
    income_line,
    nonzero,
    side_rows,
    total_row,
)
from disclosure_validate.registry import check


def _summary_total(ctx: Context, kind: TableKind, side: str) -> tuple[Table | None, Row | None, Row | None]:
    table = ctx.table(kind)
    return table, current_row(table, side), grand_row(table, side)


def _only_gpb(ctx: Context) -> bool:
    """All money of the document is 一般公共预算: no other income line, no carry-over, no fund or
    state-capital spending (then T03 and T05 print the same rows, X-03)."""
    t01, t04 = (
        ctx.table(TableKind.REVENUE_EXPENDITURE_SUMMARY),
        ctx.table(TableKind.FISCAL_APPROPRIATION_SUMMARY),
    )
    if t01 is None:
        return False
    gpb = income_line(t01, FUNDS["gpb"])
    current, grand = current_row(t01, "income"), grand_row(t01, "income")
    others = [r for r in side_rows(t01, "income") if r not in (gpb, current, grand)]
    if gpb is None or any(nonzero(amount(r, "amount", "total")) for r in others):
        return False
    spent = current_row(t04, "expenditure") or grand_row(t04, "expenditure")
    return not any(nonzero(amount(spent, k)) for k in ("gov_fund", "state_capital"))


def _fiscal_spending(ctx: Context) -> tuple[Table | None, Row | None, str]:
    """The 本年支出 row of T04 and the column holding its 一般公共预算 share ("total" when T04 prints
    no split and no other fiscal money exists)."""
    t04 = ctx.table(TableKind.FISCAL_APPROPRIATION_SUMMARY)
    row = current_row(t04, "expenditure") or grand_row(t04, "expenditure")
    if row is not None and row.values.get("gpb") is not None:
        return t04, row, "gpb"
    return t04, row, "total"


@check("X-01")
def grand_totals(ctx: Context) -> Iterator[Finding]:
    """T01 本年收入/支出合计 = T02 合计 = T03 合计; T04 本年支出 = T05 合计 (+ T08 + T09)."""
    t01, income_now, income_all = _summary_total(ctx, TableKind.REVENUE_EXPENDITURE_SUMMARY, "income")
    _, spent_now, spent_all = _summary_total(ctx, TableKind.REVENUE_EXPENDITURE_SUMMARY, "expenditure")
    t02, t03 = ctx.table(TableKind.REVENUE), ctx.table(TableKind.EXPENDITURE)
    revenue = total_row(t02)
    found = [
        # 决算 T02 合计 = 本年收入合计; the budget's 合计 also counts 上年结转 (= 收入总计)
        compare(
            ctx,
            "X-01",
            cell(t01, income_now, "amount", "total"),
            cell(t02, revenue, "total"),
            alternatives=[cell(t01, income_all, "amount", "total")],
        ),
        compare(
            ctx,
            "X-01",
            cell(t01, spent_now, "amount", "total"),
            cell(t03, total_row(t03), "total"),
            alternatives=[cell(t01, spent_all, "amount", "total")],
        ),
    ]
    if revenue is not None and revenue.values.get("current_total") is not None:
        found.append(
            compare(ctx, "X-01", cell(t01, income_now, "amount"), cell(t02, revenue, "current_total"))
        )
    t04, spending, key = _fiscal_spending(ctx)
    fiscal = cell(t04, spending, key)
    t05 = ctx.table(TableKind.GENERAL_BUDGET_EXPENDITURE)
    general = cell(t05, total_row(t05), "total")
    if key == "total":
        funds = [
            cell(t, total_row(t), "total")
            for t in (ctx.table(TableKind.GOVERNMENT_FUND), ctx.table(TableKind.STATE_CAPITAL))
        ]
        general = plus(general, funds, "一般公共预算、政府性基金、国有资本经营预算支出表合计之和")
    found.append(compare(ctx, "X-01", fiscal, general))
    t05f = ctx.table(TableKind.FISCAL_APPROPRIATION_EXPENDITURE)
    found.append(compare(ctx, "X-01", cell(t04, spending, "total"), cell(t05f, total_row(t05f), "total")))
    yield from (f for f in found if f is not None)


def _by_class(
    ctx: Context, left: Table | None, keys_left: tuple[str, ...], right: Table | None, key_right: str
) -> Iterator[Finding]:
    """Each 类 printed in `left` against the same 类 in `right` (a 类 missing from `right` is 0 there)."""
    classes_left, classes_right = code_rows(left, 3), code_rows(right, 3)
    if left is None or right is None or not classes_left or not classes_right:
        return
    for code, row in classes_left.items():
        other = classes_right.get(code)
        if other is None and not nonzero(amount(row, *keys_left)):
            continue
        theirs = cell(right, other, key_right) if other is not None else missing(right, code, row.name)
        found = compare(ctx, "X-02", cell(left, row, *keys_left), theirs)
        if found:
            yield found
    for code, other in classes_right.items():
        if code not in classes_left and nonzero(other.values.get(key_right)):
            found = compare(ctx, "X-02", missing(left, code, other.name), cell(right, other, key_right))
            if found:
                yield found


@check("X-02")
def classes_agree(ctx: Context) -> Iterator[Finding]:
    """Each 类: T01 = T03 (all funds); T04 = T05 (一般公共预算: T04's gpb column, or its total when
    the document has no other fiscal money)."""
    yield from _by_class(
        ctx,
        ctx.table(TableKind.REVENUE_EXPENDITURE_SUMMARY),
        ("amount", "total"),
        ctx.table(TableKind.EXPENDITURE),
        "total",
    )
    t04, _, key = _fiscal_spending(ctx)
    if key == "gpb" or _only_gpb(ctx):
        yield from _by_class(ctx, t04, (key,), ctx.table(TableKind.GENERAL_BUDGET_EXPENDITURE), "total")


@check("X-03")
def expenditure_equals_general_budget(ctx: Context) -> Iterator[Finding]:
    """T03 ≡ T05 row by row (合计/基本/项目) when every yuan is 一般公共预算."""
    t03, t05 = ctx.table(TableKind.EXPENDITURE), ctx.table(TableKind.GENERAL_BUDGET_EXPENDITURE)
    if t03 is None or t05 is None or not _only_gpb(ctx):
        return
    rows03, rows05 = code_rows(t03), code_rows(t05)
    if not rows03 or not rows05:
        return
    pairs: list[tuple[Row | None, Row | None, str, str]] = [(total_row(t03), total_row(t05), "合计", "合计")]
    pairs += [
        (rows03.get(c), rows05.get(c), c, (rows03.get(c) or rows05[c]).name) for c in {*rows03, *rows05}
    ]
    for mine, theirs, code, name in sorted(pairs, key=lambda p: p[2]):
        for key in ("total", "basic", "project"):
            if not (nonzero(amount(mine, key)) or nonzero(amount(theirs, key))):
                continue
            left: Reading = cell(t03, mine, key) or missing(t03, code, name)
            right: Reading = cell(t05, theirs, key) or missing(t05, code, name)
            found = compare(ctx, "X-03", left, right)
            if found:
                yield found


@check("X-07")
def fiscal_income_agrees(ctx: Context) -> Iterator[Finding]:
    """Fiscal income: T01 一般公共预算/政府性基金/国有资本 lines = T04 lines; 决算 T02 财政拨款收入
    合计 = T04 本年收入合计; budget T02 本年一般公共预算 = T04 一般公共预算拨款."""
    t01, t04 = (
        ctx.table(TableKind.REVENUE_EXPENDITURE_SUMMARY),
        ctx.table(TableKind.FISCAL_APPROPRIATION_SUMMARY),
    )
    for pattern in FUNDS.values():
        found = compare(
            ctx,
            "X-07",
            cell(t01, income_line(t01, pattern), "amount", "total"),
            cell(t04, income_line(t04, pattern), "amount", "total"),
        )
        if found:
            yield found
    t02 = ctx.table(TableKind.REVENUE)
    revenue = total_row(t02)
    if revenue is None or t04 is None:
        return
    if revenue.values.get("fiscal_allocation") is not None:
        found = compare(
            ctx,
            "X-07",
            cell(t04, current_row(t04, "income"), "amount"),
            cell(t02, revenue, "fiscal_allocation"),
        )
    else:
        found = compare(
            ctx,
            "X-07",
            cell(t04, income_line(t04, FUNDS["gpb"]), "amount"),
            cell(t02, revenue, "current_gpb"),
        )
    if found:
        yield found
