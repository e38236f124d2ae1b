"""The fund block of the 整体支出绩效目标表 (T14): 收入构成 and 支出构成 per year column, with shares,
read from the printed cells (I-21)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from disclosure_shared.printed_cells import keyed_cells
from disclosure_shared.records import Row, Table
from disclosure_validate.readers.printed_cells import label, line, money_text
from disclosure_validate.readers.project_sheets import Printed, unit_declared


@dataclass(frozen=True)
class FundRow:
    """A line of 部门总体资金情况: 当年 and the two earlier years as printed, and its 占比."""

    side: str  # "income" (收入构成) | "expenditure" (支出构成)
    name: str
    row: Row
    amounts: tuple[Printed | None, Printed | None, Printed | None]
    share: Printed | None
    total: bool
    ambiguous: bool = False
    """Its numbers cannot be placed in columns (a blank cell lost between two printed ones)."""


@dataclass(frozen=True)
class FundBlock:
    """部门总体资金情况 of a T14: its lines, in the unit its caption declares, and the names of its
    three year columns as printed."""

    table: Table
    unit: str | None
    columns: tuple[str, str, str]
    rows: tuple[FundRow, ...]

    def side(self, side: str) -> list[FundRow]:
        return [r for r in self.rows if r.side == side]

    def total(self, side: str) -> FundRow | None:
        return next((r for r in self.rows if r.side == side and r.total), None)


_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


_FUND_END = ("部门职能", "年度工作任务", "项目支出情况", "长期目标", "年度目标")


def fund_block(table: Table) -> FundBlock | None:
    """部门总体资金情况 of a T14: the rows from 收入构成 to the 合计 of 支出构成."""
    start = next((i for i, r in enumerate(table.rows) if "收入构成" in line(r).replace(" ", "")), None)
    if start is None:
        return None
    caption = table.rows[max(0, start - 3) : start]
    unit = unit_declared(caption) or table.unit or "wan_yuan"
    rows: list[FundRow] = []
    side = "income"
    for row in table.rows[start:]:
        text = label(line(row))
        if text.startswith(_FUND_END):
            break
        if "支出构成" in text:
            side = "expenditure"
        found = _fund_row(row, side, unit)
        if found is not None:
            rows.append(found)
            if found.total and side == "expenditure":
                break
    return FundBlock(table, unit, _year_columns(caption), tuple(rows)) if rows else None


def _year_columns(caption: Sequence[Row]) -> tuple[str, str, str]:
    """当年 and the two earlier years as the header prints them, read after "近两年…" (S2 prints
    2023 before 2022, 002:L1186–1190)."""
    years: list[str] = []
    seen = False
    for row in caption:
        for _, text in keyed_cells(row):
            if seen:
                years += [f"{y}年" for y in _YEAR.findall(text)]
            seen = seen or "近两年" in text
    if len(years) == 2:
        return ("当年金额", years[0], years[1])
    return ("当年金额", "近两年第一列", "近两年第二列")


def _fund_row(row: Row, side: str, unit: str | None) -> FundRow | None:
    cells = [t for _, t in keyed_cells(row)]
    first_number = next(
        (i for i, t in enumerate(cells) if money_text(t, unit) is not None or t.strip().endswith("%")),
        len(cells),
    )
    if first_number == 0:
        return None
    name = re.sub(r"^(收入构成|支出构成)", "", label(cells[first_number - 1]))
    if not name:
        return None
    values, share, ambiguous = _placed(row, cells[first_number:], unit)
    return FundRow(side, name, row, values, share, name == "合计", ambiguous)


def _placed(
    row: Row, printed: list[str], unit: str | None
) -> tuple[tuple[Printed | None, Printed | None, Printed | None], Printed | None, bool]:
    """Numbers after the label go to 当年 | 占比 | year 1 | year 2. Blank cells are not printed, so
    only the layouts that leave no doubt are read: all four, 当年 + 占比 (+ both years), 当年 alone."""
    none = (None, None, None)

    def amount(text: str) -> Printed | None:
        value = money_text(text, unit)
        return Printed(value, row) if value is not None else None

    def share(text: str) -> Printed | None:
        value = money_text(text.strip().rstrip("%"), None)
        return Printed(value, row) if value is not None else None

    if not printed:
        return none, None, False
    if len(printed) == 4:
        return (amount(printed[0]), amount(printed[2]), amount(printed[3])), share(printed[1]), False
    if len(printed) == 2 and printed[1].strip().endswith("%"):
        return (amount(printed[0]), None, None), share(printed[1]), False
    if len(printed) == 1 and not printed[0].strip().endswith("%"):
        return (amount(printed[0]), None, None), None, False
    return none, None, True
