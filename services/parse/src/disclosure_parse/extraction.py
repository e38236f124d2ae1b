"""Per-page text extraction with pdfplumber; text/HTML exports become pages of their own.

A page whose text layer is missing or unusable is flagged `needs_ocr` (the OCR stage fills it).
Bad PDFs raise a specific InputRejected subclass, so they are dead-lettered with a clear reason.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException

from disclosure_shared.errors import CorruptPdf, EmptyDocument, EncryptedPdf, NotADisclosure, TooManyPages
from disclosure_shared.events import PageText
from disclosure_shared.settings import Limits

PDF_TYPE = "application/pdf"
_CID_GARBAGE = re.compile(r"\(cid:\d+\)")
_TAG = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def extract_pages(
    data: bytes, content_type: str, limits: Limits, sha256: str | None = None
) -> list[PageText]:
    """Every page's text, in page order."""
    if content_type == PDF_TYPE:
        with open_pdf(data, limits, sha256) as pdf:
            return [page_text(number, page) for number, page in enumerate(pdf.pages, start=1)]
    return text_pages(data, content_type, sha256)


@contextmanager
def open_pdf(data: bytes, limits: Limits, sha256: str | None = None) -> Iterator[PDF]:
    """Open a PDF or raise the specific reason it cannot be read."""
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
        yield pdf
    finally:
        pdf.close()


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
        text = page.extract_text() or ""
    except Exception:  # one damaged page must not lose the document; OCR may still read it
        text = ""
    return PageText(number=number, text=text, needs_ocr=not usable_text(text))


def usable_text(text: str) -> bool:
    """False for an empty layer or one that is mostly undecodable glyph ids."""
    stripped = re.sub(r"\s+", "", text)
    if not stripped:
        return False
    garbage = sum(len(m) for m in _CID_GARBAGE.findall(stripped))
    return garbage / len(stripped) < 0.3


def text_pages(data: bytes, content_type: str, sha256: str | None = None) -> list[PageText]:
    """A text or HTML export: one page per form feed (exports rarely keep page breaks)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise NotADisclosure("the text export is neither UTF-8 nor GB18030", sha256=sha256) from exc
    if content_type == "text/html":
        text = html_to_text(text)
    chunks = text.split("\f")
    pages = [PageText(number=i, text=chunk.strip("\n")) for i, chunk in enumerate(chunks, start=1)]
    if not any(p.text.strip() for p in pages):
        raise EmptyDocument("the export has no text", sha256=sha256)
    return pages


def html_to_text(markup: str) -> str:
    """Visible text of HTML; cells become tab-separated and rows become lines, as in the exports."""
    markup = _SCRIPT.sub("", markup)
    markup = re.sub(r"</t[dh]\s*>", "\t", markup, flags=re.IGNORECASE)
    markup = re.sub(r"<br\s*/?>|</(p|div|tr|h\d|li)\s*>", "\n", markup, flags=re.IGNORECASE)
    return html.unescape(_TAG.sub("", markup))
