"""Issue 12: a disclosure published inline as an HTML article (武昌区 publishes whole 部门决算 so),
built from a corpus document's pages, crawled and processed: the same tables and totals as the
document it was built from."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from disclosure_cli.embedded import process_received
from disclosure_cli.main import app
from disclosure_crawl.testing import FakePortal, entries, page, serve
from disclosure_ingest.fetching import read_file
from disclosure_parse.extraction import extract_pages
from disclosure_shared.records import ProcessedDisclosure
from disclosure_shared.settings import Limits
from disclosure_shared.testing.html_article import article_html

PDF = "application/pdf"


def tables(record: ProcessedDisclosure) -> list[tuple[object, ...]]:
    return [(t.kind, t.title, t.unit, [(r.code, r.name, r.values) for r in t.rows]) for t in record.tables]


def totals(record: ProcessedDisclosure) -> dict[tuple[str, str], object]:
    return {
        (t.kind, r.name): r.values
        for t in record.tables
        for r in t.rows
        if "总计" in r.name or "合计" in r.name
    }


@pytest.mark.corpus
def test_an_inline_article_built_from_a_corpus_document_gives_its_tables_and_totals(
    corpus_pdfs: list[Path], tmp_path: Path
) -> None:
    source = corpus_pdfs[9]  # a Shanghai 部门决算: ten tables, merged header cells
    limits = Limits(ocr_enabled=False)
    from_pdf = asyncio.run(process_received(read_file(source, limits), limits))
    info = from_pdf.document
    title = f"{info.organization}{info.year}年度部门决算"
    pdf_pages = extract_pages(source.read_bytes(), PDF, limits)
    article = article_html(pdf_pages, title, chrome=True)

    out = tmp_path / "out"
    with serve(FakePortal()) as portal:
        portal.html(
            "/czyjs/bmjs/index.shtml", page("部门决算", entries(("./202501/t20250110_1.html", title)))
        )
        portal.html("/czyjs/bmjs/202501/t20250110_1.html", article, encoding="gbk", header_charset=False)
        start = f"http://127.0.0.1:{portal.port}/czyjs/bmjs/index.shtml"
        portal_file = tmp_path / "wuchang-test.toml"
        portal_file.write_text(
            f'name = "wuchang-test"\nstart_urls = ["{start}"]\n'
            '[fetch]\nmin_interval_s = 0\nallowed_networks = ["127.0.0.0/8"]\n',
            encoding="utf-8",
        )
        arguments = ["crawl", str(portal_file), "--process", "--out", str(out)]
        first = CliRunner().invoke(app, arguments)
        assert first.exit_code == 0, first.output
        second = CliRunner().invoke(app, arguments)
        assert second.exit_code == 0, second.output
        assert portal.downloads["/czyjs/bmjs/202501/t20250110_1.html"] == 1  # then 304

    [path] = sorted(out.glob("*.json"))  # processed once across the two runs
    from_html = ProcessedDisclosure.model_validate(json.loads(path.read_text("utf-8")))
    assert from_html.source.uri == f"http://127.0.0.1:{portal.port}/czyjs/bmjs/202501/t20250110_1.html"
    assert from_html.source.portal == "wuchang-test"
    assert len(from_pdf.tables) == 10 and tables(from_html) == tables(from_pdf)
    assert totals(from_pdf) and totals(from_html) == totals(from_pdf)
    assert (from_html.document.kind, from_html.document.year, from_html.document.organization) == (
        info.kind,
        info.year,
        info.organization,
    )
    # One logical page per <table> (a PDF page's table each), and one for the text after the last.
    assert len(from_html.pages) == sum(len(p.layer_tables or []) for p in pdf_pages) + 1
    assert from_html.verdict == from_pdf.verdict
    assert sorted({f.rule for f in from_html.findings}) == sorted({f.rule for f in from_pdf.findings})
