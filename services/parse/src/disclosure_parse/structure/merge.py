"""Physical table blocks (RawTable) -> logical tables: page continuations joined, printed columns regrouped.

A table printed over several pages comes out of pdfplumber as one block per page, and a Jiangsu grid
comes out with a physical column at every ruling line; `merge_blocks` undoes both before any row is built.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure_parse.structure.classify import money_unit, printed_number, title_index
from disclosure_parse.structure.columns import header_size, is_data_row, role_of, value_key
from disclosure_parse.structure.model import Align, RawTable
from disclosure_parse.structure.rows import PagedRow
from disclosure_parse.structure.text_norm import is_amount, parse_amount
from disclosure_parse.structure.text_source import tokens_to_cells
from disclosure_shared.text_keys import text_key


@dataclass
class Logical:
    """A table as published: one or more physical blocks (page continuations) joined."""

    rows: list[PagedRow]
    pages: list[int]
    context: list[str]
    trailer: list[str]
    align: Align
    width: int
    raw_width: int = 0
    columns: list[list[int]] = field(default_factory=list)
    """Physical columns grouped into printed ones (see `_column_groups`), reused for continuations."""
    joined: list[tuple[int, Decimal]] = field(default_factory=list)
    """(page, amount) of amounts rebuilt from pieces split over two cells."""
    tail: list[str] = field(default_factory=list)
    """Label lines left after the last data row of a space-separated export (RawTable.tail)."""


def _lift_embedded_title(raw: RawTable) -> RawTable:
    """Jiangsu frames the title and "部门：… 单位：万元" inside the table: move them to the context."""
    lifted: list[str] = []
    while raw.rows:
        values = {c.strip() for c in raw.rows[0] if c.strip()}
        text = "\n".join(values)
        if len(values) > 2 or not text or is_data_row(raw.rows[0]):
            break
        if not re.search(r"表|单位\s*[:：]|部门(名称)?\s*[:：]", text):
            break
        head = text.split("\n")
        cut = next(
            (i + 1 for i, line in enumerate(head) if re.search(r"单位\s*[:：]", line)), min(2, len(head))
        )
        lifted.extend(line.strip() for line in head[:cut] if line.strip())
        raw.rows = raw.rows[1:]
        if raw.row_pages:
            raw.row_pages = raw.row_pages[1:]
    if lifted:
        raw.context = [*raw.context, *lifted]
    return raw


def _untitled(raw: RawTable) -> bool:
    """No title, table number or unit above the block, and no paragraph: it can only go on a table."""
    if title_index(raw.context) is not None or printed_number(raw.context) or money_unit(raw.context):
        return False
    return not any(len(text_key(line)) > 40 for line in raw.context)


def _is_continuation(raw: RawTable, prev: Logical, raw_width: int) -> bool:
    if raw.align != "grid" or not raw.rows or not _untitled(raw):
        return False
    if raw.pages[0] - prev.pages[-1] not in (0, 1):
        return False
    return raw_width == prev.raw_width or is_data_row(raw.rows[0])


def _continues_stub(raw: RawTable, prev: Logical) -> bool:
    """`prev` printed only its header at a page's foot (省法院2018 p10: the 财政拨款收支总表's title and
    "收入 | 支出"), and `raw`, untitled at the next page's head, is the whole table with its own header."""
    if prev.align != "grid" or any(is_data_row(cells) for cells, _ in prev.rows):
        return False
    if raw.align != "grid" or not any(is_data_row(row) for row in raw.rows):
        return False
    return raw.pages[0] - prev.pages[-1] == 1 and _untitled(raw)


def _drop_blank_rows(raw: RawTable) -> RawTable:
    keep = [i for i, row in enumerate(raw.rows) if any(cell.strip() for cell in row)]
    raw.rows = [raw.rows[i] for i in keep]
    raw.row_pages = [raw.row_pages[i] for i in keep] if raw.row_pages else []
    return raw


def _column_groups(raw: RawTable) -> list[list[int]]:
    """Physical columns grouped into printed ones.

    pdfplumber cuts a cell at every ruling line, so Jiangsu 2017-2019 grids come out 18 columns wide
    with labels and amounts in neighbouring cells ("金额" above column 7, the amounts in column 6).
    Blank columns are dropped; a column with no header text joins its left neighbour when no row
    prints text in both, else it starts a group the next header column may join. Two header columns
    merge only when the left one heads no data and one of them is a parent label. Only blocks that
    print their own header are grouped (a continuation's blank columns are real, still-empty value
    columns, and its groups come from the block it continues)."""
    width = raw.width
    if raw.align != "grid" or not raw.rows or is_data_row(raw.rows[0]):
        return [[c] for c in range(width)]
    h = header_size(raw.rows)
    cell = [[c < len(r) and bool(r[c].strip()) for c in range(width)] for r in raw.rows]
    headed = [any(cell[r][c] for r in range(h)) for c in range(width)]
    filled = [any(cell[r][c] for r in range(h, len(cell))) for c in range(width)]
    groups: list[list[int]] = []
    for c in range(width):
        if not any(row[c] for row in cell):
            continue
        if groups:
            group = groups[-1]
            # a parent label whose merged cell starts one ruling off its child's ("功能分类" over
            # "功能科目名称", 检察院 2018 p13; "小计" under "三公经费", p19): the header-only one
            # joins unless both name a column ("公务用车购置费" beside "…运行维护费" stay apart)
            labels = [raw.rows[r][g] for g in group for r in range(h) if cell[r][g]]
            own = [raw.rows[r][c] for r in range(h) if cell[r][c]]
            parent = not any(filled[g] for g in group) and not (_is_leaf(labels) and _is_leaf(own))
            both_headed = headed[c] and any(headed[g] for g in group) and not parent
            clash = any(row[c] and any(row[g] for g in group) for row in cell)
            if not both_headed and not clash:
                group.append(c)
                continue
        groups.append([c])
    return groups


