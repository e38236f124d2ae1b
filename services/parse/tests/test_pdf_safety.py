"""Active content found without parsing every object: the quick answer from the file's bytes and its
decoded object streams agrees with the walk over every object, also when the marking name sits in a
compressed object stream or is spelt with #xx escapes. The bomb check, which finds streams in the
file's bytes, rejects every bomb that pdfminer's reading of each stored stream rejects (the reference
below), damaged, misdescribed or appended ones too, and no corpus PDF."""

from __future__ import annotations

import io
import re
import struct
import zlib
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdftypes import PDFStream

from disclosure_parse.pdf_safety import (
    DEFLATE_MAX_RATIO,
    active_content,
    check_streams,
    listed_stream_ids,
    object_stream_ids,
)
from disclosure_shared.errors import DecompressionBomb
from disclosure_shared.testing.hostile import (
    decompression_bomb,
    giant_image_page,
    text_page_pdf,
    with_active_content,
    zeros_compressed,
)
from disclosure_shared.testing.pdfs import text_pdf

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
LIMIT = 16 << 20


def object_stream_pdf(hidden: bytes) -> bytes:
    """A one-page PDF whose object 5 (`hidden`, never referenced) is stored in a compressed object
    stream, listed by a cross-reference stream: nothing of it is readable in the file's bytes."""
    header = b"5 0 "
    packed = zlib.compress(header + hidden)
    bodies = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        4: b"<< /Type /ObjStm /N 1 /First %d /Length %d /Filter /FlateDecode >>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream",
    }
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number, body in bodies.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    offsets[6] = len(out)
    entries = [struct.pack(">BIH", 0, 0, 65535)]
    entries += [struct.pack(">BIH", 1, offsets[n], 0) for n in (1, 2, 3, 4)]
    entries += [struct.pack(">BIH", 2, 4, 0), struct.pack(">BIH", 1, offsets[6], 0)]
    table = b"".join(entries)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
        + table
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[6]
    return bytes(out)


def both_answers(data: bytes) -> tuple[list[str], list[str]]:
    """(the quick answer given the bytes, the walk over every object)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return active_content(pdf.doc, data), active_content(pdf.doc)


@pytest.mark.parametrize(
    ("hidden", "expected"),
    [
        (b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>", ["JavaScript"]),
        (b"<< /Type /Action /S /J#61vaScript /J#53 (app.alert(1)) >>", ["JavaScript"]),  # escaped
        (b"<< /Type /Action /S /Launch /F (calc.exe) >>", ["Launch"]),
        (b"<< /Type /Filespec /E#46 << /F 7 0 R >> >>", ["EmbeddedFile"]),
        (b"<< /Type /Annot /Subtype /Link /Border [0 0 0] >>", []),
    ],
    ids=["javascript", "escaped-names", "launch", "escaped-embedded-file", "plain"],
)
def test_active_content_in_an_object_stream_is_found(hidden: bytes, expected: list[str]) -> None:
    quick, walked = both_answers(object_stream_pdf(hidden))
    assert walked == expected
    assert quick == expected


def test_a_plain_document_has_no_active_content_by_either_answer() -> None:
    assert both_answers(text_pdf(["部门预算", "一般公共服务支出 13,907.78 万元"])) == ([], [])


def reference_rejects(data: bytes, limit: int) -> bool:
    """The bomb check as it was: every stream stored in the file (not in an object stream) that
    pdfminer parses, with FlateDecode as its one filter, inflated from pdfminer's raw data."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        doc: PDFDocument = pdf.doc
        for xref in doc.xrefs:
            for objid in xref.get_objids():
                try:
                    if xref.get_pos(objid)[0] is not None:
                        continue
                    obj = doc.getobj(objid)
                except Exception:
                    continue
                if not isinstance(obj, PDFStream):
                    continue
                filters = obj.get_filters()
                if len(filters) != 1 or getattr(filters[0][0], "name", None) not in ("FlateDecode", "Fl"):
                    continue
                inflater, total, raw = zlib.decompressobj(), 0, obj.rawdata or b""
                try:
                    while raw:
                        piece = inflater.decompress(raw, 1 << 20)
                        total += len(piece)
                        if total > limit:
                            return True
                        raw = inflater.unconsumed_tail
                except zlib.error:
                    continue
    return False


def rejects(data: bytes, limit: int) -> bool:
    try:
        check_streams(data, limit)
    except DecompressionBomb:
        return True
    return False


def _bomb_body(packed: bytes, length: bytes, eol: bytes = b"\n") -> bytes:
    return b"<< /Length %s /Filter /FlateDecode >>\nstream%s" % (length, eol) + packed + b"\nendstream"


