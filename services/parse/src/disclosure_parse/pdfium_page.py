"""A page with ruled tables read by pdfium, in the shapes pdfplumber's table finder consumes.

pdfminer's interpretation of a page (content-stream parsing, then pdfplumber's object building) is
most of the cost of reading a table page. pdfium reads the same page some twenty times faster; this
module turns what it reads into what pdfplumber would have built from pdfminer's objects:

  chars   text, x0/x1 from the glyph origin and advance, top/bottom from the baseline, the font's
          descent and the font size (pdfminer's LTChar box), upright
  edges   every painted path split into subpaths and classified as pdfminer's `paint_path` does
          (one segment: a line; a closed axis-aligned four-sided loop: a rect; else a curve through
          its end points), then turned into the edges pdfplumber's own `line_to_edge`,
          `rect_to_edges` and `curve_to_edges` make of them

so that pdfplumber's `TableFinder` (and `pdf_source.page_tables`) runs on them unchanged; a /Rotate
page is turned upright as pdfminer turns it, form XObjects are followed. pdfplumber stays the
reference (`extract_pages(fast=False)`) and still reads any page whose pdfium reading is not known to
match it: `read_page` returns None for a MediaBox not at the origin, an image covering a fifth of the
page or more (OCR decides), a page without characters (blank or scanned), a character that is not
upright (rotated or skewed text: pdfminer boxes it differently) or has no Unicode value, and text
that is not usable (`(cid:…)` garbage).
"""

from __future__ import annotations

import ctypes
import logging
from typing import Any

from disclosure_shared.events import PageText

log = logging.getLogger(__name__)

IMAGE_SHARE = 0.2
"""An image covering this share of the page or more is content (extraction.IMAGE_SHARE): OCR may be
needed, which the reference path decides."""


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class NotReadable(Exception):
    """pdfium's reading of this page is not known to match pdfminer's: the reference path reads it."""


class PdfiumTablePage:
    """The part of a pdfplumber Page that the table finder and `pdf_source.page_tables` use."""

    def __init__(self, number: int, width: float, height: float, chars: list[dict[str, Any]]) -> None:
        self.page_number = number
        self.bbox = (0.0, 0.0, width, height)
        self.width = width
        self.height = height
        self.chars = chars
        self.edges: list[dict[str, Any]] = []

    def find_tables(self) -> list[Any]:
        from pdfplumber.table import TableSettings

        from disclosure_parse.table_finder import find_tables

        return find_tables(self, TableSettings.resolve(None))

    def extract_words(self, **_: Any) -> list[dict[str, Any]]:
        raise NotImplementedError("only the `lines` table strategies are supported on pdfium pages")


def read_page(document: Any, number: int) -> PageText | None:
    """Page `number` (1-based) of a pypdfium2 document: its text and ruled tables, or None when the
    pdfplumber path has to read it (see the module docstring)."""
    try:
        page = document[number - 1]
    except Exception:  # pdfium cannot load it: the reference path decides
        log.debug("pdfium could not load page %d", number, exc_info=True)
        return None
    try:
        return read_loaded_page(page, number)
    finally:
        page.close()


def read_loaded_page(page: Any, number: int) -> PageText | None:
    """`read_page` for page `number` already loaded by pdfium (the caller closes it)."""
    try:
        table_page = _table_page(page, number)
    except NotReadable as reason:
        log.debug("page %d: pdfplumber reads it (%s)", number, reason)
        return None
    except Exception:  # pdfium cannot read it: the reference path decides
        log.debug("pdfium could not read page %d", number, exc_info=True)
        return None
    return page_text(table_page)


def page_text(table_page: PdfiumTablePage) -> PageText | None:
    """The page's text, as pdfplumber's `extract_text` lays it out, and its ruled tables."""
    from disclosure_parse.baselines import level_displaced
    from disclosure_parse.structure.pdf_source import page_tables
    from disclosure_parse.text_layer import usable_text
    from disclosure_parse.text_layout import layout_text

    # digits printed off the CJK baseline are set back on their line, as on the other two paths
    chars = level_displaced(table_page.chars)
    text = layout_text(chars)
    if not usable_text(text):
        return None  # unreadable glyphs: the reference path decides on OCR
    tables = page_tables(table_page, leveled=chars)
    return PageText(number=table_page.page_number, text=text, layer_tables=tables)


