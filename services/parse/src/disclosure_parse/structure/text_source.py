"""Text exports (TSV, markdown pipe tables, space-separated, with HTML fragments) -> RawTable blocks."""

from __future__ import annotations

import re
from collections.abc import Sequence

from disclosure_parse.structure.model import RawTable
from disclosure_parse.structure.text_norm import (
    is_amount,
    join_wrapped,
    strip_markup,
    subject_code,
)

Line = tuple[int, str]  # (page number, raw text)
_SEPARATOR = re.compile(r"^[\s:|-]*-[\s:|-]*$")
_TITLE = re.compile(r"^\s*(附表\s*\d+|表\s*\d+(-\d+)?[.．、:：\s]|公开\s*\d+\s*表)|表\s*$")
_STATEMENT = re.compile(r"^(说明|备注|注)[:：]")
_ORDINAL = re.compile(r"^([（(][一二三四五六七八九十廿]+[)）]|[一二三四五六七八九十廿]+、)")


def _row_cells(raw: str) -> list[str] | None:
    """Cells of a delimited row, [] for a separator row, None for running text."""
    stripped = raw.strip()
    if stripped.startswith("|"):
        if _SEPARATOR.match(stripped):
            return []
        return [strip_markup(c) for c in stripped.strip("|").split("|")]
    if "\t" in raw:
        cells = [strip_markup(c) for c in raw.split("\t")]
        if all(re.fullmatch(r"-*", c) for c in cells):
            return []
        return cells
    return None


def _delimited(lines: Sequence[Line]) -> list[RawTable]:
    tables: list[RawTable] = []
    context: list[str] = []
    current: RawTable | None = None
    for page, raw in lines:
        cells = _row_cells(raw)
        if cells is None:
            text = join_wrapped(strip_markup(raw))
            if not text:
                continue  # blank lines sit inside tables at page breaks (SPEC §4.6)
            if current is not None:
                tables.append(current)
                current = None
            context.append(text)
            if tables and len(tables[-1].trailer) < 8:
                tables[-1].trailer.append(text)
            continue
        if current is None:
            current = RawTable(rows=[], pages=[page], context=context[-8:], align="right")
            context = []
        if page not in current.pages:
            current.pages.append(page)
        if cells:
            current.rows.append(cells)
            current.row_pages.append(page)
    if current is not None:
        tables.append(current)
    return tables


def tokens_to_cells(text: str) -> list[str]:
    """Space-separated row -> cells: numbers and a leading code alone, label words joined."""
    cells: list[str] = []
    words: list[str] = []
    for index, token in enumerate(text.split()):
        if is_amount(token) and not (index == 0 and subject_code(token)):
            if words:
                cells.append(join_wrapped(" ".join(words)))
                words = []
            cells.append(token)
        elif index == 0 and subject_code(token) and len(text.split()) > 1:
            cells.append(token)
        else:
            if words and _ORDINAL.match(token):
                cells.append(join_wrapped(" ".join(words)))  # "（二）政府性基金… （二）国防支出": two labels
                words = []
            words.append(token)
    if words:
        cells.append(join_wrapped(" ".join(words)))
    return cells


def _is_data_line(text: str) -> bool:
    if _ORDINAL.match(text):
        return True  # a labelled summary row, even with blank amounts
    tokens = text.split()
    numbers = [t for i, t in enumerate(tokens) if is_amount(t) and not (i == 0 and subject_code(t))]
    if not numbers:
        return False
    if len(numbers) == len(tokens) and all(re.fullmatch(r"\d{1,2}", t) for t in tokens):
        return False  # 栏次 row "1 2 3 …"
    return not _STATEMENT.match(text)


def _spaced(lines: Sequence[Line]) -> list[RawTable]:
    """Space-separated exports: blocks start at table titles; wrapped labels join the next data row."""
    tables: list[RawTable] = []
    current: RawTable | None = None
    pending: list[str] = []
    started = False
    for page, raw in lines:
        text = join_wrapped(strip_markup(raw))
        if not text:
            continue
        if _TITLE.search(text) and len(text) < 60:
            if current is not None and not current.rows and len(current.context) < 3:
                current.context.append(text)  # "表 1.…收支总表" then the repeated "收支总表"
                continue
            if current is not None:
                current.tail = pending
                tables.append(current)
            current = RawTable(rows=[], pages=[page], context=[text], align="left")
            pending, started = [], False
            continue
        if current is None:
            continue
        if page not in current.pages:
            current.pages.append(page)
        if _is_data_line(text):
            current.rows.append(tokens_to_cells(" ".join([*pending, raw.strip()])))
            current.row_pages.append(page)
            pending, started = [], True
        elif _STATEMENT.match(text) or not started:
            (current.trailer if started else current.context).append(text)
        else:
            pending.append(raw.strip())
    if current is not None:
        current.tail = pending
        tables.append(current)
    return [t for t in tables if t.rows or any("无" in line for line in t.context + t.trailer)]


def text_tables(lines: Sequence[Line]) -> list[RawTable]:
    """Pick the serialization by what the text contains: delimiters, else space-separated."""
    if any("\t" in raw or raw.lstrip().startswith("|") for _, raw in lines):
        return _delimited(lines)
    return _spaced(lines)
