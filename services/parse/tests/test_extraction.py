from pathlib import Path

import pytest

from disclosure_parse.extraction import extract_document, extract_pages, open_pdf_checked
from disclosure_parse.pdf_safety import active_content
from disclosure_parse.structure.parsing import active_content_of
from disclosure_parse.text_layer import usable_text
from disclosure_shared.errors import CorruptPdf, EmptyDocument, EncryptedPdf, TooManyPages
from disclosure_shared.settings import Limits
from disclosure_shared.testing import hostile
from disclosure_shared.testing.pdfs import damaged_pdf, text_pdf, zero_page_pdf

PDF = "application/pdf"
CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"


def test_every_page_text_in_order() -> None:
    data = text_pdf(["武汉市硚口区大数据中心\n2023 年度部门决算", "", "公开01表 金额单位：万元"])
    pages = extract_pages(data, PDF, Limits(ocr_enabled=False))
    assert [p.number for p in pages] == [1, 2, 3]
    assert "2023 年度部门决算" in pages[0].text and "公开01表" in pages[2].text
    assert pages[0].info().chars == len(pages[0].text)


def test_a_blank_page_is_never_sent_to_ocr() -> None:
    """No characters, no images, no drawing: nothing for OCR to read (it cost ~0.85 s and 75 MiB)."""
    pages = extract_pages(text_pdf(["部门预算", ""]), PDF, Limits())
    assert [(p.method, p.needs_ocr, p.text, p.ocr_note) for p in pages[1:]] == [("text", False, "", None)]
    assert pages[0].method == "text"


def test_password_protected_pdf_is_rejected_as_encrypted() -> None:
    with pytest.raises(EncryptedPdf):
        extract_pages(text_pdf(["机密"], encrypt_password="secret"), PDF, Limits(), sha256="ab")


def test_damaged_and_truncated_pdfs_are_corrupt() -> None:
    with pytest.raises(CorruptPdf):
        extract_pages(damaged_pdf(), PDF, Limits())
    whole = text_pdf(["部门预算"] * 3)
    with pytest.raises(CorruptPdf):
        extract_pages(whole[: len(whole) // 3], PDF, Limits())


def test_zero_pages_and_page_limit() -> None:
    with pytest.raises(EmptyDocument):
        extract_pages(zero_page_pdf(), PDF, Limits())
    with pytest.raises(TooManyPages, match="3 pages; the limit is 2"):
        extract_pages(text_pdf(["一", "二", "三"]), PDF, Limits(max_pages=2))


def test_cid_garbage_is_not_a_usable_text_layer() -> None:
    assert not usable_text("(cid:12)(cid:345)(cid:9) (cid:77)")
    assert not usable_text(" \n\t")
    assert usable_text("一般公共预算财政拨款收入 2,098.74")


def test_text_exports_split_on_form_feeds_and_html_keeps_cells_apart() -> None:
    pages = extract_pages("第一页 部门预算\f第二页 支出".encode(), "text/plain", Limits())
    assert [p.text for p in pages] == ["第一页 部门预算", "第二页 支出"]
    html = extract_pages(
        "<table><tr><td>合计</td><td>2,098.74</td></tr></table><script>x()</script>".encode(),
        "text/html",
        Limits(),
    )
    assert [(p.text, p.layer_tables and p.layer_tables[0].rows) for p in html] == [
        ("合计 2,098.74", [["合计", "2,098.74"]])
    ]
    with pytest.raises(EmptyDocument):
        extract_pages(b"\f\n", "text/plain", Limits())


def test_a_huge_page_is_rendered_for_ocr_within_the_pixel_budget() -> None:
    from disclosure_parse.extraction import raster_dpi

    assert raster_dpi((595, 842), 200, 36_000_000) == 200  # A4 at the configured resolution
    dpi = raster_dpi((14_400, 14_400), 200, 36_000_000)
    assert dpi < 200 and (14_400 * dpi / 72) ** 2 <= 36_000_000


def test_pages_larger_together_than_the_page_budget_are_too_complex() -> None:
    from disclosure_shared.errors import TooComplex
    from disclosure_shared.testing.hostile import giant_image_page

    with pytest.raises(TooComplex, match="A3 pages"):
        extract_pages(giant_image_page(side_px=10, side_pt=14_400), PDF, Limits(max_pages=100))


def test_active_content_is_found_in_the_pdf_opened_for_its_pages() -> None:
    """The extraction's answer, from the document it read the pages of, is the structure stage's own
    (a PDFDocument of the bytes), on a PDF carrying every kind and on a plain one."""
    carrying = hostile.active_content()
    extracted = extract_document(carrying, PDF, Limits(ocr_enabled=False))
    assert extracted.active_content == active_content_of(carrying, PDF)
    assert extracted.active_content == ["EmbeddedFile", "JavaScript", "Launch", "OpenAction"]
    assert [p.number for p in extracted.pages] == [p.number for p in extract_pages(carrying, PDF, Limits())]
    plain = text_pdf(["部门预算"])
    assert extract_document(plain, PDF, Limits()).active_content == active_content_of(plain, PDF) == []
    assert extract_document("部门预算".encode(), "text/plain", Limits()).active_content == []


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus PDFs not found at {CORPUS}")
def test_the_corpus_active_content_is_the_same_from_the_open_pdf() -> None:
    """As extract_document looks: in the document whose page tree was read (its objects cached)."""
    for path in sorted(CORPUS.rglob("*.pdf")):
        data = path.read_bytes()
        with open_pdf_checked(data, Limits()) as pdf:
            assert pdf.pages
            assert active_content(pdf.doc, data) == active_content_of(data, PDF), path.name
