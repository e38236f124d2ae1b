"""Per-page text extraction; text exports and HTML documents become pages of their own.

Each page is interpreted once in the whole pipeline: a plain text page (no rules but horizontal ones
and a frame, no image) is read by pdfium (fast_text.py); a page with ruled tables by pdfium too, its
characters and rules handed to pdfplumber's table finder (pdfium_page.py); any page pdfium's reading
is not known to match, by pdfplumber, which also finds its ruled tables from the same page objects.
The tables travel with the text (`PageText.layer_tables`, built into canonical tables by the
structure stage without opening the PDF again).

A page whose text layer is missing or unusable (no characters, `(cid:…)` glyph ids, or a large image
with hardly any text over it: a scan or a table pasted as a picture) is flagged `needs_ocr` and, unless
OCR is disabled, OCR'd here: its text, and the tables rebuilt from its image, then come from the page
image (`method: "ocr"`). Bad PDFs raise a specific InputRejected subclass, so they are dead-lettered
with a clear reason.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException

from disclosure_parse.baselines import leveled_text
from disclosure_parse.fast_text import FastText
from disclosure_parse.pdf_safety import active_content, check_streams
from disclosure_parse.pdfium_page import read_loaded_page
from disclosure_parse.structure.pdf_source import page_tables
from disclosure_parse.text_layer import usable_text
from disclosure_shared.errors import (
    CorruptPdf,
    EmptyDocument,
    EncryptedPdf,
    NotADisclosure,
    PipelineError,
    TooComplex,
    TooManyPages,
    short,
)
from disclosure_shared.events import PageTable, PageText
from disclosure_shared.settings import Limits, MiB

log = logging.getLogger(__name__)

PDF_TYPE = "application/pdf"
IMAGE_SHARE = 0.2
"""An image covering at least this share of the page is content, not decoration (a seal, a logo)."""
TEXT_OVER_IMAGE = 20
"""Fewer text-layer characters than this over such an image: the text layer does not cover it."""


Box = tuple[float, float, float, float]
"""x0, top, x1, bottom in PDF points from the page's top-left corner."""


@dataclass(frozen=True)
class Extraction:
    """A document's pages, and the active content it carries (PDFs only: [] for other documents;
    None when not looked for)."""

    pages: list[PageText]
    active_content: list[str] | None


def extract_pages(
    data: bytes, content_type: str, limits: Limits, sha256: str | None = None, fast: bool = True
) -> list[PageText]:
    """Every page's text, in page order. `fast`: plain text pages are read by pdfium (fast_text.py);
    without it every page takes the pdfplumber path (the reference)."""
    return extract_document(data, content_type, limits, sha256, fast, look_for_active=False).pages


def extract_document(
    data: bytes,
    content_type: str,
    limits: Limits,
    sha256: str | None = None,
    fast: bool = True,
    look_for_active: bool = True,
) -> Extraction:
    """Every page's text, in page order, and the active content the document carries, looked for in
    the PDF opened for its pages (pdf_safety; opening it again would parse its cross-reference
    tables again)."""
    if content_type != PDF_TYPE:
        return Extraction(text_pages(data, content_type, limits, sha256), [])
    with open_pdf_checked(data, limits, sha256) as pdf:
        fast_text = _fast_text(data, len(pdf.pages)) if fast else None
        try:
            pages, regions = _read_pages(pdf, limits, sha256, fast_text)
        finally:
            if fast_text is not None:
                fast_text.close()
        found = _active_content(pdf, data) if look_for_active else None
    if any(p.needs_ocr for p in pages):
        pages = ocr_pages(data, pages, limits, regions)
    return Extraction(pages, found)


def _active_content(pdf: PDF, data: bytes) -> list[str]:
    """The active content of the open PDF; [] when it cannot be looked at (advisory: a damaged
    object says so where a page needs it)."""
    try:
        return active_content(pdf.doc, data)
    except Exception as exc:
        log.warning("active content check failed: %s", exc)
        return []


def _fast_text(data: bytes, count: int) -> FastText | None:
    """pdfium's view of a PDF pdfplumber opened, or None when pdfium reads it differently."""
    try:
        fast = FastText(data)
    except Exception:  # pdfium refuses it: pdfplumber reads every page
        log.debug("pdfium could not open the PDF", exc_info=True)
        return None
    if len(fast) != count:
        fast.close()
        return None
    return fast