def _table_page(page: Any, number: int) -> PdfiumTablePage:
    left, bottom, right, top = page.get_mediabox()
    if left or bottom:
        raise NotReadable("MediaBox not at the origin")
    rotation = _rotation(page.get_rotation(), right, top)
    width, height = (top, right) if rotation[1] else (right, top)
    chars = _chars(page, height, rotation)
    if not chars:
        raise NotReadable("no characters")
    table_page = PdfiumTablePage(number, width, height, chars)
    table_page.edges = _edges(page, width, height, rotation)
    return table_page


def _rotation(degrees: int, width: float, height: float) -> Matrix:
    """The matrix pdfminer starts a page with (`process_page`): a /Rotate page is read upright."""
    rotations: dict[int, Matrix] = {
        0: IDENTITY,
        90: (0.0, -1.0, 1.0, 0.0, 0.0, width),
        180: (-1.0, 0.0, 0.0, -1.0, width, height),
        270: (0.0, 1.0, -1.0, 0.0, height, 0.0),
    }
    if degrees % 360 not in rotations:
        raise NotReadable(f"a page rotated by {degrees} degrees")
    return rotations[degrees % 360]


def _chars(page: Any, height: float, rotation: Matrix) -> list[dict[str, Any]]:
    """pdfplumber char dicts (top-left origin of the page as displayed) for pdfium's characters."""
    from disclosure_parse import pdfium_calls as c

    a, b, _c, d, e, f = rotation
    upright_page = rotation == IDENTITY  # the box's right edge is the rightmost of its corners
    point, at_x = c.out_buffer(c.POINT)
    box, at_box = c.out_buffer(c.RECT)
    at_y = at_x + 8  # the y double follows the x double
    text_object, loose_box, origin = c.char_text_object, c.char_loose_box, c.char_origin
    read_point, read_box, no_text = c.POINT.unpack, c.RECT.unpack, c.NO_TEXT
    # a character's matrix and font size are its text object's (pdfium's CharInfo takes both from
    # it): asked once per text object, with the font's descent
    per_object: dict[int, tuple[float, float]] = {}
    chars: list[dict[str, Any]] = []
    with c.text_page(page) as raw:
        for i, code in c.content_chars(raw):
            if code in no_text:
                raise NotReadable("a character without a Unicode value")
            key = text_object(raw, i) or 0
            known = per_object.get(key)
            if known is None:
                known = per_object[key] = _object_metrics(raw, i, key, rotation)
            size, descent = known
            loose_box(raw, i, at_box)
            origin(raw, i, at_x, at_y)
            x, y = read_point(point)
            origin_x, origin_y = a * x + _c * y + e, b * x + d * y + f
            left, box_top, box_right, box_bottom = read_box(box)
            if upright_page:
                right = max(left, box_right)
            else:
                right = max(a * px + _c * py + e for px in (left, box_right) for py in (box_bottom, box_top))
            char_bottom = height - (origin_y + descent * size)
            char_top = char_bottom - size
            chars.append(
                {
                    "text": chr(code),
                    "x0": origin_x,
                    "x1": right,
                    "top": char_top,
                    "bottom": char_bottom,
                    "doctop": char_top,
                    "upright": True,
                    "size": size,
                }
            )
    return chars


def _object_metrics(raw: int, index: int, text_object: int, rotation: Matrix) -> tuple[float, float]:
    """The font size as shown and the font's unit descent of character `index`'s text object."""
    from disclosure_parse import pdfium_calls as c

    matrix = c.FS_MATRIX()
    if not c.char_matrix(raw, index, c.address(matrix)):
        raise NotReadable("a character without a matrix")
    own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
    shown = own if rotation == IDENTITY else _compose(own, rotation)
    if shown[1] or shown[2] or shown[0] <= 0 or shown[3] <= 0:
        raise NotReadable("a character that is not upright")
    size = c.char_font_size(raw, index) * shown[3]  # Tf size, then the text matrix
    return size, _unit_descent(text_object)


def _unit_descent(text_object: int) -> float:
    """The font's descent per unit of font size (negative below the baseline), as pdfminer reads
    it from the font descriptor."""
    from disclosure_parse import pdfium_calls as c

    font = c.text_object_font(text_object) if text_object else None
    if not font:
        raise NotReadable("a character without a font")
    descent = ctypes.c_float()
    if not c.font_descent(font, 1000.0, c.address(descent)):
        raise NotReadable("a font without metrics")
    return descent.value / 1000.0


