"""Is a failure ours? Signs that our extraction, not the publisher, caused a difference: a row the
parser repaired, a number printed on the row's line that we did not read, a summary line that may
have been paired with the wrong label, or a table where many identities fail at once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from disclosure_shared.records import Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.text_keys import text_key
from disclosure_validate.context import Context
from disclosure_validate.readers.table_lookup import TWO_SIDED, current_row, grand_row, side_rows

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
    name = text_key(row.name)
    return re.compile(r"\s*".join(map(re.escape, name))) if len(name) >= 2 else None


def _segments(ctx: Context, table: Table, row: Row) -> list[str]:
    """The printed text after this row's label on its page, up to the next label of another row of
    the same table (a 决算 06表 line carries three rows side by side, 001:L327)."""
    anchor = _label_at(row)
    if anchor is None or row.page is None:
        return []
    name = text_key(row.name)
    others = [
        pattern
        for other in table.rows
        if other is not row and not (row.code and other.code == row.code) and text_key(other.name) not in name
        if (pattern := _label_at(other)) is not None
    ]
    segments = []
    for line in ctx.page_text(row.page).splitlines():
        found = anchor.search(line)
        if not found or (row.code and name[:4] and name[:4] not in text_key(line)):
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
    if table.kind != TableKind.REVENUE_EXPENDITURE_SUMMARY or row.side is None:
        return None
    rows = side_rows(table, row.side)
    keysets = [{k for k, v in r.values.items() if v is not None} for r in rows]
    ends = (current_row(table, row.side), grand_row(table, row.side))
    totals = {k for r, ks in zip(rows, keysets, strict=True) if any(r is e for e in ends) for k in ks}
    if totals and any(ks and not ks & totals for ks in keysets):
        return "同一栏的数字分散在不同列"
    purpose = [r for r in rows if r.code is None and _PURPOSE.search(text_key(r.name))]
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