def _read_pages(
    pdf: PDF, limits: Limits, sha256: str | None, fast: FastText | None = None
) -> tuple[list[PageText], dict[int, list[Box]]]:
    """Each page's text layer, its ruled tables, and the pictures it does not cover: every page is
    interpreted once in the whole pipeline (the structure stage builds on these tables), and closed
    once read, so memory stays flat however many pages the document has. A plain text page that
    pdfium reads (`fast`) is not interpreted by pdfminer at all."""
    pages: list[PageText] = []
    regions: dict[int, list[Box]] = {}
    try:
        for number, page in enumerate(pdf.pages, start=1):
            plain = fast.plain_text(number - 1) if fast is not None else None
            read = _pdfium_table_page(fast, number) if fast is not None and plain is None else None
            if plain is not None and usable_text(plain):
                pages.append(PageText(number=number, text=plain, layer_tables=[]))
            elif read is not None:  # a table page pdfium read (pdfium_page.py)
                pages.append(read)
            else:
                pages.append(page_text(number, page))
            _check_size(pages[-1], limits, sha256)
            if pages[-1].layer_tables is None:  # read by pdfplumber: its tables from the same objects
                if pages[-1].needs_ocr and usable_text(pages[-1].text):
                    regions[number] = uncovered_images(page)
                pages[-1].layer_tables = layer_tables(page)
                page.close()
    except (PipelineError, MemoryError):
        raise
    except Exception as exc:  # pdfminer's own errors on a damaged file: a reason, not a class name
        raise CorruptPdf(f"the PDF cannot be read: {short(exc)}", sha256=sha256) from exc
    return pages, regions


def _pdfium_table_page(fast: FastText, number: int) -> PageText | None:
    """A table page read by pdfium (pdfium_page.py), from the page `plain_text` left loaded."""
    try:
        page = fast.page(number - 1)
    except Exception:  # pdfium cannot load it: pdfplumber reads it
        log.debug("pdfium could not load page %d", number, exc_info=True)
        return None
    return read_loaded_page(page, number)


def _check_size(page: PageText, limits: Limits, sha256: str | None) -> None:
    if len(page.text) > limits.max_page_chars:
        raise TooComplex(
            f"page {page.number} carries {len(page.text)} characters of text; "
            f"the limit is {limits.max_page_chars}",
            sha256=sha256,
        )


def ocr_pages(
    data: bytes, pages: list[PageText], limits: Limits, regions: dict[int, list[Box]] | None = None
) -> list[PageText]:
    """The pages flagged `needs_ocr` read from their image; the others as they are. A page with a
    usable text layer and pictures it does not cover (`regions`) keeps its text, and gains the OCR
    of those pictures: their text after it, and their tables."""
    if not limits.ocr_enabled:
        return [p.model_copy(update={"ocr_note": "OCR is disabled"}) if p.needs_ocr else p for p in pages]
    import pypdfium2 as pdfium  # only documents with image pages pay for the OCR imports

    regions = regions or {}
    document = pdfium.PdfDocument(data)
    try:
        return [ocr_page(document, p, limits, regions.get(p.number)) if p.needs_ocr else p for p in pages]
    finally:
        document.close()


def raster_dpi(size: tuple[float, float], dpi: int, max_pixels: int) -> int:
    """The OCR resolution for a page of `size` points: `dpi`, lowered so that the page image stays
    within `max_pixels` (a 14400 pt page at 200 dpi would be 1.6 billion pixels)."""
    width, height = max(size[0], 1.0), max(size[1], 1.0)
    fitting = int(72 * (max_pixels / (width * height)) ** 0.5)
    return max(1, min(dpi, fitting))


def ocr_page(document: Any, page: PageText, limits: Limits, regions: list[Box] | None = None) -> PageText:
    """One page OCR'd within the page time limit; past it, or on an engine failure, the page keeps
    `needs_ocr` and says why in `ocr_note`, and the rest of the document goes on."""
    from disclosure_parse.ocr import Deadline, OcrTimeout, ocr_pdf_page

    try:
        pdf_page = document[page.number - 1]
        dpi = raster_dpi(pdf_page.get_size(), limits.ocr_dpi, limits.max_raster_pixels)
        result = ocr_pdf_page(pdf_page, dpi, Deadline(limits.ocr_page_seconds), regions)
    except OcrTimeout as exc:
        log.warning("page %d: %s", page.number, exc)
        return page.model_copy(update={"text": "", "ocr_note": str(exc)})
    except Exception as exc:  # one unreadable page image must not lose the document
        log.warning("page %d: OCR failed: %s", page.number, exc)
        return page.model_copy(update={"ocr_note": f"OCR failed: {type(exc).__name__}: {exc}"[:300]})
    text = "\n".join(t for t in (page.text, result.text) if t) if regions else result.text
    return PageText(
        number=page.number, text=text, method="ocr", ocr_tables=result.tables, layer_tables=page.layer_tables
    )


