"""What a PDF holds beyond its pages' text, read from its objects without rendering or running them:
compressed streams that inflate past the per-document budget (a decompression bomb), and active
content (JavaScript, an OpenAction, a Launch action, embedded files), which is reported, never run
and never extracted.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import Any

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSLiteral

from disclosure_shared.errors import DecompressionBomb

CHUNK = 1 << 20
_ACTION_TYPES = {"JavaScript": "JavaScript", "Launch": "Launch"}
_ACTIVE_KEYS = {"JS": "JavaScript", "JavaScript": "JavaScript", "OpenAction": "OpenAction"}
_EMBEDDED_KEYS = {"EmbeddedFiles", "EF"}


def _name(value: Any) -> str | None:
    if not isinstance(value, PSLiteral):
        return None
    name = value.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def _objects(doc: PDFDocument, direct: bool = False) -> Iterator[Any]:
    """Every object the cross-reference tables list (each once), skipping the unreadable ones;
    with `direct`, only those stored in the file itself, not in an object stream."""
    seen: set[int] = set()
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            if objid in seen:
                continue
            seen.add(objid)
            if direct and _in_object_stream(xref, objid):
                continue
            try:
                yield doc.getobj(objid)
            except Exception:  # a damaged object: the pages that need it fail on their own
                continue


def _in_object_stream(xref: Any, objid: int) -> bool:
    try:
        return xref.get_pos(objid)[0] is not None
    except Exception:  # an entry pdfminer cannot place: read the object to find out
        return False


_NAME_CHAR = rb"[^\s/<>\[\](){}%]"
_KEY_MARK = re.compile(rb"/(?:JS|JavaScript|OpenAction|Launch|EmbeddedFiles?|EF)(?!" + _NAME_CHAR + rb")")
_ESCAPED_NAME = re.compile(rb"/" + _NAME_CHAR + rb"*#" + _NAME_CHAR + rb"*")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _may_be_active(text: bytes) -> bool:
    """False when no name that marks active content can be written in `text`, even with #xx
    escapes (names are never encrypted or compressed outside streams)."""
    if _KEY_MARK.search(text):
        return True
    for name in _ESCAPED_NAME.findall(text):
        if _KEY_MARK.fullmatch(_ESCAPE.sub(lambda m: bytes.fromhex(m[1].decode()), name)):
            return True
    return False


def _object_streams(doc: PDFDocument) -> Iterator[bytes]:
    """The decoded (decrypted, inflated) content of every object stream the xrefs point into."""
    streams: set[int] = set()
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            try:
                stream_id = xref.get_pos(objid)[0]
            except Exception:
                continue
            if stream_id is not None:
                streams.add(stream_id)
    for stream_id in sorted(streams):
        stream = doc.getobj(stream_id)
        yield stream.get_data() if isinstance(stream, PDFStream) else b""


def active_content(doc: PDFDocument, data: bytes | None = None) -> list[str]:
    """The kinds of active content the document carries, sorted (empty for a plain document).
    Given the file's bytes, a document in which no such key is written (in the file or in its
    object streams) is answered without parsing every object (the whole-document walk costs
    about as much as reading the pages)."""
    if data is not None:
        try:
            if not _may_be_active(data) and not any(_may_be_active(s) for s in _object_streams(doc)):
                return []
        except Exception:  # a damaged object stream: the walk below skips what it cannot read
            pass
    found: set[str] = set()
    for obj in _objects(doc):
        attrs = obj.attrs if isinstance(obj, PDFStream) else obj
        if not isinstance(attrs, dict):
            continue
        for key, label in _ACTIVE_KEYS.items():
            if key in attrs:
                found.add(label)
        action = _name(attrs.get("S"))
        if action in _ACTION_TYPES:
            found.add(_ACTION_TYPES[action])
        if _EMBEDDED_KEYS & set(attrs) or _name(attrs.get("Type")) == "EmbeddedFile":
            found.add("EmbeddedFile")
    return sorted(found)


def _flate_only(stream: PDFStream) -> bool:
    filters = stream.get_filters()
    return len(filters) == 1 and _name(filters[0][0]) in ("FlateDecode", "Fl")


def inflated_size(raw: bytes, limit: int) -> int:
    """How many bytes a zlib stream inflates to, counted in chunks and stopped past `limit`."""
    inflater = zlib.decompressobj()
    total = 0
    data = raw
    while data:
        piece = inflater.decompress(data, CHUNK)
        total += len(piece)
        if total > limit:
            return total
        data = inflater.unconsumed_tail
        if not piece and not data:
            break
    return total


def check_streams(doc: PDFDocument, max_stream_bytes: int, sha256: str | None = None) -> None:
    """DecompressionBomb when a Flate stream inflates past `max_stream_bytes`, before any page is read.
    Only objects stored in the file are read: a stream is never inside an object stream (PDF 1.7,
    7.5.7), and parsing every object of the object streams costs as much as reading the pages."""
    for obj in _objects(doc, direct=True):
        if not isinstance(obj, PDFStream) or not _flate_only(obj):
            continue
        try:
            size = inflated_size(obj.rawdata or b"", max_stream_bytes)
        except zlib.error:
            continue  # a damaged stream: pdfminer reports it where a page uses it
        if size > max_stream_bytes:
            raise DecompressionBomb(
                f"a compressed stream of {len(obj.rawdata or b'')} bytes inflates past "
                f"{max_stream_bytes // (1 << 20)} MiB",
                sha256=sha256,
            )