def _clash_groups(rows: Sequence[Sequence[str]]) -> list[list[int]]:
    """A headerless continuation's columns: blank ones dropped, neighbours that never both hold text
    in one row joined (Jiangsu court 2018 p12 prints 类 amounts one cell right of 款 amounts)."""
    width = max((len(r) for r in rows), default=0)
    cell = [[c < len(r) and bool(r[c].strip()) for c in range(width)] for r in rows]
    groups: list[list[int]] = []
    for c in range(width):
        if not any(row[c] for row in cell):
            continue
        if groups and not any(row[c] and any(row[g] for g in groups[-1]) for row in cell):
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups


def _is_leaf(labels: Sequence[str]) -> bool:
    """Header cells that name a column (a known value key, a code or name column), not a parent."""
    path = [text_key(label) for label in labels if text_key(label)]
    if not path or path == ["小计"]:  # a 小计 is its parent's column
        return False
    return role_of(path[-1]) != "value" or value_key(path, "") is not None


def _select(rows: list[list[str]], groups: Sequence[Sequence[int]]) -> list[list[str]]:
    return [
        [" ".join(row[c] for c in group if c < len(row) and row[c].strip()) for group in groups]
        for row in rows
    ]


def _unruled_rows(context: Sequence[str], width: int) -> list[list[str]]:
    """Data rows printed above a continuation's top ruling line (Jiangsu court 2018 p12 "30108 机关事业
    单位基本养老保险缴费 1,326.81" sits outside the grid pdfplumber finds): kept when their code, name
    and amounts fill exactly the table's printed columns, so no amount can land in the wrong one."""
    out: list[list[str]] = []
    for line in context:
        cells = tokens_to_cells(line)
        if len(cells) == width and is_data_row(cells) and any(is_amount(c) for c in cells[1:]):
            out.append(cells)
    return out


_CUT_NUMBER = re.compile(r"\d[\d,]*\.\d")


def _join_cut_numbers(raw: RawTable) -> list[tuple[int, Decimal]]:
    """An amount whose last decimal digit fell into the next grid cell ("267.8" | "0", 检察院 2018
    p19): rejoined; returns (page, amount) of each so its row can be marked "joined-number"."""
    joined: list[tuple[int, Decimal]] = []
    for r, row in enumerate(raw.rows):
        for c in range(len(row) - 1):
            if _CUT_NUMBER.fullmatch(row[c].strip()) and re.fullmatch(r"\d", row[c + 1].strip()):
                row[c], row[c + 1] = row[c].strip() + row[c + 1].strip(), ""
                value = parse_amount(row[c])
                if value is not None:
                    page = raw.row_pages[r] if raw.row_pages else raw.pages[0]
                    joined.append((page, value))
    return joined


def merge_blocks(raws: Sequence[RawTable]) -> list[Logical]:
    out: list[Logical] = []
    for raw in raws:
        raw_width = raw.width
        raw = _lift_embedded_title(_drop_blank_rows(raw))
        joined = _join_cut_numbers(raw) if raw.align == "grid" else []
        pages = raw.row_pages or [raw.pages[0]] * len(raw.rows)
        if out and _continues_stub(raw, out[-1]):
            # the stub gives its title and unit; its "收入 | 支出" row is dropped (the rows below name
            # the columns)
            raw.context = [*out.pop().context, *raw.context]
        elif out and _is_continuation(raw, out[-1], raw_width):
            prev = out[-1]
            rows = raw.rows
            packed = _clash_groups(rows)
            if raw_width == prev.raw_width:
                rows = _select(rows, prev.columns)
            elif len(packed) == len(prev.columns):  # its own ruling, same printed columns
                rows = _select(rows, packed)
            elif len(prev.columns) > raw.width:  # a narrower tail (merged label cells): align right
                rows = [[""] * (len(prev.columns) - len(r)) + r for r in rows]
            paged = list(zip(rows, pages, strict=False))
            while paged and not is_data_row(paged[0][0]) and any(is_data_row(r) for r, _ in paged):
                paged.pop(0)  # the header repeated on the next page
            paged = [(r, raw.pages[0]) for r in _unruled_rows(raw.context, len(prev.columns))] + paged
            prev.rows.extend(paged)
            prev.pages.extend(p for p in raw.pages if p not in prev.pages)
            prev.trailer = raw.trailer
            prev.joined.extend(joined)
            continue
        columns = _column_groups(raw)
        rows = _select(raw.rows, columns) if raw.align == "grid" else raw.rows  # text rows keep their length
        paged = list(zip(rows, pages, strict=False))
        logical = Logical(
            paged, list(raw.pages), raw.context, raw.trailer, raw.align, len(columns), raw_width, columns
        )
        logical.joined = joined
        logical.tail = list(raw.tail)
        out.append(logical)
    return out