def _edges(page: Any, width: float, height: float, rotation: Matrix) -> list[dict[str, Any]]:
    """pdfplumber's `page.edges` for pdfium's path objects: line edges, then rect edges, then curve
    edges, each in drawing order (as pdfplumber lists them)."""
    from pdfplumber.utils.geometry import curve_to_edges

    from disclosure_parse import pdfium_calls as c

    edges = _Edges(height)
    raw = c.handle(page.raw)
    page_objects = [c.page_object(raw, i) for i in range(c.count_objects(raw))]
    image, read_path = c.IMAGE, edges.read_path
    for obj, kind, outer in _painted(page_objects, rotation):
        if kind == image:
            _check_image(obj, outer, width, height)
        else:
            read_path(obj, outer)
    found = edges.lines + edges.rects
    for curve in edges.curves:
        found.extend(curve_to_edges(curve))
    return found


MAX_FORM_DEPTH = 8
"""Form XObjects nested deeper than this are not followed (pdfminer's recursion has its own limit)."""


def _painted(objects: list[int], outer: Matrix, depth: int = 0) -> Any:
    """The path and image objects among `objects`, those inside form XObjects included, each with
    its type and the matrix from its parent's space to page space (a form's children are in form
    space)."""
    from disclosure_parse import pdfium_calls as c

    object_type, painted, form = c.object_type, (c.PATH, c.IMAGE), c.FORM
    for obj in objects:
        kind = object_type(obj)
        if kind in painted:
            yield obj, kind, outer
        elif kind == form:
            if depth >= MAX_FORM_DEPTH:
                raise NotReadable("form XObjects nested too deep")
            children = [c.form_object(obj, i) for i in range(c.count_form_objects(obj))]
            yield from _painted(children, _compose(_matrix(obj), outer), depth + 1)
        # text is read from the text page; shadings are not paths to pdfminer (`sh`)


def _matrix(obj: int) -> Matrix:
    """The object's own matrix (a form XObject's, to its parent's space)."""
    from disclosure_parse import pdfium_calls as c

    matrix = c.FS_MATRIX()
    if not c.object_matrix(obj, c.address(matrix)):
        raise NotReadable("an object without a matrix")
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """`inner` then `outer` (row vectors, as PDF matrices multiply)."""
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _check_image(obj: int, outer: Matrix, width: float, height: float) -> None:
    """NotReadable for an image covering IMAGE_SHARE of the page or more (OCR may be needed)."""
    from disclosure_parse import pdfium_calls as calls

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not calls.object_bounds(obj, *(calls.address(v) for v in (left, bottom, right, top))):
        raise NotReadable("an image without bounds")
    a, b, c, d, e, f = outer
    corners = [
        (a * x + c * y + e, b * x + d * y + f)
        for x in (left.value, right.value)
        for y in (bottom.value, top.value)
    ]
    x0, x1 = max(0.0, min(p[0] for p in corners)), min(width, max(p[0] for p in corners))
    y0, y1 = max(0.0, min(p[1] for p in corners)), min(height, max(p[1] for p in corners))
    if (x1 - x0) * (y1 - y0) >= IMAGE_SHARE * width * height:
        raise NotReadable("a large image")


Point = tuple[float, float]


