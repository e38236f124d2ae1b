"""Reading the 预算-side project sheets (项目申报表 / 项目支出绩效目标表, T15, SPEC §2.15) into typed
blocks: their budget line, 资金来源, 明细测算 and 采购 lines, for I-22…I-25 (checks/performance/
budget.py), X-10, X-14 (projects.py) and N-18 (sheet_text.py). The T14 fund block is read by
fund_blocks.py.

The parser keeps these sheets as printed cells (readers.printed_cells). A sheet is read block by
block, each block found by its printed caption ("项目资金来源", "项目支出明细测算", "项目采购");
a line whose numbers cannot be placed is left out of every identity, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from disclosure_shared.records import Row, Table
from disclosure_shared.table_kinds import TableKind
from disclosure_validate.context import Context
from disclosure_validate.readers.printed_cells import keyed_cells, label, money_text


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


def _block(sheet: Sheet, start: tuple[str, ...], stop: tuple[str, ...]) -> list[Row]:
    """The rows after the first row whose first cell starts with a `start` caption, up to the
    first row whose first cell starts with a `stop` caption."""
    rows: list[Row] = []
    inside = False
    for row in sheet.rows:
        cells = keyed_cells(row)
        first = label(cells[0][1]) if cells else ""
        if not inside:
            inside = first.startswith(start)
            continue
        if first.startswith(stop):
            break
        rows.append(row)
    return rows


@dataclass(frozen=True)
class Line:
    """A labelled line of a block and the amount printed on it."""

    name: str
    row: Row
    amount: Printed | None


_AFTER_FUNDS = (
    "项目支出明细测算",
    "项目活动",
    "项目任务明细",
    "项目采购",
    "项目绩效",
    "项目总目标",
    "年底绩效",
)
_FUND_HEADS = ("项目资金来源", "来源项目", "金额")


def fund_lines(sheet: Sheet) -> list[Line]:
    """项目资金来源 (合计, 一般公共预算财政拨款, 其中：…) or, in the S2 form, 资金构成 (中央/省级/市级/
    区级财政, 自筹): each line's label and the first number printed after it."""
    rows = _block(sheet, ("项目资金来源",), _AFTER_FUNDS)
    s2 = not rows
    if s2:
        rows = [r for r in sheet.rows if _s2_fund_row(r)]
    lines = []
    for row in rows:
        cells = keyed_cells(row)
        at = next((i for i, (_, t) in enumerate(cells) if label(t) and label(t) not in _FUND_HEADS), None)
        if at is None or money_text(cells[at][1], sheet.unit) is not None:
            continue
        name = re.sub(r"^资金构成", "", label(cells[at][1]))
        amount = next(
            (Printed(v, row) for _, t in cells[at + 1 :] if (v := money_text(t, sheet.unit)) is not None),
            None,
        )
        lines.append(Line(name, row, amount))
    return lines


def _s2_fund_row(row: Row) -> bool:
    cells = keyed_cells(row)
    first = label(cells[0][1]) if cells else ""
    return bool(re.match(r"^(资金构成)?(中央|省级|市级|区级|县级)财政$|^自筹", first))


@dataclass(frozen=True)
class CostLine:
    """A 项目支出明细测算 line: its amount (金额 / 测算数) and, in the S4 form, 单价 × 计量数."""

    row: Row
    amount: Printed | None
    price: Printed | None = None
    quantity: Printed | None = None
    unread: bool = False
    """A number is printed where the amount belongs but could not be read."""


_COST_HEADS = ("项目活动", "项目任务明细")
_AFTER_COSTS = ("项目采购", "项目绩效", "名称", "长期绩效", "年度绩效", "品名")


def _cost_header(sheet: Sheet) -> tuple[Row, dict[str, int]] | None:
    for row in sheet.rows:
        cells = keyed_cells(row)
        if cells and label(cells[0][1]) in _COST_HEADS:
            return row, {label(t): k for k, t in cells}
    return None


def cost_lines(sheet: Sheet) -> list[CostLine]:
    """The 明细测算 lines under their header, each read at the header's 金额/测算数 column; an S0
    line whose cells shifted is read from its one money cell when it prints exactly one."""
    header = _cost_header(sheet)
    if header is None:
        return []
    head, columns = header
    amount_at = columns.get("测算数", columns.get("金额"))
    if amount_at is None:
        return []
    rows = _rows_after(sheet, head, _AFTER_COSTS)
    return [c for c in (_cost_line(r, columns, amount_at, sheet.unit) for r in rows) if c is not None]


def _rows_after(sheet: Sheet, head: Row, stop: tuple[str, ...]) -> list[Row]:
    rows: list[Row] = []
    at = next(i for i, r in enumerate(sheet.rows) if r is head)
    for row in sheet.rows[at + 1 :]:
        cells = keyed_cells(row)
        if cells and label(cells[0][1]).startswith(stop):
            break
        rows.append(row)
    return rows


def _cost_line(row: Row, columns: dict[str, int], amount_at: int, unit: str | None) -> CostLine | None:
    cells = dict(keyed_cells(row))
    if not cells:
        return None
    printed = cells.get(amount_at)
    amount = money_text(printed, unit) if printed is not None else None
    if amount is None and "单价" not in columns:
        found = [v for k, t in cells.items() if k > 1 and (v := money_text(t, unit)) is not None]
        amount = found[0] if len(found) == 1 else None
    unread = amount is None and printed is not None and bool(re.search(r"\d", printed))
    if amount is None and not unread:
        return None  # a wrapped description (000:L1003), not a cost line

    def at(name: str) -> Printed | None:
        text = cells.get(columns.get(name, -1))
        value = money_text(text, None) if text is not None else None
        return Printed(value, row) if value is not None else None

    return CostLine(
        row, Printed(amount, row) if amount is not None else None, at("单价"), at("计量数"), unread
    )


_AFTER_PURCHASES = ("项目绩效", "名称", "长期绩效", "年度绩效", "项目总目标")


def purchase_lines(sheet: Sheet) -> list[CostLine]:
    """项目采购 lines (品名 | 数量 | 金额): the amount is the last number of the line; "/" lines
    (004:L686) buy nothing."""
    head = next(
        (r for r in sheet.rows if (c := keyed_cells(r)) and label(c[0][1]) == "品名"),
        None,
    )
    if head is None:
        return []
    lines = []
    for row in _rows_after(sheet, head, _AFTER_PURCHASES):
        numbers = [v for _, t in keyed_cells(row)[1:] if (v := money_text(t, sheet.unit)) is not None]
        if len(numbers) >= 2:
            lines.append(CostLine(row, Printed(numbers[-1], row)))
        elif numbers:
            lines.append(CostLine(row, None, unread=True))
    return lines
