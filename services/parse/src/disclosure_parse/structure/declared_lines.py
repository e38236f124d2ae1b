"""The 项目支出明细测算 and 项目采购 lines of one 项目申报表 (SPEC §2.15) as `DeclaredLine` records.

明细测算 lines sit under their header (项目活动 / 项目任务明细 | … | 金额 or 测算数, the S4 form adding
单价 and 计量数) and are read at the header's amount column; an S0 line whose cells shifted is read
from its one money cell when it prints exactly one. 采购 lines sit under 品名 | 数量 | 金额 and their
amount is the line's last number. A line printing digits where its amount belongs that do not read
as one is kept, `unread`, so a sum it belongs to is known to be incomplete; a wrapped description
(000:L1003) and a "/" line (004:L686) are no lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from disclosure_parse.structure.sheet_cells import cell_label, sheet_money
from disclosure_shared.printed_cells import keyed_cells
from disclosure_shared.records import DeclaredLine, Row

Numbered = tuple[int, Row]
"""A row with its index in the table's rows."""

_COST_HEADS = ("项目活动", "项目任务明细")
_AFTER_COSTS = ("项目采购", "项目绩效", "名称", "长期绩效", "年度绩效", "品名")
_AFTER_PURCHASES = ("项目绩效", "名称", "长期绩效", "年度绩效", "项目总目标")


def _first(row: Row) -> str:
    cells = keyed_cells(row)
    return cell_label(cells[0][1]) if cells else ""


def _rows_after(rows: Sequence[Numbered], at: int, stop: tuple[str, ...]) -> list[Numbered]:
    after: list[Numbered] = []
    for numbered in rows[at + 1 :]:
        if keyed_cells(numbered[1]) and _first(numbered[1]).startswith(stop):
            break
        after.append(numbered)
    return after


def cost_lines(rows: Sequence[Numbered], unit: str | None) -> list[DeclaredLine]:
    """The 明细测算 lines of a sheet's rows."""
    at = next((i for i, (_, row) in enumerate(rows) if _first(row) in _COST_HEADS), None)
    if at is None:
        return []
    columns = {cell_label(text): key for key, text in keyed_cells(rows[at][1])}
    amount_at = columns.get("测算数", columns.get("金额"))
    if amount_at is None:
        return []
    found = (_cost_line(n, columns, amount_at, unit) for n in _rows_after(rows, at, _AFTER_COSTS))
    return [line for line in found if line is not None]


def _cost_line(
    numbered: Numbered, columns: dict[str, int], amount_at: int, unit: str | None
) -> DeclaredLine | None:
    index, row = numbered
    cells = dict(keyed_cells(row))
    if not cells:
        return None
    printed = cells.get(amount_at)
    amount = sheet_money(printed, unit) if printed is not None else None
    if amount is None and "单价" not in columns:
        found = [v for k, t in cells.items() if k > 1 and (v := sheet_money(t, unit)) is not None]
        amount = found[0] if len(found) == 1 else None
    unread = amount is None and printed is not None and bool(re.search(r"\d", printed))
    if amount is None and not unread:
        return None

    def at(name: str) -> str:
        return cells.get(columns.get(name, -1), "")

    return DeclaredLine(
        name=next(iter(cells.values())).strip(),
        amount=amount,
        price=sheet_money(at("单价"), None),
        quantity=sheet_money(at("计量数"), None),
        unread=unread,
        line=index,
    )


def purchase_lines(rows: Sequence[Numbered], unit: str | None) -> list[DeclaredLine]:
    """The 项目采购 lines of a sheet's rows."""
    at = next((i for i, (_, row) in enumerate(rows) if _first(row) == "品名"), None)
    if at is None:
        return []
    lines = []
    for index, row in _rows_after(rows, at, _AFTER_PURCHASES):
        cells = keyed_cells(row)
        numbers = [v for _, t in cells[1:] if (v := sheet_money(t, unit)) is not None]
        name = cells[0][1].strip() if cells else ""
        if len(numbers) >= 2:
            lines.append(DeclaredLine(name=name, amount=numbers[-1], line=index))
        elif numbers:
            lines.append(DeclaredLine(name=name, unread=True, line=index))
    return lines


def declared_lines(
    rows: Sequence[Numbered], unit: str | None
) -> tuple[list[DeclaredLine], list[DeclaredLine]]:
    """(明细测算 lines, 采购 lines) of one sheet's rows."""
    return cost_lines(rows, unit), purchase_lines(rows, unit)
