"""What kind of input the bytes are: a PDF, or a text/markdown/HTML export of a disclosure."""

from __future__ import annotations

from disclosure_shared.errors import EmptyDocument, NotADisclosure

PDF = "application/pdf"
HTML = "text/html"
TEXT = "text/plain"

_HTML_MARKERS = (b"<!doctype html", b"<html", b"<table", b"<body", b"<div", b"<p>")


def detect_content_type(data: bytes, sha256: str | None = None) -> str:
    """Classify by content, never by name or declared type: portals mislabel files."""
    if not data.strip():
        raise EmptyDocument("the input has no bytes", sha256=sha256)
    if b"%PDF-" in data[:1024]:
        return PDF
    text = decode_text(data)
    if text is None:
        raise NotADisclosure(
            f"neither a PDF (no %PDF- header) nor UTF-8/GB18030 text; starts with {data[:16]!r}",
            sha256=sha256,
        )
    head = text[:4096].lower().encode()
    if any(marker in head for marker in _HTML_MARKERS):
        return HTML
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text[:20000]):
        raise NotADisclosure("text without any Chinese characters cannot be a disclosure", sha256=sha256)
    return TEXT


def decode_text(data: bytes) -> str | None:
    """UTF-8 first (exports), then GB18030 (older portals); None for binary data."""
    if b"\x00" in data[:4096]:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
