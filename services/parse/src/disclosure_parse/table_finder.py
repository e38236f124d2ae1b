"""pdfplumber's table finder with its quadratic steps done in near-linear time, same results.

`pdfplumber.table.TableFinder` spends most of its time in `intersections_to_cells` (for every
intersection it scans all later ones, and compares edge sets rebuilt on every test),
`edges_to_intersections` (every vertical edge against every horizontal one, re-sorted each time),
`merge_edges` (each snapped or joined edge copied into a new dict of all its keys) and
`Table.extract` (every character tested against every row). The versions here snap and join the
edges as position tuples with the same arithmetic, test each vertical edge against the horizontal
edges near its span only, walk the same points in the same order with the edge sets built once,
and pick each row's characters by binary search on their vertical middles: the cells, the tables
and the cell texts are the ones pdfplumber finds (tests/test_pdfium_page.py compares them on drawn
grids, tests/test_text_layout.py on every table page of the corpus).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from itertools import groupby
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

from disclosure_parse.text_layout import cluster_ids, extract_text

Point = tuple[float, float]
Bbox = tuple[float, float, float, float]


def find_tables(page: Any, settings: TableSettings) -> list[Table]:
    """`page.find_tables(settings)` for any object with pdfplumber's `bbox`, `chars` and `edges`."""
    if _plain_lines(settings):
        edges = merged_edges(page.edges, settings)
        points = _intersections(edges, settings)
    else:  # text or explicit strategies: pdfplumber's own edges
        found = edges_to_intersections(
            _EdgeReader(page, settings).get_edges(),
            settings.intersection_x_tolerance,
            settings.intersection_y_tolerance,
        )
        points = _edge_sets(found)
    return [FastTable(page, group) for group in cells_to_tables(_cells(points))]


class _EdgeReader(TableFinder):
    """pdfplumber's `get_edges` alone (TableFinder's constructor goes on to find the tables)."""

    def __init__(self, page: Any, settings: TableSettings) -> None:
        self.page = page
        self.settings = settings


def _plain_lines(settings: TableSettings) -> bool:
    return (
        settings.vertical_strategy == settings.horizontal_strategy == "lines"
        and not settings.explicit_vertical_lines
        and not settings.explicit_horizontal_lines
    )


Edge = tuple[float, float, float, float, float]
"""A ruling line: (position, start, end, across, length); position: x of a vertical line, top of a
horizontal one; start, end: its top and bottom, or x0 and x1; across: its x1 or bottom (the other
side of its box); length: pdfplumber's `height` or `width`, kept as pdfplumber computes it."""


def merged_edges(edges: list[dict[str, Any]], settings: TableSettings) -> tuple[list[Edge], list[Edge]]:
    """pdfplumber's `TableFinder.get_edges` for the `lines` strategies: the vertical and horizontal
    edges long enough, each snapped to the average position of its cluster, those on one line
    joined where they touch, the short ones left out; as (vertical, horizontal) lines."""
    prefilter = settings.edge_min_length_prefilter
    vertical = [
        (e["x0"], e["top"], e["bottom"], e["x1"], e["height"])
        for e in edges
        if e["orientation"] == "v" and e["height"] >= prefilter
    ]
    horizontal = [
        (e["top"], e["x0"], e["x1"], e["bottom"], e["width"])
        for e in edges
        if e["orientation"] == "h" and e["width"] >= prefilter
    ]
    if settings.snap_x_tolerance > 0 or settings.snap_y_tolerance > 0:
        vertical = _snapped(vertical, settings.snap_x_tolerance)
        horizontal = _snapped(horizontal, settings.snap_y_tolerance)
    shortest = settings.edge_min_length
    return (
        [e for e in _joined(vertical, settings.join_y_tolerance, _grown_down) if e[4] >= shortest],
        [e for e in _joined(horizontal, settings.join_x_tolerance, _grown_right) if e[4] >= shortest],
    )


def _snapped(edges: list[Edge], tolerance: float) -> list[Edge]:
    """pdfplumber's `snap_objects`: the edges in cluster order, each moved by (cluster average -
    position), the average summed in that order (the same floats)."""
    ids = cluster_ids([e[0] for e in edges], tolerance)
    ordered = sorted(edges, key=lambda e: ids[e[0]])
    snapped: list[Edge] = []
    for _, group in groupby(ordered, key=lambda e: ids[e[0]]):
        cluster = list(group)
        average = sum(e[0] for e in cluster) / len(cluster)
        for position, start, end, across, length in cluster:
            shift = average - position
            snapped.append((position + shift, start, end, across + shift, length))
    return snapped


def _grown_down(edge: Edge, end: float) -> Edge:
    # pdfplumber's resize_object(edge, "bottom", end): the height grows by the difference
    return (edge[0], edge[1], end, edge[3], edge[4] + (end - edge[2]))


def _grown_right(edge: Edge, end: float) -> Edge:
    # pdfplumber's resize_object(edge, "x1", end): the width is end - x0
    return (edge[0], edge[1], end, edge[3], end - edge[1])


def _joined(edges: list[Edge], tolerance: float, grown: Any) -> list[Edge]:
    """pdfplumber's `merge_edges` grouping and `join_edge_group`: the edges of each line (same
    position), by start, each one that starts within `tolerance` of the previous end extending it."""
    joined: list[Edge] = []
    for _, group in groupby(sorted(edges, key=lambda e: e[0]), key=lambda e: e[0]):
        line = sorted(group, key=lambda e: e[1])
        current = line[0]
        for edge in line[1:]:
            if edge[1] <= current[2] + tolerance:
                if edge[2] > current[2]:
                    current = grown(current, edge[2])
            else:
                joined.append(current)
                current = edge
        joined.append(current)
    return joined


