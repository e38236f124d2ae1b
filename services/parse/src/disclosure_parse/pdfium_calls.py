"""pdfium's C functions with plain integer handles, for the loops over a page's characters and paths.

pypdfium2's bindings type every handle as its own pointer class: each call checks and converts its
arguments and builds a pointer object for a handle it returns, which is most of the cost of walking
a table page's thousands of path segments. The prototypes here call the same functions of the same
library (their addresses taken from pypdfium2's bindings) with `c_void_p` handles and addresses:
ints in, ints out (None for a NULL handle).
"""

from __future__ import annotations

import ctypes
import functools
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from ctypes import c_double, c_float, c_int, c_uint, c_ulong, c_void_p
from typing import Any

import pypdfium2.raw as pdfium_c


def handle(pointer: Any) -> int:
    """The address a pypdfium2 handle (`page.raw`, `textpage.raw`) points to."""
    return ctypes.cast(pointer, c_void_p).value or 0


def _c(function: Any, restype: Any, *argtypes: Any) -> Any:
    return ctypes.CFUNCTYPE(restype, *argtypes)(handle(function))


def address(value: Any) -> int:
    """Where a ctypes value lives, passed for an out-parameter."""
    return ctypes.addressof(value)


def out_buffer(layout: struct.Struct) -> tuple[bytearray, int]:
    """A buffer for out-parameters laid out as `layout` (read back with `layout.unpack`), and its
    address."""
    data = bytearray(layout.size)
    return data, ctypes.addressof((ctypes.c_char * layout.size).from_buffer(data))


TEXT = pdfium_c.FPDF_PAGEOBJ_TEXT
PATH = pdfium_c.FPDF_PAGEOBJ_PATH
IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE
FORM = pdfium_c.FPDF_PAGEOBJ_FORM
MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO
LINETO = pdfium_c.FPDF_SEGMENT_LINETO
BEZIERTO = pdfium_c.FPDF_SEGMENT_BEZIERTO
FS_MATRIX = pdfium_c.FS_MATRIX
FS_RECTF = pdfium_c.FS_RECTF
MATRIX = struct.Struct("=6f")
"""An FS_MATRIX (a, b, c, d, e, f), read at once rather than field by field."""
RECT = struct.Struct("=4f")
"""An FS_RECTF (left, top, right, bottom)."""
POINT = struct.Struct("=dd")
"""The x and y doubles of FPDFText_GetCharOrigin, written side by side."""

count_chars = _c(pdfium_c.FPDFText_CountChars, c_int, c_void_p)
is_generated = _c(pdfium_c.FPDFText_IsGenerated, c_int, c_void_p, c_int)
char_unicode = _c(pdfium_c.FPDFText_GetUnicode, c_uint, c_void_p, c_int)
char_matrix = _c(pdfium_c.FPDFText_GetMatrix, c_int, c_void_p, c_int, c_void_p)
char_text_object = _c(pdfium_c.FPDFText_GetTextObject, c_void_p, c_void_p, c_int)
char_loose_box = _c(pdfium_c.FPDFText_GetLooseCharBox, c_int, c_void_p, c_int, c_void_p)
char_origin = _c(pdfium_c.FPDFText_GetCharOrigin, c_int, c_void_p, c_int, c_void_p, c_void_p)
char_font_size = _c(pdfium_c.FPDFText_GetFontSize, c_double, c_void_p, c_int)
text_object_font = _c(pdfium_c.FPDFTextObj_GetFont, c_void_p, c_void_p)
font_descent = _c(pdfium_c.FPDFFont_GetDescent, c_int, c_void_p, c_float, c_void_p)

count_objects = _c(pdfium_c.FPDFPage_CountObjects, c_int, c_void_p)
page_object = _c(pdfium_c.FPDFPage_GetObject, c_void_p, c_void_p, c_int)
object_type = _c(pdfium_c.FPDFPageObj_GetType, c_int, c_void_p)
object_matrix = _c(pdfium_c.FPDFPageObj_GetMatrix, c_int, c_void_p, c_void_p)
object_bounds = _c(pdfium_c.FPDFPageObj_GetBounds, c_int, c_void_p, c_void_p, c_void_p, c_void_p, c_void_p)
count_form_objects = _c(pdfium_c.FPDFFormObj_CountObjects, c_int, c_void_p)
form_object = _c(pdfium_c.FPDFFormObj_GetObject, c_void_p, c_void_p, c_ulong)

count_segments = _c(pdfium_c.FPDFPath_CountSegments, c_int, c_void_p)
path_segment = _c(pdfium_c.FPDFPath_GetPathSegment, c_void_p, c_void_p, c_int)
segment_type = _c(pdfium_c.FPDFPathSegment_GetType, c_int, c_void_p)
segment_point = _c(pdfium_c.FPDFPathSegment_GetPoint, c_int, c_void_p, c_void_p, c_void_p)
segment_close = _c(pdfium_c.FPDFPathSegment_GetClose, c_int, c_void_p)

