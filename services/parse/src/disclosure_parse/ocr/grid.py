"""Ruled tables in a page image: ruling lines -> table regions -> cell boxes with spans.

Lines are found by morphological opening with long thin kernels (text strokes are shorter than the
kernels); a table is a connected group of lines; its row and column boundaries are the positions of
its lines, and two neighbouring grid units belong to one merged cell when no rule separates them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray

Gray = NDArray[np.uint8]


@dataclass(frozen=True)
class Cell:
    """A cell box in pixels, and the grid position (row, col) of its top-left unit."""

    row: int
    col: int
    x0: int
    top: int
    x1: int
    bottom: int


@dataclass
class TableGrid:
    x0: int
    top: int
    x1: int
    bottom: int
    n_rows: int
    n_cols: int
    cells: list[Cell] = field(default_factory=list)


@dataclass(frozen=True)
class Rules:
    """Masks (255 = rule) of the horizontal and vertical ruling lines of a page."""

    horizontal: Gray
    vertical: Gray

    @property
    def both(self) -> Gray:
        return np.asarray(cv2.bitwise_or(self.horizontal, self.vertical), dtype=np.uint8)


def find_rules(ink: Gray, dpi: int) -> Rules:
    """Runs of ink longer than any text stroke: 28pt across, 14pt down (a row is taller than a glyph)."""
    h_len = max(10, round(28 * dpi / 72))
    v_len = max(8, round(14 * dpi / 72))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    # Close pixel gaps left by noise or a residual skew of a fraction of a degree.
    horizontal = cv2.morphologyEx(
        horizontal, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3))
    )
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9)))
    # A rule meets another rule; a long stroke of a large bold glyph stands alone inside its cell.
    h_mask, v_mask = np.asarray(horizontal, dtype=np.uint8), np.asarray(vertical, dtype=np.uint8)
    return Rules(_touching(h_mask, v_mask), _touching(v_mask, h_mask))


def _touching(mask: Gray, other: Gray) -> Gray:
    """The connected parts of `mask` that meet `other` (within a few pixels)."""
    count, labels = cv2.connectedComponents(mask, connectivity=8)
    if count <= 1:
        return np.asarray(mask, dtype=np.uint8)
    near = cv2.dilate(other, cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7)))
    keep = np.zeros(count, dtype=bool)
    keep[np.unique(labels[near > 0])] = True
    keep[0] = False
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def _positions(profile: NDArray[np.int64], minimum: int) -> list[int]:
    """Centres of the runs of a projection profile at or above `minimum` (one per drawn rule)."""
    hot = profile >= minimum
    positions: list[int] = []
    start = None
    for i, on in enumerate(hot):
        if on and start is None:
            start = i
        elif not on and start is not None:
            positions.append((start + i - 1) // 2)
            start = None
    if start is not None:
        positions.append((start + len(hot) - 1) // 2)
    return positions


def _merge_close(positions: list[int], gap: int) -> list[int]:
    """Double rules and thick lines drawn as two runs count once."""
    merged: list[int] = []
    for p in positions:
        if merged and p - merged[-1] <= gap:
            merged[-1] = (merged[-1] + p) // 2
        else:
            merged.append(p)
    return merged


def _vertical_coverage(mask: Gray, x: int, top: int, bottom: int, band: int) -> float:
    """Share of the rows from top to bottom where a vertical rule passes near column x."""
    if bottom <= top:
        top = bottom = (top + bottom) // 2
        bottom += 1
    region = mask[top:bottom, max(0, x - band) : x + band + 1]
    return float(np.count_nonzero(region.any(axis=1))) / max(1, bottom - top)


def _horizontal_coverage(mask: Gray, y: int, x0: int, x1: int, band: int) -> float:
    """Share of the columns from x0 to x1 where a horizontal rule passes near row y."""
    if x1 <= x0:  # a column narrower than the insets: look at its middle
        x0 = x1 = (x0 + x1) // 2
        x1 += 1
    region = mask[max(0, y - band) : y + band + 1, x0:x1]
    return float(np.count_nonzero(region.any(axis=0))) / max(1, x1 - x0)


def find_tables(rules: Rules, dpi: int) -> list[TableGrid]:
    """Every ruled table of the page, top to bottom, with its cells."""
    both = cv2.dilate(rules.both, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(both, connectivity=8)
    min_w, min_h = round(60 * dpi / 72), round(20 * dpi / 72)
    tables: list[TableGrid] = []
    for label in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[label])
        if w < min_w or h < min_h:
            continue
        grid = _grid(rules, x, y, x + w, y + h, dpi)
        if grid is not None:
            tables.append(grid)
    return sorted(tables, key=lambda t: (t.top, t.x0))


def _grid(rules: Rules, x0: int, top: int, x1: int, bottom: int, dpi: int) -> TableGrid | None:
    horizontal = rules.horizontal[top:bottom, x0:x1]
    vertical = rules.vertical[top:bottom, x0:x1]
    min_rule = round(10 * dpi / 72)
    gap = max(3, round(2.5 * dpi / 72))
    ys = _merge_close(_positions(np.count_nonzero(horizontal, axis=1), min_rule), gap)
    xs = _merge_close(_positions(np.count_nonzero(vertical, axis=0), min_rule), gap)
    if len(ys) < 2 or len(xs) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    band = max(2, round(1.5 * dpi / 72))
    inset = max(2, round(2 * dpi / 72))

    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        parent[find(b)] = find(a)

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols:  # the vertical rule between (r, c) and (r, c+1)
                covered = _vertical_coverage(vertical, xs[c + 1], ys[r] + inset, ys[r + 1] - inset, band)
                if covered < 0.5:
                    union(r * n_cols + c, r * n_cols + c + 1)
            if r + 1 < n_rows:  # the horizontal rule between (r, c) and (r+1, c)
                covered = _horizontal_coverage(horizontal, ys[r + 1], xs[c] + inset, xs[c + 1] - inset, band)
                if covered < 0.5:
                    union(r * n_cols + c, (r + 1) * n_cols + c)

    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(find(r * n_cols + c), []).append((r, c))
    cells = []
    for units in groups.values():
        r0, r1 = min(u[0] for u in units), max(u[0] for u in units)
        c0, c1 = min(u[1] for u in units), max(u[1] for u in units)
        cells.append(Cell(r0, c0, x0 + xs[c0], top + ys[r0], x0 + xs[c1 + 1], top + ys[r1 + 1]))
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return TableGrid(x0 + xs[0], top + ys[0], x0 + xs[-1], top + ys[-1], n_rows, n_cols, cells)
