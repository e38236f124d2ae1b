"""A cited PDF page rendered as PNG, with the finding's evidence highlighted.

Evidence that carries its bounding box (a table row the parser placed on the page) is shaded there,
and the value it quotes is boxed where that line prints it. Evidence without one is found by
searching the page's text layer (pdfium) for what it prints: for a table row
("30112 其他社会保障缴费 total=216087") the row's code and name mark the row, which is shaded
across the page, and the value printed on that row is boxed; for narrative evidence each clause of
the sentence that the page contains is shaded.
pdfium is not thread-safe: every use goes through one lock, off the event loop.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from disclosure_shared.records import BBox

SCALE = 1.6  # ~115 dpi: digits of 9pt table text stay legible
MAX_TERMS = 12
_PDFIUM = threading.Lock()

# "<code> <name> <column>=<value>": how the validator prints a table cell as evidence.
_CELL = re.compile(
    r"^(?:(?P<code>[0-9A-Za-z]{3,})\s+)?(?P<name>.+?)\s+(?P<column>\w+)=(?P<value>-?[0-9.,]+)$"
)
_CLAUSE = re.compile(r"[，。；：、,;:！？!?\s（）()“”\"]+")

Rect = tuple[float, float, float, float]  # left, top, right, bottom in image pixels


class PageNotFound(LookupError):
    """The document has no such page, or is not a PDF."""


@dataclass
class Highlights:
    """What to look for on a page: table cells (row anchor + value) and free text."""

    cells: list[tuple[str | None, str, str | None]] = field(default_factory=list)  # code, name, value
    texts: list[str] = field(default_factory=list)
    boxes: list[tuple[BBox, str | None]] = field(default_factory=list)
    """Where the parser says the evidence is (PDF points, top-left origin), and the value it quotes."""

    def add_evidence(self, text: str, bbox: BBox | None = None) -> None:
        match = _CELL.match(text.strip())
        if bbox is not None:
            self.boxes.append((bbox, match["value"] if match else None))
        elif match:
            self.cells.append((match["code"], match["name"].strip(), match["value"]))
        elif text.strip():
            self.texts.append(text.strip())

    def add_row(self, row: str) -> None:
        """A finding's location row: a code, or a printed row name."""
        if re.fullmatch(r"[0-9]{3,}", row):
            self.cells.append((row, "", None))
        else:
            self.texts.append(row)


@dataclass(frozen=True)
class RenderedPage:
    png: bytes
    found: int
    """How many highlight rectangles were drawn (0: nothing of the evidence was found on the page)."""


def value_forms(printed: str) -> list[str]:
    """The ways a value may be printed: as given, with thousands separators, with two decimals."""
    forms = [printed]
    try:
        number = Decimal(printed.replace(",", ""))
    except InvalidOperation:
        return forms
    forms += [f"{number:,}", f"{number:,.2f}", f"{number:.2f}"]
    return list(dict.fromkeys(f for f in forms if f))


def render(pdf_bytes: bytes, page_number: int, highlights: Highlights) -> RenderedPage:
    with _PDFIUM:
        return _render(pdf_bytes, page_number, highlights)


def page_count(pdf_bytes: bytes) -> int:
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(pdf_bytes)
        except pdfium.PdfiumError as exc:
            raise PageNotFound(f"not a readable PDF: {exc}") from exc
        try:
            return len(document)
        finally:
            document.close()


def _render(pdf_bytes: bytes, page_number: int, highlights: Highlights) -> RenderedPage:
    try:
        document = pdfium.PdfDocument(pdf_bytes)
    except pdfium.PdfiumError as exc:
        raise PageNotFound(f"not a readable PDF: {exc}") from exc
    try:
        if not 1 <= page_number <= len(document):
            raise PageNotFound(f"page {page_number} of {len(document)}")
        page = document[page_number - 1]
        image = page.render(scale=SCALE).to_pil().convert("RGB")
        finder = _Finder(page.get_textpage(), page.get_height())
        bands, boxes = finder.locate(highlights)
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for left, top, right, bottom in bands:
            draw.rectangle((left - 3, top - 3, right + 3, bottom + 3), fill=(255, 214, 0, 90))
        for left, top, right, bottom in boxes:
            draw.rectangle((left - 4, top - 4, right + 4, bottom + 4), outline=(220, 20, 60, 255), width=3)
        combined = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
        out = io.BytesIO()
        combined.save(out, format="PNG")  # optimize=True triples the time for ~2% smaller files
        return RenderedPage(out.getvalue(), len(bands) + len(boxes))
    finally:
        document.close()


class _Finder:
    def __init__(self, textpage: pdfium.PdfTextPage, height: float) -> None:
        self.textpage = textpage
        self.height = height

    def search(self, text: str, whole_word: bool = False) -> list[Rect]:
        rects: list[Rect] = []
        if not text:
            return rects
        searcher = self.textpage.search(text, match_case=False, match_whole_word=whole_word)
        for _ in range(50):  # bounded: a short term can occur many times on a page
            occurrence = searcher.get_next()
            if not occurrence:
                break
            index, count = occurrence
            parts = [self.textpage.get_rect(i) for i in range(self.textpage.count_rects(index, count))]
            if parts:
                left = min(p[0] for p in parts)
                bottom = min(p[1] for p in parts)
                right = max(p[2] for p in parts)
                top = max(p[3] for p in parts)
                rects.append(self._pixels((left, bottom, right, top)))
        return rects

    def _pixels(self, box: tuple[float, float, float, float]) -> Rect:
        left, bottom, right, top = box
        return (left * SCALE, (self.height - top) * SCALE, right * SCALE, (self.height - bottom) * SCALE)

    def locate(self, highlights: Highlights) -> tuple[list[Rect], list[Rect]]:
        bands: list[Rect] = []
        boxes: list[Rect] = []
        for (x0, top, x1, bottom), value in highlights.boxes[:MAX_TERMS]:
            band = (x0 * SCALE, top * SCALE, x1 * SCALE, bottom * SCALE)
            bands.append(band)
            forms = value_forms(value) if value else []
            boxes.extend([r for form in forms for r in self.search(form) if _same_line(r, band)][:4])
        for code, name, value in highlights.cells[:MAX_TERMS]:
            anchors = self._row_anchors(code, name)
            for anchor in anchors:
                row_values = [
                    rect
                    for form in (value_forms(value) if value else [])
                    for rect in self.search(form)
                    if _same_line(rect, anchor)
                ]
                right = max([anchor[2], *(r[2] for r in row_values)])
                bands.append((anchor[0], anchor[1], right, anchor[3]))
                boxes.extend(row_values[:4])  # the value may be printed in several columns: box each
        for text in highlights.texts[:MAX_TERMS]:
            found = self.search(text)
            if not found:  # a sentence wraps across lines: look for its clauses one by one
                found = [r for clause in _clauses(text) for r in self.search(clause)]
            bands.extend(found[:MAX_TERMS])
        return bands, boxes

    def _row_anchors(self, code: str | None, name: str) -> list[Rect]:
        """Where the row is: its code and name on one line; either alone when that is all there is."""
        codes = self.search(code, whole_word=True) if code else []
        names = self.search(name) if name else []
        paired = [c for c in codes if any(_same_line(c, n) for n in names)]
        anchors = paired or codes or names
        return anchors[:3]


def _same_line(a: Rect, b: Rect) -> bool:
    middle = (a[1] + a[3]) / 2
    return b[1] - 2 <= middle <= b[3] + 2


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if len(c) >= 4][:MAX_TERMS]