@contextmanager
def open_pdf_checked(data: bytes, limits: Limits, sha256: str | None = None) -> Iterator[PDF]:
    """Open a PDF within the page limit or raise the specific reason it cannot be read (InputRejected)."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises a wide range of errors on damaged files
        raise _open_error(exc, sha256) from exc
    try:
        count = _page_count(pdf, sha256)
        if count == 0:
            raise EmptyDocument("the PDF has no pages", sha256=sha256)
        if count > limits.max_pages:
            raise TooManyPages(f"the PDF has {count} pages; the limit is {limits.max_pages}", sha256=sha256)
        check_area(pdf, limits, sha256)
        check_streams(data, limits.max_stream_mb * MiB, sha256)
        yield pdf
    finally:
        try:
            pdf.close()
        except Exception:  # closing a damaged file may fail too; the first error is the one to report
            log.debug("closing the PDF failed", exc_info=True)


A4_AREA = 595 * 842


def check_area(pdf: PDF, limits: Limits, sha256: str | None) -> None:
    """TooComplex when the pages together are larger than `max_pages` A3 pages (a few giant pages
    cost what thousands of ordinary ones do, in every table search and in any page image)."""
    limit = limits.max_pages * 2 * A4_AREA
    area = 0.0
    for page in pdf.pages:
        area += float(page.width) * float(page.height)
        if area > limit:
            raise TooComplex(
                f"the pages measure more than {limits.max_pages} A3 pages together", sha256=sha256
            )


def _open_error(exc: Exception, sha256: str | None) -> Exception:
    """The specific rejection for a PDF that would not open (pdfplumber wraps pdfminer's errors)."""
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return EncryptedPdf(f"the PDF is encrypted with a password ({type(cause).__name__})", sha256=sha256)
    detail = f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
    return CorruptPdf(f"the PDF cannot be parsed: {detail}", sha256=sha256)


def _page_count(pdf: PDF, sha256: str | None) -> int:
    try:
        return len(pdf.pages)
    except Exception as exc:
        raise CorruptPdf(f"the page tree is damaged: {type(exc).__name__}: {exc}", sha256=sha256) from exc


def page_text(number: int, page: pdfplumber.page.Page) -> PageText:
    try:
        text = leveled_text(page)
    except Exception:  # one damaged page must not lose the document; OCR may still read it
        text = ""
    if not text.strip() and blank(page):
        return PageText(number=number, text=text)  # nothing to read, by text layer or by OCR
    return PageText(number=number, text=text, needs_ocr=not usable_text(text) or image_not_covered(page))


def layer_tables(page: pdfplumber.page.Page) -> list[PageTable] | None:
    """The page's ruled tables from its already-parsed objects; None when the table finder fails
    (the structure stage then reads the page itself and reports what it cannot)."""
    try:
        return page_tables(page)
    except Exception:  # a damaged page must not lose the document's text
        log.debug("table finding failed on page %d", page.page_number, exc_info=True)
        return None


BLANK_DRAWING = 10
"""A page with no characters, no images and fewer vector objects than this is blank (text drawn as
outlines makes hundreds of curves, so such a page still goes to OCR)."""


def blank(page: pdfplumber.page.Page) -> bool:
    """No characters, no images, hardly any drawing: an empty page (the back of a cover, a separator)."""
    try:
        objects = page.objects
        drawing = sum(len(objects.get(kind, ())) for kind in ("curve", "rect", "line"))
        return not objects.get("char") and not objects.get("image") and drawing < BLANK_DRAWING
    except Exception:  # a page we cannot inspect is not known to be blank
        return False


def image_not_covered(page: pdfplumber.page.Page) -> bool:
    """True when a large image carries content the text layer lacks: a scanned page (perhaps with a
    text-layer page number) or a table pasted as a picture. A background image under real text, or a
    seal or logo (small), does not count."""
    return bool(uncovered_images(page))


def uncovered_images(page: pdfplumber.page.Page) -> list[Box]:
    """Boxes of the images covering IMAGE_SHARE of the page or more with hardly any text over them."""
    found: list[Box] = []
    try:
        width, height = float(page.width), float(page.height)
        for image in page.images:
            x0, x1 = max(0.0, float(image["x0"])), min(width, float(image["x1"]))
            top, bottom = max(0.0, float(image["top"])), min(height, float(image["bottom"]))
            if (x1 - x0) * (bottom - top) < IMAGE_SHARE * width * height:
                continue
            over = sum(
                1
                for c in page.chars
                if x0 <= (float(c["x0"]) + float(c["x1"])) / 2 <= x1
                and top <= (float(c["top"]) + float(c["bottom"])) / 2 <= bottom
                and not str(c["text"]).isspace()
            )
            if over < TEXT_OVER_IMAGE:
                found.append((x0, top, x1, bottom))
    except Exception:  # a damaged image dictionary: judge the page by its text alone
        return []
    return found


def text_pages(data: bytes, content_type: str, limits: Limits, sha256: str | None = None) -> list[PageText]:
    """A text export: one page per form feed (exports rarely keep page breaks). An HTML document:
    its text in reading order and its <table>s as grids (html_pages.py)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise NotADisclosure("the text export is neither UTF-8 nor GB18030", sha256=sha256) from exc
    if content_type == "text/html":
        from disclosure_parse.html_pages import html_pages  # PDFs, most inputs, do without it

        return html_pages(text, limits, sha256)
    chunks = text.split("\f")
    pages = [PageText(number=i, text=chunk.strip("\n")) for i, chunk in enumerate(chunks, start=1)]
    if not any(p.text.strip() for p in pages):
        raise EmptyDocument("the export has no text", sha256=sha256)
    return pages