def _one_page(content: bytes, more: list[bytes] | None = None) -> bytes:
    """A one-page PDF whose content stream is object 5 (`content`, a whole stream object body)."""
    data = text_page_pdf(["x"], more=more)
    return re.sub(rb"5 0 obj\n.*?endstream", lambda _: b"5 0 obj\n" + content, data, count=1, flags=re.S)


PACKED = zeros_compressed(LIMIT * 2)


@cache
def hostile_streams() -> dict[str, bytes]:
    """Bombs stored, described and damaged in the ways a file may hold them, and their plain kin."""
    half = len(PACKED) // 2
    damaged = PACKED[: half + 1000] + b"\xff" * 64 + PACKED[half + 1000 :]
    return {
        "bomb": decompression_bomb(LIMIT * 2),
        "giant-image": giant_image_page(side_px=6000, side_pt=600),
        "crlf-after-stream": _one_page(_bomb_body(PACKED, b"%d" % len(PACKED), b"\r\n")),
        "cr-after-stream": _one_page(_bomb_body(PACKED, b"%d" % len(PACKED), b"\r")),
        "spaces-after-stream": _one_page(_bomb_body(PACKED, b"%d" % len(PACKED), b"  \n")),
        "length-too-long": _one_page(_bomb_body(PACKED, b"%d" % (len(PACKED) * 3))),
        "length-too-short": _one_page(_bomb_body(PACKED, b"%d" % half)),
        "length-missing": _one_page(_bomb_body(PACKED, b"0").replace(b"/Length 0 ", b"")),
        "length-indirect": _one_page(_bomb_body(PACKED, b"6 0 R"), more=[b"%d" % len(PACKED)]),
        "damaged-after-limit": _one_page(_bomb_body(damaged, b"%d" % len(damaged))),
        "appended-update": with_active_content(decompression_bomb(LIMIT * 2)),
        "just-under": decompression_bomb(LIMIT - 4096),
        "plain": text_pdf(["部门预算", "一般公共服务支出 13,907.78 万元"]),
    }


@pytest.mark.parametrize("name", list(hostile_streams()))
def test_every_bomb_the_reference_rejects_is_rejected(name: str) -> None:
    data = hostile_streams()[name]
    expected = reference_rejects(data, LIMIT)
    assert rejects(data, LIMIT) or not expected
    if name not in ("just-under", "plain"):  # each hostile kind is in fact a bomb to the reference
        assert expected


def test_a_stream_just_under_the_limit_and_a_plain_page_pass() -> None:
    assert not rejects(decompression_bomb(LIMIT - 4096), LIMIT)
    assert not rejects(text_pdf(["部门预算"]), LIMIT)


def test_no_zlib_data_inflates_past_the_ratio_the_check_skips_by() -> None:
    """The check leaves uninflated a stream with too few bytes left to reach the limit: zlib's best
    compression (zeros at level 9) stays within DEFLATE_MAX_RATIO."""
    for size in (1 << 20, 64 << 20):
        assert len(zeros_compressed(size)) * DEFLATE_MAX_RATIO >= size


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus PDFs not found at {CORPUS}")
def test_the_corpus_is_judged_as_the_reference_judges_it() -> None:
    """No corpus PDF is a bomb by the default limit, and at 1 MiB (which some of their streams pass)
    the check rejects at least the PDFs the reference rejects."""
    for path in sorted(CORPUS.rglob("*.pdf")):
        data = path.read_bytes()
        assert not rejects(data, 256 << 20), path.name
        assert rejects(data, 1 << 20) or not reference_rejects(data, 1 << 20), path.name


def test_the_bomb_check_still_finds_a_bomb_stored_in_the_file() -> None:
    with pytest.raises(DecompressionBomb):
        check_streams(decompression_bomb(64 << 20), 16 << 20)


def test_object_streams_are_read_from_a_cross_reference_stream() -> None:
    with pdfplumber.open(io.BytesIO(object_stream_pdf(b"<< /S /Launch >>"))) as pdf:
        assert [object_stream_ids(x) for x in pdf.doc.xrefs] == [{4}]
        assert [listed_stream_ids(x) for x in pdf.doc.xrefs] == [{4}]


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus PDFs not found at {CORPUS}")
def test_every_object_stream_pdfminer_lists_is_read_in_the_corpus() -> None:
    compressed = 0
    for path in sorted(CORPUS.rglob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            for xref in pdf.doc.xrefs:
                listed = listed_stream_ids(xref)
                assert listed <= object_stream_ids(xref), path.name
                compressed += bool(listed)
    assert compressed  # some corpus PDFs keep their objects in object streams
