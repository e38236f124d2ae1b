"""HTML disclosures (武昌区 publishes whole 部门决算 as an article with <table>s): text in reading order,
tables as the cell grids a PDF's ruled tables give, one logical page per table, bounded cost."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest

from disclosure_parse.extraction import extract_pages
from disclosure_parse.html_pages import MAX_CELLS, html_pages, read_html
from disclosure_parse.structure.parsing import parse_disclosure
from disclosure_shared.errors import EmptyDocument, TooComplex, TooManyPages
from disclosure_shared.records import Table
from disclosure_shared.settings import Limits
from disclosure_shared.testing.hostile import nested_tables_html, table_flood_html
from disclosure_shared.testing.html_article import article_html

HTML = "text/html"
PDF = "application/pdf"


def grids(markup: str) -> list[list[list[str]]]:
    return [block for block in read_html(markup) if not isinstance(block, str)]


def test_spanning_cells_keep_their_text_top_left_and_leave_the_covered_positions_blank() -> None:
    markup = (
        "<table><tr><th rowspan=2>项目</th><th colspan='2'>本年</th><th>备注</th></tr>"
        "<tr><th>预算</th><th>决算</th><th rowspan=3>x</th></tr>"
        "<tr><td>收入总计</td><td rowspan=2>5</td><td>6</td></tr>"
        "<tr><td>支出</td><td>7</td></tr></table>"
    )
    assert grids(markup) == [
        [
            ["项目", "本年", "", "备注"],
            ["", "预算", "决算", "x"],
            ["收入总计", "5", "6", ""],
            ["支出", "", "7", ""],
        ]
    ]


def test_cell_text_drops_tags_and_entities_and_keeps_only_markup_line_breaks() -> None:
    markup = (
        "<table><tr><td><p><span>一般公共</span>\n   预算<b>拨款</b></p><br>收入</td>"
        "<td>&nbsp;1,234.56&nbsp;</td><td>&nbsp;</td></tr><tr><td>a &amp; b</td><td></td></tr></table>"
    )
    assert grids(markup) == [[["一般公共预算拨款\n收入", "1,234.56", ""], ["a & b", "", ""]]]


def test_a_layout_table_is_read_as_text_and_only_the_tables_inside_it_are_grids() -> None:
    markup = (
        "<html><head><title>标题</title><style>td{}</style></head><body>"
        "<table><tr><td><div>第一部分</div><table><tr><td>合计</td><td>1</td></tr></table>"
        "<p>注：无</p></td></tr></table>"
        "<table><tr><td><p>框内的一段话</p><p>第二段</p></td></tr></table></body></html>"
    )
    pages = html_pages(markup, Limits())
    assert [p.layer_tables[0].rows if p.layer_tables else None for p in pages] == [[["合计", "1"]], None]
    assert pages[0].text == "标题\n第一部分\n合计 1"
    assert pages[0].layer_tables and pages[0].layer_tables[0].trailer == ["注：无", "框内的一段话", "第二段"]
    assert pages[1].text == "注：无\n框内的一段话\n第二段"


def test_each_table_opens_a_page_with_the_text_before_it_as_its_context() -> None:
    markup = (
        "<h1>武汉市武昌区科技局2022年度部门决算</h1><p>表一</p><table><tr><td>a</td><td>1</td></tr></table>"
        "<p>表二</p><p>单位：万元</p><table><tr><td>b</td><td>2</td></tr></table><p>附注</p>"
    )
    pages = html_pages(markup, Limits())
    assert [p.number for p in pages] == [1, 2, 3]
    contexts = [t.context for p in pages for t in p.layer_tables or []]
    assert contexts == [["武汉市武昌区科技局2022年度部门决算", "表一"], ["表二", "单位：万元"]]
    assert pages[2].text == "附注" and pages[2].layer_tables == []
    # Without a table the page has none (and no table is guessed from its lines, as for a PDF).
    plain = html_pages("<p>收入 100.00</p><p>支出 90.00</p>", Limits())
    assert len(plain) == 1 and plain[0].layer_tables == []
    with pytest.raises(EmptyDocument):
        html_pages("<script>x()</script>", Limits())


def test_thousands_separators_nbsp_and_header_cells_build_the_canonical_table() -> None:
    markup = (
        "<h1>武汉市武昌区科技局2022年度部门决算</h1><p>收入支出决算总表</p><p>单位：万元</p>"
        "<table><tr><th colspan=2>收入</th><th colspan=2>支出</th></tr>"
        "<tr><th>项目</th><th>决算数</th><th>项目</th><th>决算数</th></tr>"
        "<tr><td>一、一般公共预算财政拨款收入</td><td>1,234.56</td><td>一、一般公共服务支出</td><td>1,000.00</td></tr>"
        "<tr><td>本年收入合计</td><td>1,234.56</td><td>本年支出合计</td><td>&nbsp;1,000.00</td></tr></table>"
    )
    data = markup.encode()
    parsed = parse_disclosure(data, HTML, extract_pages(data, HTML, Limits()))
    assert [t.kind for t in parsed.tables] == ["revenue_expenditure_summary"]
    values = {r.name: r.values for r in parsed.tables[0].rows}
    assert Decimal("1234.56") in values["一、一般公共预算财政拨款收入"].values()
    assert Decimal("1000.00") in values["本年支出合计"].values()


def test_hostile_html_is_too_complex_quickly() -> None:
    deep_divs = ("<div>" * 200_000 + "<p>武昌区2024年部门决算</p>").encode()
    assert extract_pages(deep_divs, HTML, Limits())[0].text == "武昌区2024年部门决算"  # no stack kept
    for hostile in (table_flood_html(), nested_tables_html()):
        started = time.monotonic()
        with pytest.raises(TooComplex):
            extract_pages(hostile, HTML, Limits())
        assert time.monotonic() - started < 10
    huge_span = "<table>" + '<tr><td colspan="999999" rowspan="999999">x</td></tr>' * (MAX_CELLS // 1000)
    with pytest.raises(TooComplex):
        html_pages(huge_span, Limits())
    many = "<table><tr><td>a</td><td>1</td></tr></table>" * 30
    with pytest.raises(TooManyPages):
        html_pages(many, Limits(max_pages=20))


def signature(tables: list[Table]) -> list[tuple[object, ...]]:
    return [
        (t.kind, t.title, t.unit, t.empty, [(r.code, r.name, r.values, r.attributes) for r in t.rows])
        for t in tables
    ]


@pytest.mark.corpus
@pytest.mark.parametrize("index", [0, 9, 14])
def test_a_pdf_rendered_as_an_html_article_gives_the_same_document_and_tables(
    corpus_pdfs: list[Path], index: int
) -> None:
    """Jiangsu 预算 tables, a Shanghai 部门决算, the Shanghai template: the HTML article built from the
    PDF's pages (merged header cells as spans, grouped amounts, a layout frame) reads the same."""
    data = corpus_pdfs[index].read_bytes()
    limits = Limits(ocr_enabled=False)
    pages = extract_pages(data, PDF, limits)
    from_pdf = parse_disclosure(data, PDF, pages)
    html = article_html(pages, from_pdf.document.title or "").encode()
    from_html = parse_disclosure(html, HTML, extract_pages(html, HTML, limits))
    assert len(from_pdf.tables) >= 9
    assert signature(from_html.tables) == signature(from_pdf.tables)
    # kind, scope, year, organization, region (the title line may be read from the HTML's <title>)
    assert from_html.document.model_dump(exclude={"title"}) == from_pdf.document.model_dump(exclude={"title"})
