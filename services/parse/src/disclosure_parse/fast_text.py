"""Page text of plain pages from pdfium, without pdfminer's interpretation of the page.

pdfminer's content-stream parsing is most of the cost of reading a page with pdfplumber, and a page
of running text (no ruling but horizontal lines and one frame, no image, no form XObject, not rotated)
has no ruled table and
nothing for OCR: all the pipeline needs from it is its text. pdfium reads those characters some
twenty times faster; the text is then laid out by pdfplumber's line and word grouping
(`chars_to_textmap`, done by text_layout.py) from the same character boxes pdfminer would give
(origin, advance, font size),
so it reads as pdfplumber's `extract_text` does (digits displaced from their line set back on it
first, as on the other path: baselines.py). Every other page, and every page pdfium cannot read,
takes the pdfplumber path (`extraction._read_pages`), which stays the reference.
"""

from __future__ import annotations

import ctypes
import logging
from typing import Any

from disclosure_parse.baselines import level_displaced

log = logging.getLogger(__name__)

DESCENT = 0.2
"""A glyph box's bottom below the baseline, as a share of the font size (pdfminer uses the font's
descent; only the relative position of characters on a page matters to the line grouping)."""


class FastText:
    """A PDF opened with pdfium, answering `plain_text(index)` for the pages it can read alone."""

    def __init__(self, data: bytes) -> None:
        import pypdfium2 as pdfium

        self._document: Any = pdfium.PdfDocument(data)
        self._kept: tuple[int, Any] | None = None
        """The last page `plain_text` loaded and found not plain: the table page reader loads the
        same page next, and a page load parses its content stream (a few ms)."""

    def __enter__(self) -> FastText:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._release()
        self._document.close()

    def __len__(self) -> int:
        return len(self._document)

    @property
    def document(self) -> Any:
        """The pypdfium2 document (pdfium_page reads the table pages from it)."""
        return self._document

    def page(self, index: int) -> Any:
        """Page `index` (0-based) loaded by pdfium; it stays open until another page is loaded here
        or the document is closed (the caller does not close it)."""
        if self._kept is not None and self._kept[0] == index:
            return self._kept[1]
        self._release()
        page = self._document[index]
        self._kept = (index, page)
        return page

    def _release(self) -> None:
        if self._kept is not None:
            self._kept[1].close()
            self._kept = None

    def plain_text(self, index: int) -> str | None:
        """The text of page `index` (0-based) when it is a plain text page; None when it needs the
        pdfplumber path (tables, images, drawings, rotation, no usable characters, a pdfium error)."""
        try:
            page = self.page(index)
            if page.get_rotation() or not _plain(page):
                return None  # the page stays loaded for the table page reader
            text = _text(page)
            self._release()
            return text
        except Exception:  # pdfium cannot read it: the reference path decides
            self._release()
            log.debug("pdfium could not read page %d", index + 1, exc_info=True)
            return None


FLAT = 1.0
"""A path drawn within this height (points) holds no vertical rule: a horizontal line under a heading."""
FRAME_SEGMENTS = 5
"""A path of at most this many segments is one rectangle at most (move, three or four lines)."""


def _plain(page: Any) -> bool:
    """Nothing a ruled table could be made of: text objects, horizontal rules, and at most one
    rectangle (a page frame or background; pdfplumber keeps no table of a single cell, and a table
    needs vertical rules). An image or a form XObject sends the page to the pdfplumber path too."""
    from disclosure_parse import pdfium_calls as c

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    corners = tuple(c.address(v) for v in (left, bottom, right, top))
    raw = c.handle(page.raw)
    frames = 0
    for i in range(c.count_objects(raw)):
        obj = c.page_object(raw, i)
        kind = c.object_type(obj)
        if kind == c.TEXT:
            continue
        if kind != c.PATH:
            return False
        if not c.object_bounds(obj, *corners):
            return False
        if top.value - bottom.value < FLAT:
            continue
        frames += 1
        if frames > 1 or c.count_segments(obj) > FRAME_SEGMENTS:
            return False
    return True


def _text(page: Any) -> str | None:
    from disclosure_parse.text_layout import layout_text

    chars = level_displaced(_chars(page))
    if not chars:
        return None  # nothing to read: blank or image-only pages are judged by the reference path
    return layout_text(chars)


def _chars(page: Any) -> list[dict[str, Any]]:
    """The page's characters as pdfplumber char dicts (top-left origin), those without a Unicode
    value left out."""
    from disclosure_parse import pdfium_calls as c

    left, _, _, top = page.get_mediabox()
    point, at_x = c.out_buffer(c.POINT)
    box, at_box = c.out_buffer(c.RECT)
    at_y, read_point, read_box = at_x + 8, c.POINT.unpack, c.RECT.unpack  # y follows x
    text_object, loose_box, origin, font_size = (
        c.char_text_object,
        c.char_loose_box,
        c.char_origin,
        c.char_font_size,
    )
    no_text = c.NO_TEXT
    sizes: dict[int, float] = {}  # a character's font size is its text object's: asked once per object
    chars: list[dict[str, Any]] = []
    with c.text_page(page) as raw:
        for i, code in c.content_chars(raw):
            if code in no_text:
                continue
            key = text_object(raw, i) or 0
            size = sizes.get(key)
            if size is None:
                size = font_size(raw, i)
                if key:
                    sizes[key] = size
            loose_box(raw, i, at_box)
            origin(raw, i, at_x, at_y)
            x, y = read_point(point)
            box_right = read_box(box)[2]
            char_bottom = top - y + size * DESCENT
            char_top = char_bottom - size
            chars.append(
                {
                    "text": chr(code),
                    "x0": x - left,
                    "x1": box_right - left,
                    "top": char_top,
                    "bottom": char_bottom,
                    "doctop": char_top,
                    "upright": True,
                }
            )
    return chars
