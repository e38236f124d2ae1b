"""pdfplumber's table finder with its two quadratic steps done in near-linear time, same results.

`pdfplumber.table.TableFinder` spends most of its time in `intersections_to_cells` (for every
intersection it scans all later ones, and compares edge sets rebuilt on every test) and
`Table.extract` (every character tested against every row). The versions here walk the same points
in the same order with the edge sets built once, and pick each row's characters by binary search
on their vertical middles: the cells, the tables and the cell texts are the ones pdfplumber finds
(tests/test_table_finder.py compares them on drawn grids and on the corpus).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from typing import Any

from pdfplumber.table import (
    T_intersections,
    Table,
    TableFinder,
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
)
from pdfplumber.utils.geometry import obj_to_bbox

from disclosure_parse.text_layout import extract_text

Point = tuple[float, float]
Bbox = tuple[float, float, float, float]


def find_tables(page: Any, settings: TableSettings) -> list[Table]:
    """`page.find_tables(settings)` for any object with pdfplumber's `bbox`, `chars` and `edges`."""
    return _Finder(page, settings).tables


class _Finder(TableFinder):
    def __init__(self, page: Any, settings: TableSettings) -> None:
        self.page = page
        self.settings = settings
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges, settings.intersection_x_tolerance, settings.intersection_y_tolerance
        )
        self.cells = intersections_to_cells(self.intersections)
        self.tables = [FastTable(page, group) for group in cells_to_tables(self.cells)]


def intersections_to_cells(intersections: T_intersections) -> list[Bbox]:
    """pdfplumber's `intersections_to_cells`: for each point in sorted order, the smallest cell
    whose corners it and the points below, right and diagonal from it make, joined by edges."""
    points = sorted(intersections)
    vertical = {p: {obj_to_bbox(e) for e in intersections[p]["v"]} for p in points}
    horizontal = {p: {obj_to_bbox(e) for e in intersections[p]["h"]} for p in points}
    columns: dict[float, list[Point]] = defaultdict(list)
    rows: dict[float, list[Point]] = defaultdict(list)
    for point in points:  # sorted by x, then top: each column top-down, each row left to right
        columns[point[0]].append(point)
        rows[point[1]].append(point)

    def connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and not vertical[p1].isdisjoint(vertical[p2]):
            return True
        return p1[1] == p2[1] and not horizontal[p1].isdisjoint(horizontal[p2])

    cells: list[Bbox] = []
    for point in points:
        column, row = columns[point[0]], rows[point[1]]
        below = column[column.index(point) + 1 :]
        right = row[row.index(point) + 1 :]
        cell = _smallest_cell(point, below, right, intersections, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(
    point: Point, below: list[Point], right: list[Point], intersections: T_intersections, connects: Any
) -> Bbox | None:
    for below_pt in below:
        if not connects(point, below_pt):
            continue
        for right_pt in right:
            if not connects(point, right_pt):
                continue
            corner = (right_pt[0], below_pt[1])
            if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                return (point[0], point[1], corner[0], corner[1])
    return None


class FastTable(Table):
    """A pdfplumber Table whose `extract()` finds each row's characters by binary search."""

    def extract(self, **kwargs: Any) -> list[list[str | None]]:
        if kwargs:  # layout options: pdfplumber's own
            return super().extract(**kwargs)
        chars = self.page.chars
        middles = sorted(((c["top"] + c["bottom"]) / 2, index) for index, c in enumerate(chars))
        keys = [m for m, _ in middles]
        grid: list[list[str | None]] = []
        for row in self.rows:
            x0, top, x1, bottom = row.bbox
            found = middles[bisect_left(keys, top) : bisect_left(keys, bottom)]
            row_chars = [
                chars[index]
                for index in sorted(index for _, index in found)
                if x0 <= (chars[index]["x0"] + chars[index]["x1"]) / 2 < x1
            ]
            grid.append([_cell_text(cell, row_chars) for cell in row.cells])
        return grid


def _cell_text(cell: Bbox | None, row_chars: list[dict[str, Any]]) -> str | None:
    if cell is None:
        return None
    x0, top, x1, bottom = cell
    inside = [
        c
        for c in row_chars
        if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and top <= (c["top"] + c["bottom"]) / 2 < bottom
    ]
    return extract_text(inside) if inside else ""
