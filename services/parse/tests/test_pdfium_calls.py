"""The shortcuts pdfium_calls and the pdfium readers take to ask pdfium less, against asking it
everything, on real corpus pages: path segments read from memory are the ones pdfium's functions
answer, only spaces and line breaks are generated characters, and a character's matrix and font size
are its text object's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from disclosure_parse import pdfium_calls as c

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
FILES = [
    "jiangsu_province/江苏省高级人民法院/江苏省高级人民法院2019年度部门预算公开.pdf",  # stroked grids
    "jiangsu_province/江苏省高级人民法院/省法院2018年度部门预算公开.pdf",  # a table in a form XObject
    "shanghai_putuo/上海市普陀区规划和自然资源局2024年度部门决算.pdf",  # filled-rect rules
]

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus PDFs not found at {CORPUS}")


def _pages(name: str) -> Iterator[Any]:
    document = pdfium.PdfDocument((CORPUS / name).read_bytes())
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                yield page
            finally:
                page.close()
    finally:
        document.close()


def _paths(objects: list[int]) -> Iterator[int]:
    for obj in objects:
        kind = c.object_type(obj)
        if kind == c.PATH:
            yield obj
        elif kind == c.FORM:
            yield from _paths([c.form_object(obj, i) for i in range(c.count_form_objects(obj))])


def test_this_pdfium_lays_path_segments_out_as_read() -> None:
    # if a pypdfium2 upgrade changes pdfium's CFX_Path::Point, segments() falls back to asking
    # (slower, same answers): this says so
    assert c.segments_in_memory()


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("name", FILES)
def test_path_segments_read_from_memory_are_those_pdfium_answers(name: str) -> None:
    compared = 0
    for page in _pages(name):
        raw = c.handle(page.raw)
        for path in _paths([c.page_object(raw, i) for i in range(c.count_objects(raw))]):
            count = c.count_segments(path)
            assert c.segments(path) == c.asked_segments(path, count)
            compared += count
    assert compared > 1000


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("name", FILES)
def test_content_chars_leaves_out_what_pdfium_generated(name: str) -> None:
    for page in _pages(name):
        with c.text_page(page) as raw:
            every = [(i, c.char_unicode(raw, i)) for i in range(c.count_chars(raw))]
            shown = [(i, code) for i, code in every if not c.is_generated(raw, i)]
            assert list(c.content_chars(raw)) == [(i, code) for i, code in shown if code not in c.LINE_BREAKS]


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("name", FILES)
def test_a_characters_matrix_and_font_size_are_its_text_objects(name: str) -> None:
    matrix = c.FS_MATRIX()
    shared = 0
    for page in _pages(name):
        seen: dict[int, tuple[tuple[float, ...], float]] = {}  # addresses are reused across pages
        with c.text_page(page) as raw:
            for i, _ in c.content_chars(raw):
                key = c.char_text_object(raw, i)
                assert key and c.char_matrix(raw, i, c.address(matrix))
                metrics = (
                    (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f),
                    c.char_font_size(raw, i),
                )
                shared += key in seen
                assert seen.setdefault(key, metrics) == metrics
    assert shared > 100  # text objects of several characters were compared
