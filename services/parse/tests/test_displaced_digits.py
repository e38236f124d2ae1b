"""Text layers whose digits sit a few points off the CJK baseline (ONLYOFFICE exports): the year, the
organization, the narrative amounts and the table cells read as printed, on both text paths."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from disclosure_parse.baselines import level_displaced
from disclosure_parse.extraction import extract_pages
from disclosure_parse.fast_text import FastText
from disclosure_parse.structure.parsing import parse_disclosure
from disclosure_shared.settings import Limits

PDF = "application/pdf"
LIMITS = Limits(ocr_enabled=False)
CJK = "STSong-Light"
LATIN = "Helvetica"


def _line(canvas: Canvas, x: float, y: float, text: str, size: float, rise: float) -> None:
    """One line as an office suite writes it: CJK runs in the CJK font on the baseline, each Latin
    run (digits, "%", ".") in a Latin font raised or lowered by `rise` points."""
    runs: list[str] = []
    for char in text:
        if runs and runs[-1][-1].isascii() == char.isascii():
            runs[-1] += char
        else:
            runs.append(char)
    obj = canvas.beginText(x, y)
    for run in runs:
        latin = run.isascii()
        obj.setFont(LATIN if latin else CJK, size)
        obj.setRise(rise if latin else 0)
        obj.textOut(run)
    canvas.drawText(obj)


def displaced_pdf(rise: float) -> bytes:
    """A cover, a narrative page and a ruled 收支总表, every Latin run displaced by `rise`."""
    if CJK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    _line(canvas, 120, 700, "武汉市江汉区财政局2024年度部门预算", 20, rise)
    canvas.showPage()
    narrative = [
        "一、收支预算总体情况",
        "武汉市江汉区财政局2024年度收入、支出预算总计1,234.56万元，比上年增加12.5%。",
        "三公经费财政拨款预算0.3万元，其中公务接待费0.3万元。",
    ]
    for index, text in enumerate(narrative):
        _line(canvas, 60, 780 - 24 * index, text, 10.5, rise)
    canvas.showPage()
    _line(canvas, 72, 780, "2024年部门收支总表", 14, rise)
    _line(canvas, 72, 760, "单位：万元", 10.5, rise)
    rows = [
        ("项目", "预算数"),
        ("一般公共服务支出", "1,034.56"),
        ("2024年度结转", "200.00"),
        ("合计", "1,234.56"),
    ]
    left, top, width, height = 72.0, 750.0, 200.0, 22.0
    for index in range(len(rows) + 1):
        canvas.line(left, top - index * height, left + 2 * width, top - index * height)
    for column in range(3):
        canvas.line(left + column * width, top, left + column * width, top - len(rows) * height)
    for index, (label, amount) in enumerate(rows):
        y = top - (index + 1) * height + 7
        _line(canvas, left + 4, y, label, 10.5, rise)
        _line(canvas, left + width + 4, y, amount, 10.5, rise)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


RISES = [-4.0, -3.0, -2.0, 2.0, 3.0, 4.0]


@pytest.mark.parametrize("rise", RISES)
@pytest.mark.parametrize("fast", [True, False], ids=["pdfium", "pdfplumber"])
def test_displaced_digits_stay_on_their_line(rise: float, fast: bool) -> None:
    pages = extract_pages(displaced_pdf(rise), PDF, LIMITS, fast=fast)
    assert pages[0].text == "武汉市江汉区财政局2024年度部门预算"
    assert "预算总计1,234.56万元，比上年增加12.5%。" in pages[1].text
    assert "三公经费财政拨款预算0.3万元，其中公务接待费0.3万元。" in pages[1].text
    # the ruled table's page is read by pdfium_page.py on the fast path, by pdfplumber on the other
    assert pages[2].text.startswith("2024年部门收支总表\n单位：万元\n")
    assert "\n2024年度结转 200.00\n合计 1,234.56" in pages[2].text


def test_both_text_paths_read_the_plain_pages_alike() -> None:
    data = displaced_pdf(4.0)
    with FastText(data) as fast:
        assert [fast.plain_text(i) is not None for i in range(2)] == [True, True]
    quick = extract_pages(data, PDF, LIMITS)
    reference = extract_pages(data, PDF, LIMITS, fast=False)
    assert [p.text for p in quick[:2]] == [p.text for p in reference[:2]]


@pytest.mark.parametrize("rise", [-4.0, 3.0])
def test_year_organization_claims_and_cells_of_a_displaced_document(rise: float) -> None:
    data = displaced_pdf(rise)
    parsed = parse_disclosure(data, PDF, extract_pages(data, PDF, LIMITS))
    assert parsed.document.year == 2024
    assert parsed.document.organization == "武汉市江汉区财政局"
    amounts = {(c.subject, c.value) for c in parsed.claims if c.kind == "amount"}
    assert {("收入总计", Decimal("1234.56")), ("支出总计", Decimal("1234.56"))} <= amounts
    assert {("三公经费", Decimal("0.3")), ("公务接待费", Decimal("0.3"))} <= amounts
    assert any(c.kind == "change" and c.value == Decimal("12.5") for c in parsed.claims)
    table = next(t for t in parsed.tables if t.kind == "revenue_expenditure_summary")
    assert table.title == "2024年部门收支总表"
    cells = {r.name: list(r.values.values()) for r in table.rows}
    assert cells["一般公共服务支出"] == [Decimal("1034.56")]
    assert cells["2024年度结转"] == [Decimal("200.00")]


def test_cells_read_whole_from_the_page_tables() -> None:
    pages = extract_pages(displaced_pdf(-4.0), PDF, LIMITS)
    tables = pages[2].layer_tables
    assert tables is not None and len(tables) == 1
    assert tables[0].context == ["2024年部门收支总表", "单位：万元"]
    assert tables[0].rows[2] == ["2024年度结转", "200.00"]


def _char(text: str, x0: float, top: float, size: float = 10.0) -> dict[str, object]:
    return {"text": text, "x0": x0, "x1": x0 + size, "top": top, "bottom": top + size, "upright": True}


def test_only_displaced_latin_characters_move() -> None:
    line = [_char("年", 0, 100), _char("度", 10, 100)]
    aligned = [_char("2", 20, 101)]  # another font's metrics: within the grouping's own tolerance
    assert level_displaced(line + aligned) == line + aligned
    displaced = [_char("2", 20, 103.5)]
    leveled = level_displaced(line + displaced)
    assert leveled[:2] == line and leveled[2]["top"] == 100 and leveled[2]["bottom"] == 110
    latin_only = [_char("2", 0, 100), _char("0", 10, 104)]
    assert level_displaced(latin_only) == latin_only


def test_a_character_between_two_lines_stays_where_it_is() -> None:
    """A figure centred beside a label wrapped over two lines belongs to neither line."""
    lines = [_char("一", 0, 100), _char("二", 0, 110)]
    centred = [_char("5", 50, 105)]
    assert level_displaced(lines + centred) == lines + centred
