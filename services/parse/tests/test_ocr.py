"""OCR of image pages: detection of unusable text layers, the per-page time limit, and image-only PDFs
that must give the same tables as their text-layer originals.

Image PDFs are made in memory from pages rendered here (never committed): a small ruled table drawn
with reportlab for the fast tests, and corpus pages at 200 dpi for the corpus test.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from disclosure_parse.extraction import extract_pages
from disclosure_parse.ocr.raster import render_page
from disclosure_parse.structure.parsing import parse_disclosure
from disclosure_shared.settings import Limits
from disclosure_shared.table_kinds import TableKind
from disclosure_shared.testing.pdfs import FONT, _canvas, text_pdf

PDF = "application/pdf"
CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
JIANGSU_2019 = CORPUS / "jiangsu_province" / "江苏省委办公厅" / "江苏省委办公厅2019年度部门预算公开表格.pdf"

# The small table drawn by ruled_table_pdf(): what a reader sees printed on the page.
TABLE_ROWS = [
    ["项目", "金额"],
    ["一般公共预算", "27,664.22"],
    ["政府性基金预算", "1,305.25"],
    ["合计", "28,969.47"],
]


def ruled_table_pdf() -> bytes:
    """One A4 page: a title, a unit line and a ruled 4 x 2 table (a text layer, to be rasterized)."""
    buffer = io.BytesIO()
    canvas = _canvas(buffer)
    canvas.setFont(FONT, 16)
    canvas.drawString(170, 780, "财政拨款收支预算总表")
    canvas.setFont(FONT, 11)
    canvas.drawString(380, 750, "单位：万元")
    left, widths, top, height = 90, [200, 150], 740, 28
    xs = [left, left + widths[0], left + sum(widths)]
    for i in range(len(TABLE_ROWS) + 1):
        canvas.line(xs[0], top - i * height, xs[-1], top - i * height)
    for x in xs:
        canvas.line(x, top, x, top - len(TABLE_ROWS) * height)
    for i, (name, amount) in enumerate(TABLE_ROWS):
        y = top - i * height - 19
        canvas.drawString(xs[0] + 6, y, name)
        canvas.drawRightString(xs[2] - 6, y, amount)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def image_pdf(source: bytes, pages: list[int], dpi: int = 200) -> bytes:
    """A PDF made only of images: each listed page of `source` rendered at `dpi`, same page size."""
    document = pdfium.PdfDocument(source)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    try:
        for number in pages:
            page = document[number - 1]
            width, height = page.get_size()
            picture = Image.fromarray(render_page(page, dpi))
            canvas.setPageSize((width, height))
            canvas.drawImage(ImageReader(picture), 0, 0, width, height)
            canvas.showPage()
    finally:
        document.close()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def table_image_pdf() -> bytes:
    """The ruled table as an image-only page; skips where pdfium finds no CJK font to draw it with
    (reportlab's STSong-Light is not embedded, so the picture depends on the machine's fonts)."""
    data = ruled_table_pdf()
    document = pdfium.PdfDocument(data)
    try:
        gray = render_page(document[0], 72)
    finally:
        document.close()
    title = gray[40:75, 150:450]  # where 财政拨款收支预算总表 is drawn
    if int((title < 128).sum()) < 50:
        pytest.skip("no CJK font on this machine for pdfium to render the test table")
    return image_pdf(data, [1])


def test_an_image_page_is_read_with_its_table(table_image_pdf: bytes) -> None:
    page = extract_pages(table_image_pdf, PDF, Limits())[0]
    assert (page.method, page.needs_ocr, page.ocr_note) == ("ocr", False, None)
    assert len(page.ocr_tables) == 1
    assert page.ocr_tables[0].rows == TABLE_ROWS
    assert page.ocr_tables[0].context == ["财政拨款收支预算总表", "单位：万元"]
    assert "合计 28,969.47" in page.text
    assert page.text.index("财政拨款收支预算总表") < page.text.index("一般公共预算")


def test_ocr_tables_reach_the_structure_parser_as_grid_blocks(table_image_pdf: bytes) -> None:
    data = table_image_pdf
    parsed = parse_disclosure(data, PDF, extract_pages(data, PDF, Limits()))
    assert [t.kind for t in parsed.tables] == [TableKind.FISCAL_APPROPRIATION_SUMMARY]
    total = next(row for row in parsed.tables[0].rows if row.name == "合计")
    assert Decimal("28969.47") in total.values.values()


def test_mixed_document_reads_text_pages_from_the_layer_and_image_pages_by_ocr(
    table_image_pdf: bytes,
) -> None:
    text_page = text_pdf(["武汉市硚口区大数据中心\n2023 年度部门预算"])
    mixed = _concatenate([text_page, table_image_pdf])
    pages = extract_pages(mixed, PDF, Limits())
    assert [p.method for p in pages] == ["text", "ocr"]
    assert "2023 年度部门预算" in pages[0].text and pages[1].ocr_tables


def test_table_pasted_as_a_picture_is_read_and_the_text_layer_kept(table_image_pdf: bytes) -> None:
    document = pdfium.PdfDocument(table_image_pdf)
    try:
        gray = render_page(document[0], 200)
    finally:
        document.close()
    picture = Image.fromarray(gray[: gray.shape[0] * 2 // 5])  # title, unit line and the table
    buffer = io.BytesIO()
    canvas = _canvas(buffer)
    width, _ = canvas._pagesize
    canvas.drawString(60, 800, "二、收入支出预算总体情况说明")
    height = width * picture.height / picture.width
    canvas.drawImage(ImageReader(picture), 0, 760 - height, width, height)
    canvas.showPage()
    canvas.save()
    page = extract_pages(buffer.getvalue(), PDF, Limits())[0]
    assert page.method == "ocr" and not page.needs_ocr
    assert page.text.startswith("二、收入支出预算总体情况说明")  # the text layer, as it was
    assert "合计 28,969.47" in page.text
    assert [t.rows for t in page.ocr_tables] == [TABLE_ROWS]


def test_large_image_without_text_over_it_needs_ocr_but_a_seal_does_not() -> None:
    scanned = image_pdf(ruled_table_pdf(), [1])
    assert extract_pages(scanned, PDF, Limits(ocr_enabled=False))[0].needs_ocr
    # A page of real text with a small picture (a seal): the text layer covers the content.
    assert not extract_pages(_text_with_picture(0.1), PDF, Limits(ocr_enabled=False))[0].needs_ocr
    # A page of text with a large picture and no text over it: a table pasted as an image.
    assert extract_pages(_text_with_picture(0.5), PDF, Limits(ocr_enabled=False))[0].needs_ocr


def test_ocr_disabled_leaves_the_page_flagged_with_a_note() -> None:
    page = extract_pages(image_pdf(ruled_table_pdf(), [1]), PDF, Limits(ocr_enabled=False))[0]
    assert (page.method, page.needs_ocr, page.ocr_note) == ("text", True, "OCR is disabled")


def test_a_page_over_the_time_limit_keeps_needs_ocr_and_says_why() -> None:
    data = _concatenate([image_pdf(ruled_table_pdf(), [1]), text_pdf(["部门预算 第二页"])])
    pages = extract_pages(data, PDF, Limits(ocr_page_seconds=0.0))
    assert (pages[0].method, pages[0].needs_ocr, pages[0].text) == ("text", True, "")
    assert pages[0].ocr_note is not None and "limit" in pages[0].ocr_note
    assert pages[1].text.startswith("部门预算")  # the rest of the document goes on


@pytest.mark.corpus
def test_image_only_copy_gives_the_same_table_kinds_and_totals_as_the_original() -> None:
    if not JIANGSU_2019.is_file():
        pytest.skip(f"corpus not found at {CORPUS}: put the shared reference folder beside the repo")
    original = JIANGSU_2019.read_bytes()
    chosen = [3, 4, 9]
    text_pages = extract_pages(original, PDF, Limits())
    expected = parse_disclosure(original, PDF, text_pages)
    scanned = image_pdf(original, chosen)
    pages = extract_pages(scanned, PDF, Limits())
    assert all(p.method == "ocr" for p in pages)
    parsed = parse_disclosure(scanned, PDF, pages)

    def kinds_and_totals(tables: list, page_map: dict[int, int]) -> list[tuple[str, int, dict]]:
        return [
            (t.kind, page_map[t.pages[0]], {k: v for k, v in row.values.items() if v is not None})
            for t in tables
            if t.pages[0] in page_map
            for row in t.rows
            if row.name == "合计" or row.name.endswith("合计")
        ]

    original_view = kinds_and_totals(expected.tables, {n: n for n in chosen})
    ocr_view = kinds_and_totals(parsed.tables, {i + 1: n for i, n in enumerate(chosen)})
    assert ocr_view == original_view
    # Hand-checked against the printed pages of 江苏省委办公厅2019年度部门预算公开表格.pdf:
    # p3 支出预算总表 合计 27,664.22 = 基本支出 11,700.63 + 项目支出 13,025.38 + 单位预留机动经费 2,938.21;
    # p4 财政拨款收支预算总表 收入合计 27,664.22; p9 "三公"经费 合计 1,471.70 (万元).
    flat = {str(v) for _, _, values in ocr_view for v in values.values()}
    assert {"27664.22", "11700.63", "13025.38", "2938.21", "1471.70"} <= flat


def _text_with_picture(share: float) -> bytes:
    """A text page carrying a grey picture covering `share` of the page, away from the text."""
    buffer = io.BytesIO()
    canvas = _canvas(buffer)
    width, height = canvas._pagesize
    for i in range(10):  # text from the top down to y=674; the picture stays below y=520
        canvas.drawString(60, 800 - 14 * i, "一般公共预算财政拨款收入二〇二三年度决算说明文字")
    side = (share * width * height) ** 0.5
    picture = Image.new("L", (200, 200), 128)
    canvas.drawImage(ImageReader(picture), width - side - 10, 10, side, side)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _concatenate(documents: list[bytes]) -> bytes:
    merged = pdfium.PdfDocument.new()
    try:
        for data in documents:
            source = pdfium.PdfDocument(data)
            merged.import_pages(source)
            source.close()
        out = io.BytesIO()
        merged.save(out)
        return out.getvalue()
    finally:
        merged.close()