new_path = _c(pdfium_c.FPDFPageObj_CreateNewPath, c_void_p, c_float, c_float)
path_line_to = _c(pdfium_c.FPDFPath_LineTo, c_int, c_void_p, c_float, c_float)
path_bezier_to = _c(
    pdfium_c.FPDFPath_BezierTo, c_int, c_void_p, c_float, c_float, c_float, c_float, c_float, c_float
)
path_close = _c(pdfium_c.FPDFPath_Close, c_int, c_void_p)
destroy_object = _c(pdfium_c.FPDFPageObj_Destroy, None, c_void_p)

LINE_BREAKS = (0x0D, 0x0A)
SPACE = 0x20
"""pdfium generates spaces and line breaks only (`CPDF_TextPage::GenerateCharInfo` and the gaps it
fills): any other character is in the content, without asking `FPDFText_IsGenerated`."""
NO_TEXT = (0, 0xFFFE, 0xFFFF)
"""What pdfium answers for a character without a Unicode value."""


@contextmanager
def text_page(page: Any) -> Iterator[int]:
    """The handle of pdfium's text page of a loaded page, closed after use."""
    textpage = page.get_textpage()
    try:
        yield handle(textpage.raw)
    finally:
        textpage.close()


def content_chars(raw: int) -> Iterator[tuple[int, int]]:
    """(index, Unicode value) of each character the text page `raw` shows, pdfium's generated spaces
    and line breaks left out (pdfplumber adds its own from the gaps between characters)."""
    unicode, generated = char_unicode, is_generated
    for i in range(count_chars(raw)):
        code = unicode(raw, i)
        if code in LINE_BREAKS or (code == SPACE and generated(raw, i)):
            continue
        yield i, code


Segment = tuple[float, float, int, int]
"""A path segment: its point (path space), its type (MOVETO, LINETO, BEZIERTO) and whether it closes
its subpath."""

SEGMENT = struct.Struct("=ffBB2x")
"""pdfium's `CFX_Path::Point` as laid out in memory: a CFX_PointF (two floats), its type (a uint8_t
enum: kLine 0, kBezier 1, kMove 2, pdfium's FPDF_SEGMENT_* values) and the close flag (a bool),
padded to 12 bytes. `FPDFPath_GetPathSegment` answers the address of a path's point in the
std::vector holding them, so one read gives every segment: four calls per segment become three
per path. `segments_in_memory` checks the layout on a path of known segments first."""


def segments(path: int) -> list[Segment]:
    """Every segment of the path object `path`, in order; a segment pdfium cannot answer for has the
    type -1 (FPDF_SEGMENT_UNKNOWN)."""
    count = count_segments(path)
    if count <= 0:
        return []
    if segments_in_memory():
        first = path_segment(path, 0)
        size = SEGMENT.size
        if first and path_segment(path, count - 1) == first + size * (count - 1):
            return list(SEGMENT.iter_unpack(ctypes.string_at(first, size * count)))
    return asked_segments(path, count)


def asked_segments(path: int, count: int) -> list[Segment]:
    """`segments` through pdfium's functions, four calls per segment."""
    x, y = c_float(), c_float()
    at_x, at_y = address(x), address(y)
    found: list[Segment] = []
    for index in range(count):
        segment = path_segment(path, index)
        kind = segment_type(segment) if segment_point(segment, at_x, at_y) else -1
        found.append((x.value, y.value, kind, segment_close(segment)))
    return found


@functools.cache
def segments_in_memory() -> bool:
    """Whether this pdfium's path points read from memory (SEGMENT) are what its functions answer,
    checked on a path built with every kind of segment and a closed subpath."""
    path = new_path(1.5, -2.25)
    if not path:
        return False
    try:
        built = (
            path_line_to(path, 3.125, 4.0)
            and path_bezier_to(path, 5.5, 6.5, -7.75, 8.0, 9.25, 10.5)
            and path_close(path)
            and path_line_to(path, 11.0, 12.125)
        )
        count = count_segments(path)
        if not built or count != 6:
            return False
        first = path_segment(path, 0)
        if not first or path_segment(path, count - 1) != first + SEGMENT.size * (count - 1):
            return False
        read = list(SEGMENT.iter_unpack(ctypes.string_at(first, SEGMENT.size * count)))
        expected = [
            (1.5, -2.25, MOVETO, 0),
            (3.125, 4.0, LINETO, 0),
            (5.5, 6.5, BEZIERTO, 0),
            (-7.75, 8.0, BEZIERTO, 0),
            (9.25, 10.5, BEZIERTO, 1),
            (11.0, 12.125, LINETO, 0),
        ]
        return read == expected and asked_segments(path, count) == expected
    finally:
        destroy_object(path)
