"""One quantity printed in two tables: read it from each, compare in one unit, explain a difference.

A Reading is an amount read from one table (a cell, or a sum of cells) with the rows it came from;
`compare` turns two readings that disagree into a finding whose evidence quotes both tables' rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from disclosure_shared.records import Finding, Row, Table
from disclosure_validate.context import Context
from disclosure_validate.judging.findings import arithmetic_finding
from disclosure_validate.judging.severity import extraction_tail
from disclosure_validate.judging.suspicion import suspect
from disclosure_validate.judging.tolerance import Outcome, compare_money, in_one_unit, value_tolerance
from disclosure_validate.readers.table_lookup import ZERO, total_of
from disclosure_validate.wording import UNIT_TEXT, column_label, money, row_label, rows_evidence, table_label


@dataclass(frozen=True)
class Reading:
    """An amount as one table prints it."""

    table: Table
    what: str
    """The words for it: 公开01表「本年支出合计」, 附表3「201 一般公共服务支出」基本支出."""
    value: Decimal | None
    rows: tuple[tuple[Row, tuple[str, ...]], ...] = ()
    terms: int = 1
    subject: str | None = None
    """The row code (or name) the finding is located at, also when the row is missing."""

    @property
    def column(self) -> str | None:
        return self.rows[0][1][0] if self.rows and self.rows[0][1] else None


def cell(table: Table | None, row: Row | None, *keys: str, column_words: bool = True) -> Reading | None:
    """The first printed value among `keys` on a row (a blank cell reads as None)."""
    if table is None or row is None or not any(k in row.values for k in keys):
        return None  # the table does not print this column
    key = next((k for k in keys if row.values.get(k) is not None), next(k for k in keys if k in row.values))
    words = column_label(key) if column_words and key not in ("amount",) else ""
    return Reading(
        table,
        f"{table_label(table)}「{row_label(row)}」{words}",
        row.values.get(key),
        ((row, (key,)),),
        subject=row.code or row.name,
    )


def missing(table: Table, code: str, name: str) -> Reading:
    """A subject a table does not list at all: it prints no amount for it."""
    name = re.sub(r"^([一二三四五六七八九十廿]+、|[(（][一二三四五六七八九十廿]+[)）])", "", name.strip())
    return Reading(table, f"{table_label(table)}（未列示「{code} {name}」）", None, subject=code)


def summed(
    table: Table, what: str, cells: Sequence[tuple[Row, str]], subject: str | None = None
) -> Reading | None:
    """Σ of several printed cells of one table (None when none of them was printed)."""
    if not cells:
        return None
    value = total_of(row.values.get(key) for row, key in cells)
    rows = tuple((row, (key,)) for row, key in cells)
    return Reading(table, what, value, rows, terms=len(cells), subject=subject)


def plus(reading: Reading | None, others: Iterable[Reading | None], what: str) -> Reading | None:
    """One reading plus others from different tables printed in the same unit."""
    if reading is None:
        return None
    extra = [o for o in others if o is not None and o.value is not None]
    if not extra:
        return reading
    value = (reading.value or ZERO) + sum((o.value or ZERO for o in extra), ZERO)
    rows = reading.rows + tuple(r for o in extra for r in o.rows)
    return Reading(reading.table, what, value, rows, reading.terms + len(extra), reading.subject)


def _outcome(expected: Reading, actual: Reading) -> tuple[Decimal, Decimal, str | None, Outcome]:
    e, a, unit = in_one_unit(
        expected.value or ZERO, expected.table.unit, actual.value or ZERO, actual.table.unit
    )
    tolerance = value_tolerance(unit, [e, a], max(expected.terms, actual.terms))
    return e, a, unit, compare_money(e, a, tolerance)


def agrees(expected: Reading | None, actual: Reading | None) -> bool:
    """Equal, or within rounding: used to accept an alternative reading of the same quantity."""
    return expected is not None and actual is not None and _outcome(expected, actual)[3] is not Outcome.FAILS


def _shown(reading: Reading, value: Decimal, unit: str | None) -> str:
    """ "公开06表「30217 公务接待费」合计 185000.00 元（折合 18.50 万元）" when the units differ."""
    text = f"{reading.what} {money(reading.value)}"
    if reading.table.unit and reading.table.unit != unit and reading.value is not None:
        text += f" {UNIT_TEXT[reading.table.unit]}（折合 {money(value)} {UNIT_TEXT.get(unit or '', '')}）"
    return text


def _reason(ctx: Context, expected: Reading, actual: Reading) -> str | None:
    """Why the difference may be ours: a blank cell facing a printed amount, or a row or table
    that looks misread (judging.suspicion.suspect)."""
    for reading in (expected, actual):
        if reading.value is None and reading.rows:
            return "一表该处为空而另一表有数"
    readings = [(expected.table, row) for row, _ in expected.rows] + [
        (actual.table, row) for row, _ in actual.rows
    ]
    return suspect(ctx, readings)


def compare(
    ctx: Context,
    rule: str,
    expected: Reading | None,
    actual: Reading | None,
    *,
    note: str = "",
    alternatives: Sequence[Reading | None] = (),
) -> Finding | None:
    """A finding when two readings of one quantity differ (None when they agree or when neither
    table prints it). An `alternatives` reading that agrees with `actual` settles it too (templates
    differ on whether a total includes carry-overs)."""
    if expected is None or actual is None or (expected.value is None and actual.value is None):
        return None
    e, a, unit, outcome = _outcome(expected, actual)
    if outcome is Outcome.HOLDS or any(agrees(alt, actual) for alt in alternatives):
        return None
    reason = _reason(ctx, expected, actual) if outcome is Outcome.FAILS else None
    difference = f"差 {money(abs(a - e))} {UNIT_TEXT.get(unit or '', '')}".rstrip()
    text = f"{_shown(expected, e, unit)} ≠ {_shown(actual, a, unit)}"
    if outcome is not Outcome.FAILS:
        text += f"，{difference}，在四舍五入误差内。"
    elif reason:
        text += f"（{difference}）" + extraction_tail(reason)
    else:
        text += f"（{difference}）{note}。"
    first = actual.rows[0][0] if actual.rows else None
    return arithmetic_finding(
        rule,
        outcome,
        text,
        expected=e,
        actual=a,
        table=actual.table,
        row=first,
        column=actual.column,
        subject=actual.subject,
        evidence=rows_evidence([*expected.rows, *actual.rows]),
        extraction_suspect=reason is not None,
    )
