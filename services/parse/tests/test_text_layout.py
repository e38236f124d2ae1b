"""text_layout.py and table_finder.py against pdfplumber's own functions (the reference) on every page,
table and table cell of the corpus as the pdfium paths read them (fast_text for plain pages,
pdfium_page for table pages), texts with and without the displaced digits set back on their line;
and the cases text_layout hands to pdfplumber (characters that are not upright)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from pdfplumber.table import TableFinder, TableSettings
from pdfplumber.utils.geometry import obj_to_bbox
from pdfplumber.utils.text import chars_to_textmap
from pdfplumber.utils.text import extract_text as reference_text

from disclosure_parse import fast_text, pdfium_page
from disclosure_parse.baselines import level_displaced
from disclosure_parse.table_finder import find_tables, merged_edges
from disclosure_parse.text_layout import extract_text, layout_text

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
Char = dict[str, Any]


def _char(text: str, x0: float, top: float, upright: bool = True) -> Char:
    box = {"x0": x0, "x1": x0 + 5, "top": top, "bottom": top + 10, "doctop": top}
    return {"text": text, "upright": upright, **box}


def _reference_layout(chars: list[Char], width: float, height: float) -> str:
    bbox = (0, 0, width, height)
    textmap = chars_to_textmap(chars, layout_bbox=bbox, layout_width=width, layout_height=height)
    return str(textmap.as_string)


def test_words_lines_and_ligatures_read_as_pdfplumber_reads_them() -> None:
    # two lines 2.5 pt apart in top (one line for pdfplumber), a gap of 4 pt (a new word), a blank,
    # a character left of the previous one (a new word), a ligature, and a line well below
    chars = [
        _char("b", 20, 102.5),
        _char("a", 10, 100),
        _char("c", 29, 100),
        _char(" ", 34, 100),
        _char("ﬁ", 40, 101),
        _char("d", 10, 130),
        _char("e", 12, 131),
        _char("x", 50, 95),
    ]
    assert extract_text(chars) == reference_text(chars)
    assert layout_text(chars) == _reference_layout(chars, 600, 800)
    assert extract_text(chars).count("\n") == 2  # x above; a..fi (tops 100-102.5); d e
    assert "fi" in layout_text(chars)


def test_characters_that_are_not_upright_are_left_to_pdfplumber() -> None:
    chars = [_char("甲", 10, 100, upright=False), _char("乙", 10, 112, upright=False), _char("1", 30, 100)]
    assert extract_text(chars) == reference_text(chars)
    assert layout_text(chars) == _reference_layout(chars, 600, 800)
    assert extract_text([]) == reference_text([]) == ""


def _cells_chars(page: pdfium_page.PdfiumTablePage, chars: list[Char]) -> list[list[Char]]:
    """The characters of every cell of every table on the page (pdfplumber's `Table.extract`: a
    character belongs to the cell its middle is in)."""
    found: list[list[Char]] = []
    for table in find_tables(page, TableSettings.resolve(None)):
        for row in table.rows:
            for cell in row.cells:
                if cell is None:
                    continue
                x0, top, x1, bottom = cell
                found.append(
                    [
                        c
                        for c in chars
                        if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and top <= (c["top"] + c["bottom"]) / 2 < bottom
                    ]
                )
    return found


def _corpus_pages() -> Iterator[tuple[Path, int, Any]]:
    """(file, page index, the page loaded by pdfium) for every corpus page; each page is closed once
    the caller moves on, each document after its last page."""
    for path in sorted(CORPUS.rglob("*.pdf")):
        document = pdfium.PdfDocument(path.read_bytes())
        try:
            for index in range(len(document)):
                page = document[index]
                try:
                    yield path, index, page
                finally:
                    page.close()
        finally:
            document.close()


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus PDFs not found at {CORPUS}")
def test_every_corpus_page_and_table_cell_reads_as_pdfplumber_reads_it() -> None:
    pages = cells = 0
    for path, index, page in _corpus_pages():
        try:
            table_page = pdfium_page._table_page(page, index + 1)
        except pdfium_page.NotReadable:
            table_page = None
        if table_page is not None:
            width, height, raw = table_page.width, table_page.height, table_page.chars
        else:
            left, bottom, right, top = page.get_mediabox()
            width, height, raw = right - left, top - bottom, fast_text._chars(page)
        for chars in (raw, level_displaced(raw)):
            assert layout_text(chars) == _reference_layout(chars, width, height), (path, index)
            pages += 1
            if table_page is None:
                continue
            for inside in _cells_chars(table_page, chars):
                assert extract_text(inside) == reference_text(inside), (path, index, inside)
                cells += 1
    # the corpus has some 600 pages and tens of thousands of table cells
    assert pages > 500 and cells > 10_000, (pages, cells)


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus PDFs not found at {CORPUS}")
def test_every_corpus_table_page_gives_pdfplumbers_edges_cells_and_tables() -> None:
    settings = TableSettings.resolve(None)
    checked = 0
    for path, index, page in _corpus_pages():
        try:
            table_page = pdfium_page._table_page(page, index + 1)
        except pdfium_page.NotReadable:
            continue
        reference = TableFinder(table_page, settings)
        vertical, horizontal = merged_edges(table_page.edges, settings)
        boxes = [(x, top, x1, bottom) for x, top, bottom, x1, _ in vertical]
        boxes += [(x0, top, x1, bottom) for top, x0, x1, bottom, _ in horizontal]
        assert sorted(boxes) == sorted(obj_to_bbox(e) for e in reference.edges), (path, index)
        ours = find_tables(table_page, settings)
        assert [t.cells for t in ours] == [t.cells for t in reference.tables], (path, index)
        assert [t.extract() for t in ours] == [t.extract() for t in reference.tables], (path, index)
        checked += bool(ours)
    assert checked > 100, checked  # pages with tables
