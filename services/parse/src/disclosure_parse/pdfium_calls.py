"""pdfium's C functions with plain integer handles, for the loops over a page's characters and paths.

pypdfium2's bindings type every handle as its own pointer class: each call checks and converts its
arguments and builds a pointer object for a handle it returns, which is most of the cost of walking
a table page's thousands of path segments. The prototypes here call the same functions of the same
library (their addresses taken from pypdfium2's bindings) with `c_void_p` handles and addresses:
ints in, ints out (None for a NULL handle).
"""

from __future__ import annotations

import ctypes
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


TEXT = pdfium_c.FPDF_PAGEOBJ_TEXT
PATH = pdfium_c.FPDF_PAGEOBJ_PATH
IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE
FORM = pdfium_c.FPDF_PAGEOBJ_FORM
MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO
LINETO = pdfium_c.FPDF_SEGMENT_LINETO
BEZIERTO = pdfium_c.FPDF_SEGMENT_BEZIERTO
FS_MATRIX = pdfium_c.FS_MATRIX
FS_RECTF = pdfium_c.FS_RECTF

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
