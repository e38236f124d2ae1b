"""The finding builders every check calls. Each one takes the outcome of a comparison and whether
our extraction is suspect, and leaves severity and probable cause to the one ladder
(`judging.severity.judge`); they differ only in where the finding is located and what it quotes:

- `arithmetic_finding`: an identity or two tables' readings (located at a table row or subject);
- `judged_finding`: a printed line of an item or project table, whose message it finishes;
- `narrative_finding`: a sentence of the narrative against a table figure;
- `section_finding`: one 自评表 section, quoting its budget row first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from disclosure_shared.records import Claim, Evidence, Finding, Location, Row, Severity, Table
from disclosure_validate.judging.severity import extraction_tail, judge
from disclosure_validate.judging.tolerance import Outcome, compare_money, value_tolerance
from disclosure_validate.readers.narrative import Figure, quote
from disclosure_validate.readers.printed_cells import line
from disclosure_validate.readers.project_sheets import Printed
from disclosure_validate.readers.self_evaluations import Section
from disclosure_validate.wording import UNIT_TEXT, money, row_evidence

ZERO = Decimal(0)


def _difference(expected: Decimal | None, actual: Decimal | None) -> Decimal | None:
    return (actual - expected) if expected is not None and actual is not None else None


def judged_finding(
    rule: str,
    outcome: Outcome,
    message: str,
    *,
    reason: str | None = None,
    rounded: str = "",
    failed: str = "。",
    sure: bool = True,
    expected: Decimal | None,
    actual: Decimal | None,
    table: Table,
    name: str,
    at: Row,
    column: str,
    evidence: list[Evidence],
) -> Finding:
    """A comparison that does not hold, located at the printed line `at` (its row named `name`),
    with `message` finished by how it is judged. Rounding is info (ending with `rounded`); a failure
    where our extraction is suspect (`reason`) is ours, a warning that says so; otherwise the
    publisher's (ending with `failed`): an error, or a warning when the pairing behind it is not
    `sure`."""
    severity, cause = judge(outcome, suspect=bool(reason), failed="error" if sure else "warning")
    if cause == "rounding":
        tail = rounded
    elif reason:
        tail = extraction_tail(reason)
    else:
        tail = failed
    return Finding(
        rule=rule,
        severity=severity,
        probable_cause=cause,
        message=message + tail,
        expected=expected,
        actual=actual,
        difference=_difference(expected, actual),
        location=Location(table=table.kind, page=at.page, row=name, column=column),
        evidence=evidence,
    )


def arithmetic_finding(
    rule: str,
    outcome: Outcome,
    message: str,
    *,
    expected: Decimal,
    actual: Decimal,
    table: Table | None = None,
    row: Row | None = None,
    column: str | None = None,
    page: int | None = None,
    subject: str | None = None,
    evidence: list[Evidence] | None = None,
    extraction_suspect: bool = False,
) -> Finding:
    """A failed or drifting identity. Rounding drift is info; a failure that may come from our own
    repair or join is blamed on extraction, never on the publisher (SPEC §3.0). `subject` names the
    location's row when the row itself is missing from the table."""
    severity, cause = judge(outcome, suspect=extraction_suspect)
    return Finding(
        rule=rule,
        severity=severity,
        probable_cause=cause,
        message=message,
        expected=expected,
        actual=actual,
        difference=actual - expected,
        location=Location(
            table=table.kind if table else None,
            page=page
            if page is not None
            else (row.page if row else (table.pages[0] if table and table.pages else None)),
            row=(row.code or row.name) if row else subject,
            column=column,
        ),
        evidence=evidence if evidence is not None else ([row_evidence(row)] if row else []),
    )


def narrative_finding(
    rule: str,
    outcome: Outcome,
    message: str,
    *,
    claim: Claim,
    expected: Decimal | None,
    actual: Decimal | None,
    source: Figure | None = None,
    severity: Severity | None = None,
    suspect: bool = False,
    extra: Sequence[Evidence] = (),
) -> Finding:
    """A narrative statement that disagrees with a table (or with itself).

    Rounding and truncation are info; a failure on a table row our parser rebuilt (`suspect`) is a
    warning blamed on extraction; otherwise an error unless the caller lowers it to a warning
    because the link between the sentence and the table is not certain.
    """
    level, cause = judge(outcome, suspect=suspect, failed=severity or "error")
    evidence = [Evidence(page=claim.page, text=quote(claim))]
    if source is not None:
        evidence.append(row_evidence(source.row, (source.column,)))
    evidence.extend(extra)
    return Finding(
        rule=rule,
        severity=level,
        probable_cause=cause,
        message=message,
        expected=expected,
        actual=actual,
        difference=_difference(expected, actual),
        location=Location(
            table=source.table.kind if source else None,
            page=claim.page,
            row=(source.row.code or source.row.name) if source else claim.subject,
            column=source.column if source else None,
        ),
        evidence=evidence,
    )


