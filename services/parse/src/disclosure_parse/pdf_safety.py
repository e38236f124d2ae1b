"""What a PDF holds beyond its pages' text, read without rendering or running it: compressed streams
that inflate past the per-document budget (a decompression bomb, found in the file's bytes), and
active content (JavaScript, an OpenAction, a Launch action, embedded files, found in its objects),
which is reported, never run and never extracted.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import Any

from pdfminer.pdfdocument import PDFBaseXRef, PDFDocument, PDFXRef, PDFXRefStream
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSLiteral

from disclosure_shared.errors import DecompressionBomb

_ACTION_TYPES = {"JavaScript": "JavaScript", "Launch": "Launch"}
_ACTIVE_KEYS = {"JS": "JavaScript", "JavaScript": "JavaScript", "OpenAction": "OpenAction"}
_EMBEDDED_KEYS = {"EmbeddedFiles", "EF"}


def _name(value: Any) -> str | None:
    if not isinstance(value, PSLiteral):
        return None
    name = value.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def _objects(doc: PDFDocument) -> Iterator[Any]:
    """Every object the cross-reference tables list (each once), skipping the unreadable ones."""
    seen: set[int] = set()
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            if objid in seen:
                continue
            seen.add(objid)
            try:
                yield doc.getobj(objid)
            except Exception:  # a damaged object: the pages that need it fail on their own
                continue


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


def object_stream_ids(xref: PDFBaseXRef) -> set[int]:
    """The object streams one cross-reference section points into: read from its table of entries
    (asking pdfminer entry by entry unpacks every field of every object in Python)."""
    if isinstance(xref, PDFXRef):
        return {stream_id for stream_id, _, _ in xref.offsets.values() if stream_id is not None}
    if isinstance(xref, PDFXRefStream) and xref.data and xref.fl1 == 1 and xref.fl2:
        # every entry, not only those pdfminer lists: an object stream too many is only read
        data, size, width = xref.data, xref.fl1 + xref.fl2 + (xref.fl3 or 0), xref.fl2
        kinds = data[0 : len(data) - len(data) % size : size]
        return {
            int.from_bytes(data[i * size + 1 : i * size + 1 + width], "big")
            for i, kind in enumerate(kinds)
            if kind == 2
        }
    return listed_stream_ids(xref)


def listed_stream_ids(xref: PDFBaseXRef) -> set[int]:
    """The object streams pdfminer places the objects it lists in, asked entry by entry (the way for
    any cross-reference section, and the reference `object_stream_ids` reads faster)."""
    found: set[int] = set()
    for objid in xref.get_objids():
        try:
            stream_id = xref.get_pos(objid)[0]
        except Exception:
            continue
        if stream_id is not None:
            found.add(stream_id)
    return found


def _object_streams(doc: PDFDocument) -> Iterator[bytes]:
    """The decoded (decrypted, inflated) content of every object stream the xrefs point into."""
    streams: set[int] = set()
    for xref in doc.xrefs:
        streams |= object_stream_ids(xref)
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


CHUNK = 1 << 20
"""Most bytes one inflating step produces: what a step that meets damaged data may have made unseen."""
PIECE = 1 << 16
"""Compressed bytes handed to the inflater at a time: it copies whatever it leaves unread."""
DEFLATE_MAX_RATIO = 1032
"""No n bytes of zlib data inflate past 1032 n bytes (a 258-byte match written in two bits: zlib's FAQ)."""
_EOL = re.compile(rb"\r\n?|\n")


def inflated_size(raw: bytes | memoryview, limit: int) -> int:
    """How many bytes the zlib stream at the start of `raw` inflates to (up to its end, to the first
    damaged byte, or to the end of `raw`), counted in chunks and stopped past `limit`. A step that
    meets damaged data counts as a full chunk: its output is never seen, and may have been one."""
    inflater = zlib.decompressobj()
    view = memoryview(raw)
    total = 0
    for at in range(0, len(view), PIECE):
        data: bytes | memoryview = view[at : at + PIECE]
        while data:
            try:
                piece = inflater.decompress(data, CHUNK)
            except zlib.error:
                return total + CHUNK
            total += len(piece)
            if total > limit or inflater.eof:
                return total
            data = inflater.unconsumed_tail
            if not piece and data:  # never expected of zlib; guards the loop
                return total
    return total


def _stream_data_starts(data: bytes) -> Iterator[int]:
    """Where each stream's data begins: past the end of the line of its `stream` keyword, as pdfminer
    reads it. Every `stream` in the bytes counts (also old revisions, objects no table lists, the
    word inside other data): more places than pdfminer reads, never fewer."""
    at = data.find(b"stream")
    while at >= 0:
        if not data.endswith(b"end", 0, at):  # `endstream` closes a stream
            eol = _EOL.search(data, at + 6)
            if eol is not None:
                yield eol.end()
        at = data.find(b"stream", at + 6)


def check_streams(data: bytes, max_stream_bytes: int, sha256: str | None = None) -> None:
    """DecompressionBomb when a stream's zlib data inflates past `max_stream_bytes`, before any page
    is read. Found in the file's bytes, not by pdfminer's object parser (which costs several times
    the inflating): every stream's data is tried as zlib, whatever filter it names, from its start
    to the end of its zlib data, so each stream pdfminer would read inflates here at least as far.
    A stream that starts too near the end of the file to reach the limit is not inflated at all.
    An encrypted file's streams are ciphertext, not zlib data, as pdfminer's raw streams are."""
    for start in _stream_data_starts(data):
        if (len(data) - start) * DEFLATE_MAX_RATIO <= max_stream_bytes:
            return  # the later streams have still fewer bytes left
        size = inflated_size(memoryview(data)[start:], max_stream_bytes)
        if size > max_stream_bytes:
            raise DecompressionBomb(
                f"a compressed stream at byte {start} inflates past {max_stream_bytes // (1 << 20)} MiB",
                sha256=sha256,
            )
