"""Hostile inputs made on the fly (never stored in the repository): the classes of file a hostile
submitter sends to jam a stage, with the rejection code each must end in.

Each input is written by a minimal PDF writer (objects and a cross-reference table by hand), so its
size and shape are exact: a decompression bomb, a giant page with a giant image, thousands of dense
text pages sharing one content stream, active content, damaged and non-PDF files, hostile HTML.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Hostile:
    name: str
    data: bytes
    expected: str
    """The outcome: a rejection code ("decompression-bomb", "timeout", …) or "processed"."""


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (object 1 must be the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    body = zlib.compress(data, 9) if compress else data
    flate = b"/Filter /FlateDecode " if compress else b""
    return b"<< /Length %d %s%s>>\nstream\n" % (len(body), flate, extra) + body + b"\nendstream"


def zeros_compressed(total: int, chunk: int = 1 << 20) -> bytes:
    """zlib data inflating to `total` zero bytes, made without holding them in memory."""
    packer = zlib.compressobj(9)
    block = bytes(chunk)
    parts = [packer.compress(block) for _ in range(total // chunk)]
    parts.append(packer.compress(bytes(total % chunk)))
    parts.append(packer.flush())
    return b"".join(parts)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page(content_ref: int, size: tuple[int, int] = (595, 842), extra: bytes = b"") -> bytes:
    return (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
        % (
            size[0],
            size[1],
            content_ref,
        )
        + b"/Resources << /Font << /F1 3 0 R >> %s>> >>" % extra
    )


def text_page_pdf(lines: list[str], catalog_extra: bytes = b"", more: list[bytes] | None = None) -> bytes:
    """One Helvetica page of ASCII lines; `catalog_extra` and `more` objects add hostile parts."""
    content = (
        b"BT /F1 11 Tf 60 780 Td 14 TL "
        + b" ".join(b"(%s) '" % line.encode("ascii") for line in lines)
        + b" ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _FONT,
        _page(5),
        stream(content),
        *(more or []),
    ]
    return pdf(objects)


def decompression_bomb(inflated: int) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated` bytes of zeros."""
    packed = zeros_compressed(inflated)
    body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            _FONT,
            _page(5),
            body,
        ]
    )


def giant_image_page(side_px: int = 20_000, side_pt: int = 14_400) -> bytes:
    """A page of `side_pt` points holding one grey image of `side_px` × `side_px` pixels."""
    packed = zeros_compressed(side_px * side_px)
    image = (
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length %d /Filter /FlateDecode >>\nstream\n"
        % (side_px, side_px, len(packed))
        + packed
        + b"\nendstream"
    )
    draw = b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % (side_pt, side_pt)
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            _FONT,
            _page(5, (side_pt, side_pt), b"/XObject << /Im1 6 0 R >> "),
            stream(draw),
            image,
        ]
    )


def many_dense_pages(pages: int, lines: int = 60, width: int = 90) -> bytes:
    """`pages` pages that all show one dense content stream: a small file, a long document."""
    row = ("1234567.89 " * (width // 11 + 1))[:width]
    content = (
        b"BT /F1 7 Tf 20 820 Td 9 TL " + b" ".join(b"(%s) '" % row.encode() for _ in range(lines)) + b" ET"
    )
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        _FONT,
        stream(content),
        *(_page(4) for _ in range(pages)),
    ]
    return pdf(objects)


def with_active_content(document: bytes) -> bytes:
    """`document` with an incremental update that gives its catalog JavaScript on open (chained to a
    Launch action) and an embedded file: the original pages stay as they are."""
    catalog = re.search(rb"(\d+) 0 obj\s*<<(?:(?!endobj).)*?/Type\s*/Catalog", document, re.S)
    pages = re.search(rb"/Pages\s+(\d+) 0 R", document[catalog.start() :]) if catalog else None
    size = re.findall(rb"/Size\s+(\d+)", document)
    previous = re.findall(rb"startxref\s+(\d+)", document)
    if not (catalog and pages and size and previous):
        raise ValueError("not a PDF this helper can update")
    root, first = int(catalog.group(1)), int(size[-1])
    added = {
        root: b"<< /Type /Catalog /Pages %s 0 R /OpenAction %d 0 R "
        b"/Names << /EmbeddedFiles << /Names [(x.exe) %d 0 R] >> >> >>" % (pages.group(1), first, first + 2),
        first: b"<< /Type /Action /S /JavaScript /JS (app.alert('x')) /Next %d 0 R >>" % (first + 1),
        first + 1: b"<< /Type /Action /S /Launch /F (cmd.exe) >>",
        first + 2: b"<< /Type /Filespec /F (x.exe) /EF << /F %d 0 R >> >>" % (first + 3),
        first + 3: stream(b"MZ not really", b"/Type /EmbeddedFile "),
    }
    out = bytearray(document if document.endswith(b"\n") else document + b"\n")
    offsets = {}
    for number, body in added.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n%d 1\n%010d 00000 n \n" % (root, offsets[root])
    out += b"%d 4\n" % first + b"".join(b"%010d 00000 n \n" % offsets[first + i] for i in range(4))
    out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        first + 4,
        root,
        previous[-1],
        xref,
    )
    return bytes(out)


