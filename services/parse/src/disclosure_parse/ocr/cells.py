"""Cell images -> cell text: find the ink in each cell, split wrapped lines, recognize in batches.

Table cells skip text detection: the cell box already says where the text is, and recognizing the
tight crop is faster and reads digits more reliably than detecting boxes across ruled lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from disclosure_parse.ocr.deadline import Deadline
from disclosure_parse.ocr.engine import OcrEngine
from disclosure_parse.ocr.grid import Cell, TableGrid

Gray = NDArray[np.uint8]

# A cell whose text is only separators, digits, signs and spaces: OCR's spaces inside it are noise.
_NUMERIC_LIKE = re.compile(r"[\d\s,，.．\-−%]+")


@dataclass(frozen=True)
class LineCrop:
    """One text line of one cell, cut out for recognition."""

    table: int
    cell: Cell
    image: Gray


def _runs(profile: NDArray[np.bool_]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start = None
    for i, on in enumerate(profile):
        if on and start is None:
            start = i
        elif not on and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(profile)))
    return runs


def split_lines(ink: Gray, min_height: int, min_gap: int) -> list[tuple[int, int]]:
    """Row ranges of the text lines in a cell's ink: blank gaps of `min_gap` rows separate lines,
    and a part thinner than `min_height` (a lone stroke such as the top of "三") joins its neighbour."""
    parts = _runs(np.count_nonzero(ink, axis=1) > 0)
    merged: list[tuple[int, int]] = []
    for top, bottom in parts:
        if merged and (top - merged[-1][1] < min_gap or bottom - top < min_height):
            merged[-1] = (merged[-1][0], bottom)
        elif merged and merged[-1][1] - merged[-1][0] < min_height:
            merged[-1] = (merged[-1][0], bottom)
        else:
            merged.append((top, bottom))
    return merged


def cell_line_crops(table: int, grid: TableGrid, text_ink: Gray, clean: Gray, dpi: int) -> list[LineCrop]:
    """Crops of every text line in the table's cells, in grid order (empty cells give none)."""
    scale = dpi / 72
    inset = max(1, round(0.8 * scale))
    min_pixels = max(4, round(1.5 * scale * scale))
    margin = max(3, round(2 * scale))
    crops: list[LineCrop] = []
    for cell in grid.cells:
        top, bottom = cell.top + inset, cell.bottom - inset
        x0, x1 = cell.x0 + inset, cell.x1 - inset
        ink = text_ink[top:bottom, x0:x1]
        if np.count_nonzero(ink) < min_pixels:
            continue
        cols = np.flatnonzero(ink.any(axis=0))
        left, right = int(cols[0]), int(cols[-1]) + 1
        for line_top, line_bottom in split_lines(ink, round(4 * scale), round(1.2 * scale)):
            y0 = max(0, top + line_top - margin)
            y1 = min(clean.shape[0], top + line_bottom + margin)
            crop = clean[y0:y1, max(0, x0 + left - margin) : x0 + right + margin]
            if crop.size:
                crops.append(LineCrop(table, cell, crop))
    return crops


def normalize_cell(text: str) -> str:
    """Drop spaces OCR puts inside a number; every character read is kept as read (no digit fixes:
    a confusable digit must surface in the validation identities, not be guessed away here)."""
    text = text.strip()
    if _NUMERIC_LIKE.fullmatch(text):
        return re.sub(r"\s+", "", text)
    return text


def read_cells(
    grids: list[TableGrid], text_ink: Gray, clean: Gray, dpi: int, engine: OcrEngine, deadline: Deadline
) -> list[list[list[str]]]:
    """Each table's rows of cell text: merged cells fill their top-left position, the rest are ""."""
    crops = [
        crop
        for index, grid in enumerate(grids)
        for crop in cell_line_crops(index, grid, text_ink, clean, dpi)
    ]
    texts = engine.recognize([c.image for c in crops], deadline)
    lines: dict[tuple[int, int, int], list[str]] = {}
    for crop, (text, _score) in zip(crops, texts, strict=True):
        lines.setdefault((crop.table, crop.cell.row, crop.cell.col), []).append(text.strip())
    tables = []
    for index, grid in enumerate(grids):
        rows = [["" for _ in range(grid.n_cols)] for _ in range(grid.n_rows)]
        for cell in grid.cells:
            parts = [p for p in lines.get((index, cell.row, cell.col), []) if p]
            rows[cell.row][cell.col] = normalize_cell("\n".join(parts))
        tables.append(rows)
    return tables