class _Edges:
    """pdfminer's `paint_path` for each subpath of the paths read, as the edges pdfplumber makes of
    its line, rect or curve (`line_to_edge`, `rect_to_edges`; curves are kept as pdfplumber's curve
    dicts), built directly: the same dicts, keys in the same order, the same arithmetic."""

    def __init__(self, height: float) -> None:
        from disclosure_parse import pdfium_calls as c

        self.height = height
        self.lines: list[dict[str, Any]] = []
        self.rects: list[dict[str, Any]] = []
        self.curves: list[dict[str, Any]] = []
        self._own, self._at_own = c.out_buffer(c.MATRIX)  # a path's own matrix is read into it
        self._object_matrix, self._unpack_matrix = c.object_matrix, c.MATRIX.unpack
        self._segments = c.segments
        self._kinds = (c.MOVETO, c.LINETO, c.BEZIERTO)

    def read_path(self, obj: int, outer: Matrix) -> None:
        """Adds the path object `obj`'s subpaths as pdfminer sees them: operators (m, l, c, h) and
        each one's end point in page space (a curve keeps only its end point, `h` the subpath's
        start). `outer` is its parent's matrix to page space."""
        if not self._object_matrix(obj, self._at_own):
            raise NotReadable("an object without a matrix")
        own: Matrix = self._unpack_matrix(self._own)
        a, b, c_, d, e, f = own if outer == IDENTITY else _compose(own, outer)
        move, line, bezier_to = self._kinds
        shape: list[str] = []
        points: list[Point] = []
        bezier = 0
        for x, y, kind, close in self._segments(obj):
            if kind == bezier_to:
                bezier += 1
                if bezier % 3:
                    continue  # control points: pdfminer keeps a curve's end point only
            point = (a * x + c_ * y + e, b * x + d * y + f)
            if kind == move:
                if shape:
                    self.add("".join(shape), points)
                shape, points = ["m"], [point]
            elif kind == line:
                shape.append("l")
                points.append(point)
            elif kind == bezier_to:
                shape.append("c")
                points.append(point)
            else:
                raise NotReadable("an unknown path segment")
            if close and points:
                shape.append("h")
                points.append(points[0])
        if shape:
            self.add("".join(shape), points)

    def add(self, shape: str, points: list[Point]) -> None:
        if shape[:1] != "m":
            return
        if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
            shape = shape[:-2] + "h"
            points = points[:-1]
        if shape in ("mlh", "ml"):
            self._line(points[0], points[1])
            return
        if shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            )
            if points[0] == points[4] and square:
                self._rect(points[0], points[2])
                return
        curve = _box("curve", points, self.height)
        curve["pts"] = [(px, self.height - py) for px, py in points]
        self.curves.append(curve)

    def _line(self, start: Point, end: Point) -> None:
        """`line_to_edge` of pdfplumber's line dict from `start` to `end`."""
        x0, y0, x1, y1 = _span(start, end)
        height = self.height
        top, bottom = height - y1, height - y0
        self.lines.append(
            {
                "object_type": "line",
                "x0": x0,
                "x1": x1,
                "y0": y0,
                "y1": y1,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "width": x1 - x0,
                "height": y1 - y0,
                "orientation": "h" if top == bottom else "v",
            }
        )

    def _rect(self, corner: Point, opposite: Point) -> None:
        """`rect_to_edges` of pdfplumber's rect dict with these two corners: its top, bottom, left
        and right edges."""
        x0, y0, x1, y1 = _span(corner, opposite)
        top, bottom = self.height - y1, self.height - y0
        width, height = x1 - x0, y1 - y0
        kind = "rect_edge"
        self.rects += (
            {
                "object_type": kind,
                "x0": x0,
                "x1": x1,
                "y0": y1,
                "y1": y1,
                "top": top,
                "bottom": top,
                "doctop": top,
                "width": width,
                "height": 0,
                "orientation": "h",
            },
            {
                "object_type": kind,
                "x0": x0,
                "x1": x1,
                "y0": y0,
                "y1": y0,
                "top": top + height,
                "bottom": bottom,
                "doctop": top + height,
                "width": width,
                "height": 0,
                "orientation": "h",
            },
            {
                "object_type": kind,
                "x0": x0,
                "x1": x0,
                "y0": y0,
                "y1": y1,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "width": 0,
                "height": height,
                "orientation": "v",
            },
            {
                "object_type": kind,
                "x0": x1,
                "x1": x1,
                "y0": y0,
                "y1": y1,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "width": 0,
                "height": height,
                "orientation": "v",
            },
        )


def _span(p: Point, q: Point) -> tuple[float, float, float, float]:
    """x0, y0, x1, y1 of two points as `min` and `max` of each coordinate give them (the first of
    equal values, so that 0.0 and -0.0 come out as pdfplumber's would)."""
    (px, py), (qx, qy) = p, q
    return (
        qx if qx < px else px,
        qy if qy < py else py,
        qx if qx > px else px,
        qy if qy > py else py,
    )


def _box(kind: str, points: list[Point], height: float) -> dict[str, Any]:
    """A pdfplumber object dict with the bounding box of `points` (PDF space, bottom-left origin)."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "top": height - y1,
        "bottom": height - y0,
        "doctop": height - y1,
        "width": x1 - x0,
        "height": y1 - y0,
    }
