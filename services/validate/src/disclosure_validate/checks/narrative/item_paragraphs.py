"""The item paragraphs of a Shanghai-style 预算编制说明 (readers.item_paragraphs), each against itself
and the expenditure table:

item-budget-restated   the head amount X and "YYYY年预算安排 B万元" of the same paragraph
item-amount-table      X against the table row of that 类/款/项 (found by code, or by its names)
item-change-rate       "比上年预算执行数增加/减少 C%" against A and B: the rate at its printed
                       precision, and the direction word against the sign (持平 when equal)
item-subject-unknown   the paragraph's 类/款/项 names match no row of the expenditure tables
                       ("卫生健康支出(类)卫生健康支出(款)计划生育事务(项)", 万里街道 2025 p7)
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from disclosure_shared.records import Evidence, Finding, Location, Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.judging.severity import judge
from disclosure_validate.judging.tolerance import (
    Outcome,
    compare_money,
    compare_percent,
    compare_stated,
    printed_tolerance,
)
from disclosure_validate.readers.item_paragraphs import ItemParagraph, item_paragraphs
from disclosure_validate.readers.narrative import Figure, decimals_of, figure, key
from disclosure_validate.registry import check
from disclosure_validate.wording import row_evidence

_TABLES = (
    TableKind.FISCAL_APPROPRIATION_EXPENDITURE,
    TableKind.GENERAL_BUDGET_EXPENDITURE,
    TableKind.EXPENDITURE,
)
_UP, _DOWN = ("增加", "增长"), ("减少", "下降")


def _finding(rule: str, outcome: Outcome, message: str, item: ItemParagraph, **extra: object) -> Finding:
    severity, cause = judge(outcome, suspect=False)
    evidence = [Evidence(page=item.page, text=item.text[:300])]
    source = extra.pop("source", None)
    if isinstance(source, Figure):
        evidence.append(row_evidence(source.row, (source.column,)))
    return Finding(
        rule=rule,
        severity=severity,
        probable_cause=cause,
        message=message,
        location=Location(
            table=source.table.kind if isinstance(source, Figure) else None,
            page=item.page,
            row=item.code or item.subject,
            column=source.column if isinstance(source, Figure) else None,
        ),
        evidence=evidence,
        **extra,
    )


@check("item-budget-restated")
def item_amount_restated(ctx: Context) -> Iterator[Finding]:
    for item in item_paragraphs(ctx):
        if item.budget is not None and item.amount != item.budget:
            outcome = compare_money(item.budget, item.amount, printed_tolerance([item.amount, item.budget]))
            yield _finding(
                "item-budget-restated",
                outcome,
                f"“{item.subject}”段首金额 {item.amount} 万元，同段“预算安排”却为 {item.budget} 万元。",
                item,
                expected=item.budget,
                actual=item.amount,
                difference=item.amount - item.budget,
            )


def _row(table: Table, item: ItemParagraph) -> Row | None:
    """The row of the paragraph's 类/款/项: its code when printed, else the deepest level's name
    under rows named like its parents (codes of 3, 5 and 7 digits)."""
    if item.code:
        return next((r for r in table.rows if r.code == item.code), None)
    levels = [
        (name, width) for level, width in (("类", 3), ("款", 5), ("项", 7)) if (name := item.names.get(level))
    ]
    if not levels:
        return None
    names = {r.code: key(r.name) for r in table.rows if r.code}
    name, width = levels[-1]
    for row in table.rows:
        code = row.code or ""
        if len(code) != width or key(row.name) != key(name):
            continue
        parents = all(names.get(code[:w]) == key(n) for n, w in levels[:-1])
        if parents:
            return row
    return None


def _figures(ctx: Context, item: ItemParagraph) -> list[Figure]:
    found = []
    for kind in _TABLES:
        for table in ctx.tables_of(kind):
            row = _row(table, item)
            shown = figure(table, row, "total") if row is not None else None
            if shown is not None:
                found.append(shown)
    return found


@check("item-amount-table")
def item_amount_matches_table(ctx: Context) -> Iterator[Finding]:
    for item in item_paragraphs(ctx):
        figures = _figures(ctx, item)
        if not figures:
            continue
        for stated, what in ((item.amount, "说明为"), (item.budget, "预算安排")):
            if stated is None or (stated == item.amount and what == "预算安排"):
                continue  # no budget printed, or the same figure twice: judged once
            finding = _against_table(item, stated, what, figures)
            if finding is not None:
                yield finding


def _against_table(item: ItemParagraph, stated: Decimal, what: str, figures: list[Figure]) -> Finding | None:
    outcomes = [compare_stated(stated, decimals_of(stated), f) for f in figures]
    if Outcome.HOLDS in outcomes:
        return None
    best = outcomes.index(Outcome.ROUNDING) if Outcome.ROUNDING in outcomes else 0
    source = figures[best]
    table = source.table.number or source.table.title
    return _finding(
        "item-amount-table",
        outcomes[best],
        f"“{item.subject}”{what} {stated} 万元，{table}该科目为 {source.value.normalize():f} 万元。",
        item,
        source=source,
        expected=source.value,
        actual=stated,
        difference=stated - source.value,
    )


def _within_printed_amounts(executed: Decimal, budget: Decimal, rate: Decimal) -> bool:
    """The amounts are rounded too (the table prints 4 decimals, the text 2): the rate is rounding
    when some true amounts within half a printed unit of A and B give it."""
    rates = []
    for a in _bounds(executed):
        for b in _bounds(budget):
            if a > 0:
                rates.append(abs(b - a) / a * 100)
    half = Decimal(1).scaleb(-decimals_of(rate)) / 2
    return bool(rates) and min(rates) - half <= rate <= max(rates) + half


def _bounds(value: Decimal) -> tuple[Decimal, Decimal]:
    half = Decimal(1).scaleb(-decimals_of(value)) / 2
    return value - half, value + half


def _direction(executed: Decimal, budget: Decimal) -> str:
    if budget > executed:
        return "增加"
    return "减少" if budget < executed else "持平"


@check("item-subject-unknown")
def item_subject_in_tables(ctx: Context) -> Iterator[Finding]:
    coded = any(r.code for kind in _TABLES for t in ctx.tables_of(kind) for r in t.rows)
    if not coded:
        return  # no expenditure table to name the subjects
    for item in item_paragraphs(ctx):
        if item.code or len(item.names) < 2 or _figures(ctx, item):
            continue
        yield Finding(
            rule="item-subject-unknown",
            severity="warning",
            probable_cause="source",
            message=f"说明中的科目“{item.subject}”在支出表中找不到同名的类、款、项，科目名称可能有误。",
            location=Location(page=item.page, row=item.subject),
            evidence=[Evidence(page=item.page, text=item.text[:300])],
        )


@check("item-change-rate")
def item_change_rate(ctx: Context) -> Iterator[Finding]:
    for item in item_paragraphs(ctx):
        if item.executed is None or item.budget is None or item.word is None:
            continue
        yield from _rate_findings(item, item.executed, item.budget, item.word)


def _rate_findings(item: ItemParagraph, executed: Decimal, budget: Decimal, word: str) -> Iterator[Finding]:
    actual = _direction(executed, budget)
    said = "增加" if word in _UP else "减少" if word in _DOWN else "持平"
    figures = f"预算执行数 {executed} 万元、预算安排 {budget} 万元"
    if said != actual:
        yield _finding(
            "item-change-rate",
            Outcome.FAILS,
            f"“{item.subject}”{figures}，应为{actual}，说明却称“{word}”。",
            item,
        )
        return
    if item.rate is None or executed == 0:
        return  # no rate printed, or none defined (the documents print 100% from zero)
    computed = abs(budget - executed) / executed * 100
    outcome = compare_percent(computed, item.rate)
    if outcome is Outcome.FAILS and _within_printed_amounts(executed, budget, item.rate):
        outcome = Outcome.ROUNDING
    if outcome is not Outcome.HOLDS:
        yield _finding(
            "item-change-rate",
            outcome,
            f"“{item.subject}”{figures}，{said}幅度应为 {computed:.2f}%，说明为 {item.rate}%。",
            item,
            expected=computed.quantize(Decimal("0.01")),
            actual=item.rate,
        )
