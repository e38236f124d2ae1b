"""Small PDFs made on the fly for tests: text pages, blank pages, encrypted, zero-page, damaged.

reportlab is a development dependency; only tests import this module.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

FONT = "STSong-Light"


def _canvas(buffer: io.BytesIO, encrypt: StandardEncryption | None = None) -> Canvas:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    canvas = Canvas(buffer, pagesize=A4, encrypt=encrypt, invariant=True)
    canvas.setFont(FONT, 12)
    return canvas


def text_pdf(pages: list[str], encrypt_password: str | None = None) -> bytes:
    """One page per string (lines split on newlines); an empty string makes a blank page."""
    buffer = io.BytesIO()
    encrypt = StandardEncryption(encrypt_password, canPrint=0) if encrypt_password else None
    canvas = _canvas(buffer, encrypt)
    for text in pages:
        canvas.setFont(FONT, 12)
        y = 800.0
        for line in text.splitlines():
            canvas.drawString(60, y, line)
            y -= 18
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def zero_page_pdf() -> bytes:
    """A syntactically valid PDF whose page tree is empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def damaged_pdf() -> bytes:
    """A PDF header followed by garbage: what a truncated or corrupted download looks like."""
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 40