def section_finding(
    rule: str,
    section: Section,
    message: str,
    *,
    row: Row | None,
    subject: str,
    column: str | None,
    expected: Decimal | None,
    actual: Decimal | None,
    outcome: Outcome = Outcome.FAILS,
    suspect: bool = False,
    severity: Severity | None = None,
    evidence: Iterable[Row] = (),
    table: Table | None = None,
) -> Finding:
    """A finding on one 自评表, quoting its budget row first. Rounding drift is info; a failure on
    rows the extraction damaged is a warning blamed on our parse; otherwise the publisher's error
    unless the caller lowers it."""
    level, cause = judge(outcome, suspect=suspect, failed=severity or "error")
    where = table or section.table
    shown = [r for r in (section.budget.row if section.budget else None, *evidence) if r is not None]
    return Finding(
        rule=rule,
        severity=level,
        probable_cause=cause,
        message=message,
        expected=expected,
        actual=actual,
        difference=_difference(expected, actual),
        location=Location(
            table=where.kind,
            page=(row.page if row else None) or (where.pages[0] if where.pages else None),
            row=subject,
            column=column,
        ),
        evidence=line_evidence(shown),
    )


def unit_words(unit: str | None) -> str:
    return UNIT_TEXT.get(unit or "", "")


def line_evidence(rows: Iterable[Row], limit: int = 12) -> list[Evidence]:
    """The printed lines a finding read, each once, in reading order. A row of a money table (it
    prints no cells: the 支出决算表 total X-16 compares with) shows its code, name and values."""
    seen: list[Row] = []
    for row in rows:
        if not any(r is row for r in seen):
            seen.append(row)
    return [
        Evidence(page=r.page, text=(line(r) or row_evidence(r).text)[:300], bbox=r.bbox) for r in seen[:limit]
    ]


def sheet_sum_finding(
    rule: str,
    what: str,
    terms: Sequence[Printed],
    total: Printed,
    unit: str | None,
    *,
    table: Table,
    subject: str,
    column: str | None,
    suspect: bool = False,
    total_words: str = "合计",
) -> Finding | None:
    """Σ terms against a printed total in one sheet (None when they agree exactly), quoting the
    printed lines."""
    return sum_finding(
        rule,
        what,
        [t.value for t in terms],
        total.value,
        unit,
        table=table,
        page=total.row.page,
        subject=subject,
        column=column,
        evidence=line_evidence([*(t.row for t in terms), total.row]),
        suspect=suspect,
        total_words=total_words,
    )


def sum_finding(
    rule: str,
    what: str,
    terms: Sequence[Decimal],
    total: Decimal,
    unit: str | None,
    *,
    table: Table,
    page: int | None,
    subject: str,
    column: str | None,
    evidence: list[Evidence],
    suspect: bool = False,
    total_words: str = "合计",
) -> Finding | None:
    """Σ terms against a total printed in the same sheet (None when they agree exactly)."""
    computed = sum(terms, ZERO)
    tolerance = value_tolerance(unit, [computed, total], len(terms))
    outcome = compare_money(computed, total, tolerance)
    if outcome is Outcome.HOLDS:
        return None
    gap = f"差 {money(abs(total - computed))} {unit_words(unit)}".rstrip()
    tail = "，在四舍五入误差内。" if outcome is not Outcome.FAILS else f"（{gap}）。"
    if suspect and outcome is Outcome.FAILS:
        tail = f"（{gap}）" + extraction_tail("有数字未能读入")
    words = unit_words(unit)
    shown = f"{total_words} {money(total)} {words}"
    message = f"{what}：各项之和 {money(computed)} {words} ≠ {shown}{tail}"
    return arithmetic_finding(
        rule,
        outcome,
        message,
        expected=computed,
        actual=total,
        table=table,
        column=column,
        page=page,
        subject=subject,
        evidence=evidence,
        extraction_suspect=suspect,
    )
