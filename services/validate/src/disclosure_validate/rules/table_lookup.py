"""Finding the printed rows the table rules read, and judging whether a failure may be ours.

A failing identity is blamed on the publisher only when nothing suggests our parse: a row the parser
repaired, a number left under an unrecognised column, a printed line carrying a number we did not read,
a blank cell facing a printed amount, or a table where many identities fail at once (SPEC §3.0, §7.9).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from disclosure_shared.labels import CURRENT_TOTAL, GRAND_TOTAL, is_total_label
from disclosure_shared.records import Row, Table
from disclosure_validate.context import Context

TWO_SIDED = {"revenue_expenditure_summary", "fiscal_appropriation_summary"}
ZERO = Decimal(0)


def compact(text: str) -> str:
    return re.sub(r"[\s\"'“”‘’「」]", "", unicodedata.normalize("NFKC", text))


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
    return next((r for r in side_rows(table, side) if CURRENT_TOTAL[side].match(compact(r.name))), None)


def grand_row(table: Table | None, side: str) -> Row | None:
    """收入总计 / 支出总计 (the last one: 合计 may also label an intermediate line)."""
    rows = [r for r in side_rows(table, side) if GRAND_TOTAL.match(compact(r.name))]
    return rows[-1] if rows else None


def income_line(table: Table | None, pattern: str) -> Row | None:
    """The first line of the 本年 income block whose name matches: the lines printed before
    本年收入合计 (T01, 决算 T04), or those under a leading "一、本年收入" up to the 上年结转 block."""
    rows = side_rows(table, "income")
    current = current_row(table, "income")
    if current is not None and rows and current is rows[0]:
        block = []
        for row in rows[1:]:
            if re.match(r"^(二、|上年结转|年初)", compact(row.name)):
                break
            block.append(row)
    else:
        end = rows.index(current) if current is not None else len(rows)
        block = rows[:end]
    return next((r for r in block if re.search(pattern, compact(r.name))), None)


FUNDS = {
    "gpb": r"一般公共预算",
    "gov_fund": r"政府性基金",
    "state_capital": r"国有资本经营",
}


# ---- is the failure ours? ------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d%])|(?<![\d.,])\d+\.\d+(?![\d%])")


def _numbers(line: str) -> list[Decimal]:
    found: list[Decimal] = []
    for token in _NUMBER.findall(line):
        try:
            found.append(Decimal(token.replace(",", "")))
        except InvalidOperation:
            continue
    return found


def _label_at(row: Row) -> re.Pattern[str] | None:
    """Where a row's label is printed on a line: its code, else its name (spaces may split it)."""
    if row.code:
        return re.compile(rf"(?<![\d.,]){re.escape(row.code)}(?![\d.,])")
    name = compact(row.name)
    return re.compile(r"\s*".join(map(re.escape, name))) if len(name) >= 2 else None


def _segments(ctx: Context, table: Table, row: Row) -> list[str]:
    """The printed text after this row's label on its page, up to the next label of another row of
    the same table (a 决算 06表 line carries three rows side by side, 001:L327)."""
    anchor = _label_at(row)
    if anchor is None or row.page is None:
        return []
    name = compact(row.name)
    others = [
        pattern
        for other in table.rows
        if other is not row and not (row.code and other.code == row.code) and compact(other.name) not in name
        if (pattern := _label_at(other)) is not None
    ]
    segments = []
    for line in ctx.page_text(row.page).splitlines():
        found = anchor.search(line)
        if not found or (row.code and name[:4] and name[:4] not in compact(line)):
            continue
        rest = line[found.end() :]
        cut = min((m.start() for p in others if (m := p.search(rest))), default=len(rest))
        segments.append(rest[:cut])
    return segments


def unread_number(ctx: Context, table: Table, row: Row) -> bool:
    """The printed line of this row carries a money figure the row lacks: a cell we dropped or could
    not place (江苏高院 2019 p9: four amounts printed, three read; 2018 p11: a whole column lost)."""
    printed = [v for v in row.values.values() if v is not None]
    wanted = [v for v in printed if v != 0]
    if row.page is None:
        return False
    extras = _extras(_segments(ctx, table, row), printed, wanted)
    if not extras and row.code is None and len(wanted) > 1:
        # a total whose label sits on another line than its amounts (a one-row table)
        extras = _extras(ctx.page_text(row.page).splitlines(), printed, wanted)
    return bool(extras) and min(extras) > 0


def _extras(texts: Iterable[str], printed: list[Decimal], wanted: list[Decimal]) -> list[int]:
    """For each text that prints every value we read, how many other amounts it prints. The same
    subject is printed in several tables (a text export is one page): the row is read wrongly only
    if no printing of it matches what we read."""
    return [
        sum(1 for n in numbers if n not in printed and n != 0)
        for numbers in map(_numbers, texts)
        if all(v in numbers for v in wanted)
    ]


_PURPOSE = re.compile(r"基本支出|项目支出|预留机动|结转下年")


def two_sided_suspect(table: Table, row: Row) -> str | None:
    """A summary-table line whose amount may have been paired with the wrong label: its side keeps
    amounts under columns that never meet on one line (a column split, 江苏检察院 2018 p13), or the
    expenditure column lists 支出用途 lines between the 类 (Jiangsu) so a wrapped label can take a
    neighbour's amount (江苏高院 2018 p9: 单位预留机动经费 read as 三、国防支出)."""
    if table.kind != "revenue_expenditure_summary" or row.side is None:
        return None
    rows = side_rows(table, row.side)
    keysets = [{k for k, v in r.values.items() if v is not None} for r in rows]
    ends = (current_row(table, row.side), grand_row(table, row.side))
    totals = {k for r, ks in zip(rows, keysets, strict=True) if any(r is e for e in ends) for k in ks}
    if totals and any(ks and not ks & totals for ks in keysets):
        return "同一栏的数字分散在不同列"
    purpose = [r for r in rows if r.code is None and _PURPOSE.search(compact(r.name))]
    if row.side == "expenditure" and purpose and (row.code is not None or any(row is p for p in purpose)):
        return "支出栏同时列示功能分类与支出用途，数字可能错行"
    return None


def row_suspect(ctx: Context, table: Table, row: Row) -> str | None:
    """Why a failure involving this row may come from our parse, if anything suggests it."""
    if ctx.repaired(table, row):
        return "该行科目编码或数字经解析修复"
    if any(k.startswith("col_") and v is not None for k, v in row.values.items()):
        return "该行有数字未能对应到表头列"
    if table.kind in TWO_SIDED:
        return two_sided_suspect(table, row)
    if unread_number(ctx, table, row):
        return "原文该行有未读入的数字"
    return None


def damaged(ctx: Context, table: Table) -> bool:
    """Many identities of one table fail at once: its columns or rows were misread, not misprinted."""
    checks = next((c for t, c in ctx.identity_checks if t is table), [])
    failed = sum(not c.holds for c in checks)
    return failed >= 3 and failed * 4 >= len(checks)


def suspect(ctx: Context, readings: Iterable[tuple[Table, Row | None]]) -> str | None:
    """The first reason to blame extraction among the rows read (None: the publisher's). A reason
    about the row itself comes before one about its whole table."""
    readings = list(readings)
    for table, row in readings:
        reason = row_suspect(ctx, table, row) if row is not None else None
        if reason:
            return reason
    if any(damaged(ctx, table) for table, _ in readings):
        return "该表多处勾稽不符，表格结构可能未正确识别"
    return None