def active_content() -> bytes:
    """A readable disclosure page carrying JavaScript, a Launch action and an embedded file."""
    from disclosure_shared.testing.pdfs import text_pdf

    return with_active_content(text_pdf(["武汉市硚口区大数据中心2024年部门预算", "收入总计 100.00 万元"]))


def unclosed_scripts_html(size: int = 1_000_000) -> bytes:
    """HTML of `size` bytes made of <script> tags that are never closed."""
    piece = b"<script>var a = '<b>';"
    return "<html><body><p>2024年部门预算</p>".encode() + piece * (size // len(piece))


def table_flood_html(cells: int = 150_000) -> bytes:
    """An inline "disclosure" whose one <table> has `cells` cells, some spanning 1000 columns."""
    row = "<tr>" + "<td>1,234.56</td>" * 9 + '<td colspan="1000">合计</td></tr>'
    head = "<html><body><h1>武汉市武昌区教育局2024年部门决算</h1><p>单位：万元</p><table>"
    return (head + row * (cells // 10) + "</table></body></html>").encode()


def nested_tables_html(depth: int = 100_000) -> bytes:
    """Tables inside tables `depth` deep, never closed."""
    return ("<html><body><p>武昌区2024年部门决算</p>" + "<table><tr><td>" * depth).encode()


def corrupt_pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + bytes(range(256)) * 40 + b"%%EOF"


def hostile_inputs(bomb_bytes: int = 2 * 1024**3) -> list[Hostile]:
    """The hostile corpus, with the rejection each must end in under the default budgets (the
    dense pages need a `document_seconds` below their reading time, ~1 min, to end in `timeout`).
    A smaller `bomb_bytes` (above `max_stream_mb`) makes the bomb quicker to build."""
    heavy: list[tuple[str, Callable[[], bytes], str]] = [
        ("bomb.pdf", lambda: decompression_bomb(bomb_bytes), "decompression-bomb"),
        ("giant-page.pdf", giant_image_page, "decompression-bomb"),
        ("dense-pages.pdf", lambda: many_dense_pages(1999), "timeout"),
    ]
    light = [
        Hostile("active-content.pdf", active_content(), "processed"),
        Hostile("unclosed-scripts.html", unclosed_scripts_html(), "not-a-disclosure"),
        Hostile("table-flood.html", table_flood_html(), "too-complex"),
        Hostile("nested-tables.html", nested_tables_html(), "too-complex"),
        Hostile("corrupt.pdf", corrupt_pdf(), "corrupt-pdf"),
        Hostile("image.pdf", b"\x89PNG\r\n\x1a\n" + bytes(2000), "not-a-disclosure"),
        Hostile("readme.md", b"# A project\n\nIt turns 2024 budgets into records.\n", "not-a-disclosure"),
        Hostile("hi.html", b"<html><body>hi</body></html>", "not-a-disclosure"),
        Hostile("sheet.pdf", b"PK\x03\x04" + bytes(300), "not-a-disclosure"),
        Hostile("empty.pdf", b"", "empty-document"),
    ]
    return [Hostile(name, make(), code) for name, make, code in heavy] + light
