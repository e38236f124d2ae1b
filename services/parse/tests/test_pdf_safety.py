"""Active content found without parsing every object: the quick answer from the file's bytes and its
decoded object streams agrees with the walk over every object, also when the marking name sits in a
compressed object stream or is spelt with #xx escapes; and the bomb check still finds a bomb."""

from __future__ import annotations

import io
import struct
import zlib

import pdfplumber
import pytest

from disclosure_parse.pdf_safety import active_content, check_streams
from disclosure_shared.errors import DecompressionBomb
from disclosure_shared.testing.hostile import decompression_bomb
from disclosure_shared.testing.pdfs import text_pdf


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


def test_the_bomb_check_still_finds_a_bomb_stored_in_the_file() -> None:
    data = decompression_bomb(64 << 20)
    with pdfplumber.open(io.BytesIO(data)) as pdf, pytest.raises(DecompressionBomb):
        check_streams(pdf.doc, 16 << 20)
