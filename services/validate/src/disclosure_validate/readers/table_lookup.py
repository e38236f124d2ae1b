"""Finding the printed rows the table rules read, and judging whether a failure may be ours.

A failing identity is blamed on the publisher only when nothing suggests our parse: a row the parser
repaired, a number left under an unrecognised column, a printed line carrying a number we did not read,
a blank cell facing a printed amount, or a table where many identities fail at once (SPEC §3.0, §7.9).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from disclosure_shared.labels import CURRENT_TOTAL, GRAND_TOTAL, is_total_label
from disclosure_shared.records import Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import text_key

TWO_SIDED = {TableKind.REVENUE_EXPENDITURE_SUMMARY, TableKind.FISCAL_APPROPRIATION_SUMMARY}
ZERO = Decimal(0)


def amount(row: Row | None, *keys: str) -> Decimal | None:
    """The first printed value among `keys` (None when every one is blank or absent)."""
    if row is None:
        return None
    return next((row.values[k] for k in keys if row.values.get(k) is not None), None)


def total_of(values: Iterable[Decimal | None]) -> Decimal | None:
    """Σ of printed values; None when none was printed."""
    printed = [v for v in values if v is not None]
    return sum(printed, ZERO) if printed else None


def nonzero(value: Decimal | None) -> bool:
    return value is not None and value != 0


# ---- rows of coded tables ------------------------------------------------------------------------


def total_row(table: Table | None) -> Row | None:
    """The 合计 row of a coded table (the first uncoded total label that prints a number)."""
    if table is None:
        return None
    return next(
        (
            r
            for r in table.rows
            if r.code is None and is_total_label(r.name) and any(v is not None for v in r.values.values())
        ),
        None,
    )


def code_rows(table: Table | None, length: int | None = None) -> dict[str, Row]:
    """Rows by subject code (the first printing of each code), optionally only codes of one length."""
    rows: dict[str, Row] = {}
    for row in table.rows if table else ():
        if row.code and (length is None or len(row.code) == length):
            rows.setdefault(row.code, row)
    return rows


# ---- rows of two-sided summary tables (T01, T04) -------------------------------------------------


def side_rows(table: Table | None, side: str) -> list[Row]:
    return [r for r in table.rows if r.side == side] if table else []


def current_row(table: Table | None, side: str) -> Row | None:
    """本年收入合计 / 本年支出合计 (or 当年…小计)."""
    return next((r for r in side_rows(table, side) if CURRENT_TOTAL[side].match(text_key(r.name))), None)


def grand_row(table: Table | None, side: str) -> Row | None:
    """收入总计 / 支出总计 (the last one: 合计 may also label an intermediate line)."""
    rows = [r for r in side_rows(table, side) if GRAND_TOTAL.match(text_key(r.name))]
    return rows[-1] if rows else None


def income_line(table: Table | None, pattern: str) -> Row | None:
    """The first line of the 本年 income block whose name matches: the lines printed before
    本年收入合计 (T01, 决算 T04), or those under a leading "一、本年收入" up to the 上年结转 block."""
    rows = side_rows(table, "income")
    current = current_row(table, "income")
    if current is not None and rows and current is rows[0]:
        block = []
        for row in rows[1:]:
            if re.match(r"^(二、|上年结转|年初)", text_key(row.name)):
                break
            block.append(row)
    else:
        end = rows.index(current) if current is not None else len(rows)
        block = rows[:end]
    return next((r for r in block if re.search(pattern, text_key(r.name))), None)


FUNDS = {
    "gpb": r"一般公共预算",
    "gov_fund": r"政府性基金",
    "state_capital": r"国有资本经营",
}


# ---- is the failure ours? ------------------------------------------------------------------------
