"""PDF -> RawTable blocks with one pdfplumber table pass per page.

The extraction stage calls `page_tables` on the page it reads the text from (one interpretation of
each page in the whole pipeline); `iter_pdf_tables` is the fallback for events that carry no tables.

Each page's tables are found once (`find_tables`) and their cells extracted once; the title and
unit lines around a table are rebuilt from the page's already-parsed characters instead of a second
text extraction, which keeps parsing close to the cost of a bare `extract_tables()` (bench target).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfplumber.pdf import PDF

from disclosure_parse.baselines import level_displaced, leveled_text
from disclosure_parse.structure.model import RawTable
from disclosure_parse.structure.text_norm import join_wrapped
from disclosure_parse.text_layout import extract_text
from disclosure_shared.events import PageTable
from disclosure_shared.records import BBox


@dataclass(frozen=True)
class Line:
    top: float
    bottom: float
    text: str


def _lines(chars: list[dict[str, Any]]) -> list[Line]:
    """Group characters into visual lines (same baseline within 2pt), left to right."""
    ordered = sorted(chars, key=lambda c: (round(float(c["top"])), float(c["x0"])))
    lines: list[Line] = []
    bucket: list[dict[str, Any]] = []

    def flush() -> None:
        if not bucket:
            return
        bucket.sort(key=lambda c: float(c["x0"]))
        parts: list[str] = []
        prev_x1 = None
        for c in bucket:
            if prev_x1 is not None and float(c["x0"]) - prev_x1 > 1.5:
                parts.append(" ")
            parts.append(str(c["text"]))
            prev_x1 = float(c["x1"])
        text = join_wrapped("".join(parts))
        if text:
            lines.append(Line(float(bucket[0]["top"]), max(float(c["bottom"]) for c in bucket), text))
        bucket.clear()

    for c in ordered:
        if bucket and abs(float(c["top"]) - float(bucket[0]["top"])) > 2:
            flush()
        bucket.append(c)
    flush()
    return lines


def _cells(grid: list[list[str | None]]) -> list[list[str]]:
    return [[cell or "" for cell in row] for row in grid]


def _inside(char: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    middle_x = (float(char["x0"]) + float(char["x1"])) / 2
    middle_y = (float(char["top"]) + float(char["bottom"])) / 2
    return x0 <= middle_x < x1 and top <= middle_y < bottom


def _leveled_grid(
    table: Any, printed: list[dict[str, Any]], leveled: list[dict[str, Any]]
) -> list[list[str | None]]:
    """`table.extract()` on a page with displaced digits: each character goes to the cell where it is
    printed (`printed`), and the cell's text is read from the leveled characters (baselines.py)."""
    grid: list[list[str | None]] = []
    for row in table.rows:
        in_row = [i for i, c in enumerate(printed) if _inside(c, row.bbox)]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            cell_chars = [leveled[i] for i in in_row if _inside(printed[i], cell)]
            texts.append(extract_text(cell_chars) if cell_chars else "")
        grid.append(texts)
    return grid


def page_tables(page: Any, leveled: list[dict[str, Any]] | None = None) -> list[PageTable]:
    """The ruled tables of one pdfplumber page, in reading order, with the text lines around each;
    `leveled`: the page's characters with displaced digits set back on their line, when known."""
    found = sorted(page.find_tables(), key=lambda t: (t.bbox[1], t.bbox[0]))
    if not found:
        return []
    chars = level_displaced(page.chars) if leveled is None else leveled
    lines = _lines(chars)
    tables: list[PageTable] = []
    for index, table in enumerate(found):
        top, bottom = table.bbox[1], table.bbox[3]
        prev_bottom = found[index - 1].bbox[3] if index else 0.0
        next_top = found[index + 1].bbox[1] if index + 1 < len(found) else float(page.height)
        context = [ln.text for ln in lines if ln.top >= prev_bottom - 1 and ln.bottom <= top + 1]
        trailer = [ln.text for ln in lines if ln.top >= bottom - 1 and ln.bottom <= next_top + 1]
        grid = table.extract() if chars is page.chars else _leveled_grid(table, page.chars, chars)
        # extract() reads the same rows and cells, in order
        boxes = [[_rounded(cell) if cell else None for cell in row.cells] for row in table.rows]
        tables.append(PageTable(rows=_cells(grid), context=context, trailer=trailer[:6], cell_boxes=boxes))
    return tables


def _rounded(box: tuple[float, float, float, float]) -> BBox:
    x0, top, x1, bottom = box
    return (round(float(x0), 1), round(float(top), 1), round(float(x1), 1), round(float(bottom), 1))


def raw_tables(number: int, tables: list[PageTable]) -> Iterator[RawTable]:
    """One page's tables as physical blocks; the first may continue the previous page's table."""
    for index, table in enumerate(tables):
        yield RawTable(
            rows=[list(row) for row in table.rows],
            pages=[number],
            context=list(table.context),
            trailer=list(table.trailer),
            align="grid",
            cell_boxes=[list(row) for row in table.cell_boxes] if table.cell_boxes is not None else None,
            starts_page=index == 0,
        )


def iter_pdf_tables(pdf: Any) -> Iterator[RawTable]:
    """Every ruled table of every page, in reading order, with its surrounding text lines (when the
    extraction stage did not read them in its own pass)."""
    for page in pdf.pages:
        yield from raw_tables(page.page_number, page_tables(page))
        page.close()


def page_texts(pdf: Any) -> list[str]:
    """Fallback page text when the extraction stage supplied none."""
    return [leveled_text(page) for page in pdf.pages]


def open_pdf_unchecked(data: bytes) -> PDF:
    """Open bytes the extraction stage already accepted (`extraction.open_pdf_checked`): no limits,
    no rejection reasons; a failure here is a parse finding, not a dead letter."""
    return pdfplumber.open(io.BytesIO(data))
