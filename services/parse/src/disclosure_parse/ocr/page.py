"""One page image -> OCR text in reading order and the tables rebuilt from its rules and cells."""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray

from disclosure_parse.ocr.cells import read_cells, split_lines
from disclosure_parse.ocr.deadline import NO_DEADLINE, Deadline
from disclosure_parse.ocr.engine import OcrEngine, TextBox, get_engine
from disclosure_parse.ocr.grid import TableGrid, find_rules, find_tables
from disclosure_parse.ocr.raster import deskew, ink_mask
from disclosure_shared.events import OcrTable

Gray = NDArray[np.uint8]


@dataclass(frozen=True)
class Line:
    top: float
    bottom: float
    text: str


@dataclass
class OcrPage:
    text: str
    tables: list[OcrTable] = field(default_factory=list)


def ocr_image(
    gray: Gray, dpi: int, deadline: Deadline = NO_DEADLINE, engine: OcrEngine | None = None
) -> OcrPage:
    """Read a grayscale page image: ruled tables cell by cell, everything else line by line."""
    engine = engine or get_engine()
    deadline.check()
    gray = deskew(gray)
    ink = ink_mask(gray)
    rules = find_rules(ink, dpi)
    grids = find_tables(rules, dpi)
    deadline.check()
    # Text pixels never include rules, so a digit touching a cell border is cropped without it.
    rule_zone = cv2.dilate(rules.both, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    text_ink = np.asarray(cv2.bitwise_and(ink, cv2.bitwise_not(rule_zone)), dtype=np.uint8)
    clean = gray.copy()
    clean[rule_zone > 0] = 255
    cell_rows = read_cells(grids, text_ink, clean, dpi, engine, deadline)
    outside = _outside_lines(grids, text_ink, clean, dpi, engine, deadline)
    tables = [
        _table(grid, rows, grids, index, outside)
        for index, (grid, rows) in enumerate(zip(grids, cell_rows, strict=True))
    ]
    return OcrPage(_reading_order(grids, cell_rows, outside), tables)


def _outside_lines(
    grids: list[TableGrid], text_ink: Gray, clean: Gray, dpi: int, engine: OcrEngine, deadline: Deadline
) -> list[Line]:
    """Detection + recognition for the text outside the tables, one horizontal band at a time."""
    scale = dpi / 72
    ink = text_ink.copy()
    pad = round(2 * scale)
    for grid in grids:
        ink[max(0, grid.top - pad) : grid.bottom + pad, max(0, grid.x0 - pad) : grid.x1 + pad] = 0
    # Single specks (noise) do not start a band.
    ink = np.asarray(
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (2, 2))),
        dtype=np.uint8,
    )
    boxes: list[TextBox] = []
    for top, bottom in split_lines(ink, round(3 * scale), round(14 * scale)):
        deadline.check()
        band = ink[top:bottom]
        cols = np.flatnonzero(band.any(axis=0))
        if cols.size == 0:
            continue
        margin = round(6 * scale)
        y0, y1 = max(0, top - margin), min(clean.shape[0], bottom + margin)
        x0, x1 = max(0, int(cols[0]) - margin), min(clean.shape[1], int(cols[-1]) + 1 + margin)
        for box in engine.read_lines(np.ascontiguousarray(clean[y0:y1, x0:x1])):
            boxes.append(
                TextBox(box.x0 + x0, box.top + y0, box.x1 + x0, box.bottom + y0, box.text, box.score)
            )
    return group_lines(boxes)


def group_lines(boxes: list[TextBox]) -> list[Line]:
    """Detected boxes joined into visual lines (vertical centres within a box), left to right."""
    lines: list[list[TextBox]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        centre = (box.top + box.bottom) / 2
        if lines:
            last = lines[-1]
            top = min(b.top for b in last)
            bottom = max(b.bottom for b in last)
            if top <= centre <= bottom:
                last.append(box)
                continue
        lines.append([box])
    grouped = []
    for members in lines:
        members.sort(key=lambda b: b.x0)
        text = " ".join(b.text.strip() for b in members if b.text.strip())
        if text:
            grouped.append(Line(min(b.top for b in members), max(b.bottom for b in members), text))
    return grouped


def _table(
    grid: TableGrid, rows: list[list[str]], grids: list[TableGrid], index: int, outside: list[Line]
) -> OcrTable:
    prev_bottom = grids[index - 1].bottom if index else 0
    next_top = grids[index + 1].top if index + 1 < len(grids) else float("inf")
    context = [ln.text for ln in outside if ln.top >= prev_bottom and ln.bottom <= grid.top + 2]
    trailer = [ln.text for ln in outside if ln.top >= grid.bottom - 2 and ln.bottom <= next_top]
    return OcrTable(rows=rows, context=context, trailer=trailer[:6])


def _reading_order(grids: list[TableGrid], cell_rows: list[list[list[str]]], outside: list[Line]) -> str:
    """Page text top to bottom: outside lines as read, each table row as its non-empty cells."""
    items: list[tuple[float, str]] = [(ln.top, ln.text) for ln in outside]
    for grid, rows in zip(grids, cell_rows, strict=True):
        step = (grid.bottom - grid.top) / max(1, len(rows))
        for number, row in enumerate(rows):
            text = " ".join(cell.replace("\n", "") for cell in row if cell)
            if text:
                items.append((grid.top + number * step, text))
    items.sort(key=lambda item: item[0])
    return "\n".join(text for _, text in items)
