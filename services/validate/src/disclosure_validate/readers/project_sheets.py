"""Reading the 预算-side project sheets (项目申报表 / 项目支出绩效目标表, T15, SPEC §2.15) as printed
cells, for N-18 (checks/performance/sheet_text.py), which reads their text lines: a sheet, its name
and its budget line. The rules on their amounts (I-22…I-25, X-10) read the parser's typed
declarations (readers.declared_sheets). The T14 fund block is read by fund_blocks.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from disclosure_shared.printed_cells import keyed_cells
from disclosure_shared.records import Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.readers.printed_cells import label, money_text


@dataclass(frozen=True)
class Printed:
    """A number printed in a sheet, in the sheet's unit, with the line it was read from."""

    value: Decimal
    row: Row


def unit_declared(rows: Sequence[Row]) -> str | None:
    """The unit a block caption declares ("项目资金情况（万元）", "单位：元"); amounts quoted in the
    text of a cell ("21.1 万元") are not captions."""
    text = "".join(label(t) for r in rows for _, t in keyed_cells(r))
    if re.search(r"\(万元\)|单位:万元", text):
        return "wan_yuan"
    return "yuan" if re.search(r"单位:元|\(元\)", text) else None


# ---- project sheets (T15) --------------------------------------------------------------------------

_BUDGET_LABELS = ("项目总预算", "项目当年预算")
_STARTS = ("项目总预算", "项目当年预算", "项目资金来源")
_NAME_LINE = re.compile(r"^[|\s]*项目名称\s*(?:\||\t|\s)\s*([^|\t]+?)\s*(?:[|\t]|$)")
_NAME_IN_CELL = re.compile(r"(?<!级)项目名称[:：]?\s*(.+?)(?:填报人|项目编码|$)")


@dataclass(frozen=True)
class Sheet:
    """One project sheet: its first table and the rows of it and of the untitled blocks after it
    (the parser cuts a 申报表 at its section captions and page breaks)."""

    table: Table
    rows: tuple[Row, ...]
    unit: str | None
    name: str | None = None

    @property
    def label(self) -> str:
        """How a reviewer finds the sheet: its printed number and project ("表12-1「编外人员用工
        保障经费」"), else what of them is known."""
        number = (self.table.number or "").replace(" ", "")
        if self.name:
            return f"{number or '项目申报表'}「{self.name}」"
        return number or f"《{self.table.title.strip() or '项目申报表'}》"

    @property
    def page(self) -> int | None:
        return self.table.pages[0] if self.table.pages else None


def _starts_sheet(table: Table) -> bool:
    for row in table.rows:
        for _, text in keyed_cells(row):
            cell = label(text)
            if cell in _STARTS or cell.endswith("项目总投入") or cell.startswith("项目名称"):
                return True
    return False


def project_sheets(ctx: Context) -> list[Sheet]:
    """The project sheets of the document, in printed order, named where the name can be read."""
    groups: list[list[Table]] = []
    for table in ctx.disclosure.tables:
        if table.kind != TableKind.PERFORMANCE_PROJECT:
            continue
        if _starts_sheet(table) or not groups:
            groups.append([table])
        else:
            groups[-1].append(table)
    sheets = []
    for tables in groups:
        rows = tuple(r for t in tables for r in t.rows)
        first = tables[0]
        # The sheet's own caption first: the parser settles a unit on every table, by default 万元
        # when the first block prints none, while the caption may sit in a block after it.
        unit = unit_declared(rows[:12]) or first.unit
        sheets.append(Sheet(first, rows, unit, _name_in_rows(rows)))
    return _named_from_pages(ctx, sheets)


def _name_in_rows(rows: Sequence[Row]) -> str | None:
    """The 项目名称 the sheet prints among its rows (the S2 form runs it into one long cell)."""
    for row in rows[:8]:
        cells = keyed_cells(row)
        for i, (_, text) in enumerate(cells):
            cell = label(text)
            if cell == "项目名称" and i + 1 < len(cells):
                return cells[i + 1][1].strip() or None
            found = _NAME_IN_CELL.search(cell)
            if found and found.group(1):
                return found.group(1)
    return None


def _named_from_pages(ctx: Context, sheets: list[Sheet]) -> list[Sheet]:
    """The parser takes a sheet's first lines ("项目名称 | …") for its header and keeps no row of
    them (000:L644, 004:L656); the page text still prints them. The sheets starting on a page take
    that page's 项目名称 lines in order, only when the page prints exactly one such line per sheet
    (otherwise no name is guessed)."""
    by_page: dict[int | None, list[int]] = {}
    for i, sheet in enumerate(sheets):
        by_page.setdefault(sheet.page, []).append(i)
    named = list(sheets)
    for page, indexes in by_page.items():
        if all(sheets[i].name for i in indexes):
            continue
        names = [
            m.group(1).strip()
            for text in ctx.page_text(page).splitlines()
            if (m := _NAME_LINE.match(text)) and m.group(1).strip()
        ]
        if len(names) != len(indexes):
            continue
        for i, name in zip(indexes, names, strict=True):
            if sheets[i].name is None:
                named[i] = Sheet(sheets[i].table, sheets[i].rows, sheets[i].unit, name)
    return named


def _value_after(row: Row, cells: list[tuple[int, str]], wanted: str, unit: str | None) -> Printed | None:
    """The number printed in the cell right after the label `wanted` (None when that cell is
    another label: "项目总预算 | 项目当年预算 | 50,000" prints no 总预算, 004:L855)."""
    for i, (_, text) in enumerate(cells):
        if label(text) == wanted or (wanted == "项目总投入" and label(text).endswith(wanted)):
            if i + 1 < len(cells):
                value = money_text(cells[i + 1][1], unit)
                return Printed(value, row) if value is not None else None
            return None
    return None


def budget_line(sheet: Sheet) -> tuple[Printed | None, Printed | None]:
    """(项目总预算, 项目当年预算); the S2 form's single 项目总投入 stands for both."""
    for row in sheet.rows:
        cells = keyed_cells(row)
        labels = [label(t) for _, t in cells]
        if any(b in labels for b in _BUDGET_LABELS):
            total = _value_after(row, cells, "项目总预算", sheet.unit)
            return total, _value_after(row, cells, "项目当年预算", sheet.unit)
        if any(c.endswith("项目总投入") for c in labels):
            both = _value_after(row, cells, "项目总投入", sheet.unit)
            return both, both
    return None, None
