"""Table pages read by pdfium (pdfium_page.py) against pdfplumber reading the same page (the
reference): the same text and the same tables for grids drawn as lines, stroked rects, filled thin
rects (WPS/Excel exports), inside a form XObject and on a /Rotate page; pdfplumber still reads the
pages pdfium's reading is not known to match; and the table finder's faster steps (table_finder.py)
find the cells and cell texts pdfplumber finds."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from pdfplumber.table import TableFinder, TableSettings
from pdfplumber.table import intersections_to_cells as reference_cells
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from disclosure_parse.extraction import extract_pages, layer_tables, page_text
from disclosure_parse.pdfium_page import read_page
from disclosure_parse.structure.parsing import parse_disclosure
from disclosure_parse.table_finder import find_tables, intersections_to_cells
from disclosure_shared.settings import Limits

PDF = "application/pdf"
LIMITS = Limits(ocr_enabled=False)
CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
ROWS = [
    ("项目", "本年预算", "上年预算"),
    ("一般公共服务支出", "13,907.78", "12,001.50"),
    ("教育支出", "", "35.00"),
    ("合计", "18,330.37", "16,204.11"),
]
LEFT, TOP, WIDTH, HEIGHT = 60.0, 700.0, 150.0, 22.0

Draw = Callable[[Canvas], None]


def _font() -> None:
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


def _cells(canvas: Canvas) -> None:
    canvas.setFont("STSong-Light", 10)
    canvas.drawString(LEFT, TOP + 40, "2019年部门收支预算总表")
    canvas.drawString(LEFT, TOP + 10, "单位：万元")
    for row, values in enumerate(ROWS):
        for column, value in enumerate(values):
            canvas.drawString(LEFT + column * WIDTH + 4, TOP - (row + 1) * HEIGHT + 7, value)
    canvas.drawString(LEFT, TOP - (len(ROWS) + 2) * HEIGHT, "注：本表不含政府性基金。")


def _lines(canvas: Canvas) -> None:
    right, bottom = LEFT + 3 * WIDTH, TOP - len(ROWS) * HEIGHT
    for row in range(len(ROWS) + 1):
        canvas.line(LEFT, TOP - row * HEIGHT, right, TOP - row * HEIGHT)
    for column in range(4):
        canvas.line(LEFT + column * WIDTH, TOP, LEFT + column * WIDTH, bottom)


def _stroked_rects(canvas: Canvas) -> None:
    for row in range(len(ROWS)):
        for column in range(3):
            canvas.rect(LEFT + column * WIDTH, TOP - (row + 1) * HEIGHT, WIDTH, HEIGHT)


def _filled_rules(canvas: Canvas) -> None:
    """Borders as thin filled rectangles, one path per rule, as WPS and Excel exports draw them."""
    right, bottom = LEFT + 3 * WIDTH, TOP - len(ROWS) * HEIGHT
    for row in range(len(ROWS) + 1):
        canvas.rect(LEFT, TOP - row * HEIGHT, right - LEFT, 0.5, stroke=0, fill=1)
    for column in range(4):
        canvas.rect(LEFT + column * WIDTH, bottom, 0.5, TOP - bottom, stroke=0, fill=1)


def grid_pdf(draw: Draw, rotate: int = 0, in_form: bool = False) -> bytes:
    _font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    if rotate:
        # Drawn turned against the page's /Rotate, so that it reads upright when displayed (as the
        # landscape table pages of the corpus are).
        canvas.setPageRotation(rotate)
        width, height = A4
        origin = {90: (width, 0.0), 180: (width, height), 270: (0.0, height)}[rotate]
        canvas.translate(*origin)
        canvas.rotate(rotate)
        if rotate != 180:
            canvas.translate(0, -250)  # a landscape page is lower than TOP
    if in_form:
        canvas.beginForm("table")
        draw(canvas)
        _cells(canvas)
        canvas.endForm()
        canvas.doForm("table")
    else:
        draw(canvas)
        _cells(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def both_readings(data: bytes) -> tuple[object, object]:
    """(pdfium's PageText of page 1, pdfplumber's text and tables of page 1)."""
    document = pdfium.PdfDocument(data)
    try:
        fast = read_page(document, 1)
    finally:
        document.close()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        reference = page_text(1, page)
        reference.layer_tables = layer_tables(page)
    return fast, reference


@pytest.mark.parametrize(
    ("draw", "rotate", "in_form"),
    [
        (_lines, 0, False),
        (_stroked_rects, 0, False),
        (_filled_rules, 0, False),
        (_filled_rules, 0, True),
        (_lines, 90, False),
        (_stroked_rects, 270, False),
        (_lines, 180, False),
    ],
    ids=["lines", "stroked-rects", "filled-rules", "in-a-form", "rotate-90", "rotate-270", "rotate-180"],
)
def test_pdfium_reads_a_ruled_page_as_pdfplumber_does(draw: Draw, rotate: int, in_form: bool) -> None:
    fast, reference = both_readings(grid_pdf(draw, rotate, in_form))
    assert fast is not None
    assert fast == reference
    tables = fast.layer_tables
    assert tables is not None and len(tables) == 1
    assert [tuple(row) for row in tables[0].rows] == ROWS
    assert tables[0].context == ["2019年部门收支预算总表", "单位：万元"]


def test_extraction_reads_ruled_pages_with_pdfium_and_the_records_match() -> None:
    data = grid_pdf(_filled_rules)
    quick = extract_pages(data, PDF, LIMITS)
    reference = extract_pages(data, PDF, LIMITS, fast=False)
    assert quick == reference
    assert parse_disclosure(data, PDF, quick) == parse_disclosure(data, PDF, reference)


def _rotated_text(canvas: Canvas) -> None:
    _lines(canvas)
    canvas.saveState()
    canvas.translate(40, 400)
    canvas.rotate(90)
    canvas.setFont("STSong-Light", 10)
    canvas.drawString(0, 0, "竖排说明")
    canvas.restoreState()


def _large_image(canvas: Canvas) -> None:
    _lines(canvas)
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    canvas.drawImage(ImageReader(Image.new("L", (4, 4))), 50, 50, 400, 300)  # a scan pasted in


@pytest.mark.parametrize("draw", [_rotated_text, _large_image], ids=["rotated-text", "large-image"])
def test_pages_pdfium_cannot_vouch_for_are_left_to_pdfplumber(draw: Draw) -> None:
    fast, _ = both_readings(grid_pdf(draw))
    assert fast is None


def test_a_blank_page_is_left_to_pdfplumber() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    _lines(canvas)
    canvas.showPage()
    canvas.save()
    fast, _ = both_readings(buffer.getvalue())
    assert fast is None  # no characters: the blank/OCR decision is the reference path's


@pytest.mark.parametrize("draw", [_lines, _stroked_rects, _filled_rules])
def test_the_faster_table_finder_steps_give_pdfplumbers_cells_and_texts(draw: Draw) -> None:
    with pdfplumber.open(io.BytesIO(grid_pdf(draw))) as pdf:
        page = pdf.pages[0]
        settings = TableSettings.resolve(None)
        finder = TableFinder(page, settings)
        assert intersections_to_cells(finder.intersections) == reference_cells(finder.intersections)
        ours = find_tables(page, settings)
        assert [t.extract() for t in ours] == [t.extract() for t in finder.tables]
        assert [t.bbox for t in ours] == [t.bbox for t in finder.tables]


def _corpus_pdfs() -> list[Path]:
    return sorted(CORPUS.rglob("*.pdf")) if CORPUS.is_dir() else []


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus PDFs not found at {CORPUS}")
@pytest.mark.parametrize(
    "name",
    [
        "jiangsu_province/江苏省委办公厅/江苏省委办公厅2018年度部门预算公开表.pdf",  # /Rotate 90 tables
        "jiangsu_province/江苏省高级人民法院/省法院2018年度部门预算公开.pdf",  # a table in a form XObject
        "shanghai_putuo/上海市普陀区规划和自然资源局2024年度部门决算.pdf",  # filled-rect rules
    ],
)
def test_corpus_table_pages_read_by_pdfium_give_the_reference_records(name: str) -> None:
    data = (CORPUS / name).read_bytes()
    quick = extract_pages(data, PDF, LIMITS)
    reference = extract_pages(data, PDF, LIMITS, fast=False)
    document = pdfium.PdfDocument(data)
    try:
        read = [n for n in range(1, len(document) + 1) if read_page(document, n) is not None]
    finally:
        document.close()
    assert len(read) >= 5  # the table pages did take the pdfium path
    # pdfium's coordinates are float32, pdfminer's float64: the boxes (for highlights) agree within
    # a rounding step of their one decimal; everything else is equal
    quick_boxes, reference_boxes = _boxes(quick), _boxes(reference)
    assert len(quick_boxes) == len(reference_boxes) > 0
    assert all(_near(a, b) for a, b in zip(quick_boxes, reference_boxes, strict=True))
    assert _without_boxes([p.layer_tables for p in quick]) == _without_boxes(
        [p.layer_tables for p in reference]
    )
    # Page text: the same characters on every page. Where a digit sits at the edge of the
    # displaced-baseline threshold (baselines.py), float32 and float64 positions may group one line
    # differently (规划局 2024 p14: "210 卫生健康支出 236.64" against "卫生健康支出\n210 236.64");
    # the tables and records above and below do not depend on it.
    regrouped = [p.number for p, r in zip(quick, reference, strict=True) if p.text != r.text]
    assert len(regrouped) <= 1
    for page, other in zip(quick, reference, strict=True):
        assert sorted("".join(page.text.split())) == sorted("".join(other.text.split()))
    assert _without_boxes(parse_disclosure(data, PDF, quick)) == _without_boxes(
        parse_disclosure(data, PDF, reference)
    )


def _boxes(value: object) -> list[tuple[float, ...]]:
    """Every box in a model dump, in order (cell boxes, row and evidence boxes)."""
    found: list[tuple[float, ...]] = []

    def walk(item: object, key: str = "") -> None:
        if isinstance(item, dict):
            for k, v in item.items():
                walk(v, k)
        elif isinstance(item, list | tuple):
            if key in ("bbox", "box") or (len(item) == 4 and all(isinstance(x, float) for x in item)):
                found.append(tuple(item))
            else:
                for v in item:
                    walk(v, key)

    walk(_dump(value))
    return found


def _near(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 0.15 for x, y in zip(a, b, strict=True))


def _without_boxes(value: object) -> object:
    def strip(item: object) -> object:
        if isinstance(item, dict):
            return {k: strip(v) for k, v in item.items() if k not in ("bbox", "cell_boxes")}
        if isinstance(item, list):
            return [strip(v) for v in item]
        return item

    return strip(_dump(value))


def _dump(value: object) -> object:
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    dump = getattr(value, "model_dump", None)
    return dump(mode="json") if dump is not None else value