EdgeSets = dict[Point, tuple[set[Bbox], set[Bbox]]]
"""Each intersection with the boxes of the vertical and of the horizontal edges through it."""


def _intersections(edges: tuple[list[Edge], list[Edge]], settings: TableSettings) -> EdgeSets:
    """pdfplumber's `edges_to_intersections`, each vertical edge tested only against the horizontal
    edges whose top is near its span (found by bisection, then the same tests)."""
    x_tolerance, y_tolerance = settings.intersection_x_tolerance, settings.intersection_y_tolerance
    vertical, horizontal = edges
    horizontal = sorted(horizontal)
    tops = [h[0] for h in horizontal]
    margin = y_tolerance + 1  # a wide net: the exact tests below decide
    points: EdgeSets = {}
    for v_x, v_top, v_bottom, v_x1, _ in vertical:
        v_box = (v_x, v_top, v_x1, v_bottom)
        for h_top, h_x0, h_x1, h_bottom, _ in horizontal[
            bisect_left(tops, v_top - margin) : bisect_right(tops, v_bottom + margin)
        ]:
            if (
                v_top <= h_top + y_tolerance
                and v_bottom >= h_top - y_tolerance
                and v_x >= h_x0 - x_tolerance
                and v_x <= h_x1 + x_tolerance
            ):
                sets = points.get((v_x, h_top))
                if sets is None:
                    sets = points[(v_x, h_top)] = (set(), set())
                sets[0].add(v_box)
                sets[1].add((h_x0, h_top, h_x1, h_bottom))
    return points


def _edge_sets(intersections: T_intersections) -> EdgeSets:
    return {
        p: ({obj_to_bbox(e) for e in found["v"]}, {obj_to_bbox(e) for e in found["h"]})
        for p, found in intersections.items()
    }


def intersections_to_cells(intersections: T_intersections) -> list[Bbox]:
    """pdfplumber's `intersections_to_cells`."""
    return _cells(_edge_sets(intersections))


def _cells(points_edges: EdgeSets) -> list[Bbox]:
    """For each point in sorted order, the smallest cell whose corners it and the points below,
    right and diagonal from it make, joined by edges (pdfplumber's `intersections_to_cells`).

    pdfplumber tests "joined" as: same x and a vertical edge in common, or same y and a horizontal
    one. Between a point and one below it (or a corner and the point above it) only the first can
    hold, between a point and one to its right (or a corner and the point left of it) only the
    second: each test here is the one that can hold. The points right of a point that it joins are
    found once (pdfplumber tests them again for every point below)."""
    points = sorted(points_edges)
    columns: dict[float, list[Point]] = defaultdict(list)
    rows: dict[float, list[Point]] = defaultdict(list)
    after: dict[Point, tuple[int, int]] = {}
    for point in points:  # sorted by x, then top: each column top-down, each row left to right
        column, row = columns[point[0]], rows[point[1]]
        after[point] = (len(column) + 1, len(row) + 1)
        column.append(point)
        row.append(point)

    cells: list[Bbox] = []
    for point in points:
        vertical, horizontal = points_edges[point]
        below_from, right_from = after[point]
        joined_right: list[Point] | None = None
        for below in columns[point[0]][below_from:]:
            below_vertical, below_horizontal = points_edges[below]
            if vertical.isdisjoint(below_vertical):
                continue
            if joined_right is None:
                joined_right = [
                    right
                    for right in rows[point[1]][right_from:]
                    if not horizontal.isdisjoint(points_edges[right][1])
                ]
            cell = _closing_corner(point, below, below_horizontal, joined_right, points_edges)
            if cell is not None:
                cells.append(cell)
                break
    return cells


def _closing_corner(
    point: Point, below: Point, below_horizontal: set[Bbox], joined_right: list[Point], points_edges: EdgeSets
) -> Bbox | None:
    for right in joined_right:
        corner = (right[0], below[1])
        corner_edges = points_edges.get(corner)
        if (
            corner_edges is not None
            and not corner_edges[0].isdisjoint(points_edges[right][0])
            and not corner_edges[1].isdisjoint(below_horizontal)
        ):
            return (point[0], point[1], corner[0], corner[1])
    return None


class FastTable(Table):
    """A pdfplumber Table whose `extract()` finds each row's characters by binary search."""

    def extract(self, **kwargs: Any) -> list[list[str | None]]:
        if kwargs:  # layout options: pdfplumber's own
            return super().extract(**kwargs)
        chars = self.page.chars
        across = [(c["x0"] + c["x1"]) / 2 for c in chars]
        down = [(c["top"] + c["bottom"]) / 2 for c in chars]
        by_height = sorted(range(len(chars)), key=down.__getitem__)
        keys = [down[index] for index in by_height]
        grid: list[list[str | None]] = []
        for row in self.rows:
            x0, top, x1, bottom = row.bbox
            found = sorted(by_height[bisect_left(keys, top) : bisect_left(keys, bottom)])
            in_row = [index for index in found if x0 <= across[index] < x1]
            texts: list[str | None] = []
            for cell in row.cells:
                if cell is None:
                    texts.append(None)
                    continue
                left, cell_top, right, cell_bottom = cell
                inside = [
                    chars[index]
                    for index in in_row
                    if left <= across[index] < right and cell_top <= down[index] < cell_bottom
                ]
                texts.append(extract_text(inside) if inside else "")
            grid.append(texts)
        return grid
