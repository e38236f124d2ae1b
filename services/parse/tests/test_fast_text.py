"""The pdfium text path for plain pages, against the pdfplumber path it replaces (the reference), and
one interpretation per page: the tables the extraction stage read are the ones the structure stage
would read from the PDF itself."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from disclosure_parse.extraction import extract_pages
from disclosure_parse.fast_text import FastText
from disclosure_parse.structure.parsing import parse_disclosure
from disclosure_shared.settings import Limits
from disclosure_shared.testing.pdfs import text_pdf

PDF = "application/pdf"
LIMITS = Limits(ocr_enabled=False)
CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
NARRATIVE = [
    "江苏省委办公厅2017年部门预算\n一、部门主要职责\n省委办公厅 2017 年度收入、支出预算总计 20849.45 万元，"
    "\n与上年相比增加 2043.58 万元，增长 10.87%。",
    "二、财政拨款支出预算情况\n一般公共服务支出 13,907.78 万元\n— 2 —",
]


def ruled_table_pdf() -> bytes:
    """A page with a title and a 3 x 2 ruled table (a drawn grid, as the disclosures print them)."""
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setFont("STSong-Light", 12)
    canvas.drawString(72, 780, "收支预算总表")
    canvas.drawString(72, 762, "单位：万元")
    rows = [("项目", "金额"), ("一般公共服务支出", "13,907.78"), ("合计", "18,330.37")]
    left, top, width, height = 72.0, 750.0, 220.0, 20.0
    for index in range(len(rows) + 1):
        canvas.line(left, top - index * height, left + 2 * width, top - index * height)
    for column in range(3):
        canvas.line(left + column * width, top, left + column * width, top - len(rows) * height)
    for index, (label, amount) in enumerate(rows):
        y = top - (index + 1) * height + 6
        canvas.drawString(left + 4, y, label)
        canvas.drawString(left + width + 4, y, amount)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_plain_pages_are_read_by_pdfium_with_the_reference_text() -> None:
    data = text_pdf(NARRATIVE)
    with FastText(data) as fast:
        assert [fast.plain_text(i) is not None for i in range(len(fast))] == [True, True]
    quick = extract_pages(data, PDF, LIMITS)
    reference = extract_pages(data, PDF, LIMITS, fast=False)
    assert [p.text for p in quick] == [p.text for p in reference]
    assert "20849.45 万元" in quick[0].text and quick[1].text.endswith("— 2 —")
    assert [p.layer_tables for p in quick] == [[], []]


def test_a_ruled_page_takes_the_pdfplumber_path_and_its_tables_travel_with_the_text() -> None:
    data = ruled_table_pdf()
    with FastText(data) as fast:
        assert fast.plain_text(0) is None  # drawn rules: a table may be there
    pages = extract_pages(data, PDF, LIMITS)
    tables = pages[0].layer_tables
    assert tables is not None and len(tables) == 1
    assert tables[0].rows[1:] == [["一般公共服务支出", "13,907.78"], ["合计", "18,330.37"]]
    assert tables[0].context == ["收支预算总表", "单位：万元"]
    # The structure stage builds the same tables as when it reads the PDF itself (an older event).
    from_event = parse_disclosure(data, PDF, pages)
    unread = [p.model_copy(update={"layer_tables": None}) for p in pages]
    from_pdf = parse_disclosure(data, PDF, unread)
    assert from_event == from_pdf


class CountingLoads:
    """A pypdfium2 document that counts its page loads (each parses the page's content stream)."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.loads = 0

    def __getitem__(self, index: int) -> Any:
        self.loads += 1
        return self.document[index]

    def __len__(self) -> int:
        return len(self.document)

    def close(self) -> None:
        self.document.close()


def test_a_table_page_is_loaded_once_for_both_pdfium_readers() -> None:
    with FastText(ruled_table_pdf()) as fast:
        counting = fast._document = CountingLoads(fast._document)
        assert fast.plain_text(0) is None  # a table page: left loaded for the table reader
        page = fast.page(0)
        assert page.get_size() == pytest.approx(A4) and counting.loads == 1
    with FastText(text_pdf(NARRATIVE)) as fast:
        counting = fast._document = CountingLoads(fast._document)
        assert fast.plain_text(0) is not None and fast.plain_text(1) is not None
        fast.page(0)  # a plain page was released once read: loaded again
        assert counting.loads == 3


def test_a_blank_page_still_takes_the_reference_path() -> None:
    data = text_pdf(["部门预算", ""])
    with FastText(data) as fast:
        assert fast.plain_text(1) is None  # no characters: the blank/OCR decision is pdfplumber's
    assert [p.text for p in extract_pages(data, PDF, LIMITS)] == ["部门预算", ""]


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus PDFs not found at {CORPUS}")
@pytest.mark.parametrize(
    "name",
    [
        "jiangsu_province/江苏省委办公厅/江苏省委办公厅2017年部门预算.pdf",  # page numbers in their own font
        "shanghai_putuo/上海市普陀区人民政府万里街道办事处25年预算.pdf",  # landscape narrative pages
    ],
)
def test_corpus_records_are_the_same_with_the_fast_path(name: str) -> None:
    data = (CORPUS / name).read_bytes()
    quick = extract_pages(data, PDF, LIMITS)
    reference = extract_pages(data, PDF, LIMITS, fast=False)
    assert [p.text for p in quick] == [p.text for p in reference]
    assert parse_disclosure(data, PDF, quick) == parse_disclosure(data, PDF, reference)
