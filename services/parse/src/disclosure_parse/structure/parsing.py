"""The structure stage's entry point: a disclosure (PDF, HTML or text export) -> document info, tables,
claims, findings.

    parse_disclosure(data, content_type, pages) -> ParsedContent
      ├── pdf_source / text_source   physical table blocks (RawTable) with their surrounding text
      │                              (an HTML document's grids come with its pages, as a PDF's)
      ├── merge                      page continuations joined into logical tables
      ├── build                      classify, header -> columns, rows
      ├── document                   kind / scope / year / organization / region / title
      └── claims/                    numbers stated in the narrative

It never raises: a document it cannot read still yields a ParsedContent whose findings say why.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser

from disclosure_parse.pdf_safety import active_content
from disclosure_parse.structure.build import PERFORMANCE, build_table
from disclosure_parse.structure.claims.extract import extract_claims
from disclosure_parse.structure.declarations import with_declarations
from disclosure_parse.structure.document import classify_document
from disclosure_parse.structure.front_matter import not_a_table
from disclosure_parse.structure.merge import merge_blocks
from disclosure_parse.structure.model import RawTable
from disclosure_parse.structure.pdf_source import (
    iter_pdf_tables,
    open_pdf_unchecked,
    page_texts,
    raw_tables,
)
from disclosure_parse.structure.repair import repair_truncated_codes
from disclosure_parse.structure.row_boxes import place_rows, printed_rows
from disclosure_parse.structure.self_evaluations import with_self_evaluations
from disclosure_parse.structure.table_units import settle_units
from disclosure_parse.structure.text_source import text_tables
from disclosure_parse.structure.toc import missing_tables
from disclosure_parse.text_layer import usable_text
from disclosure_shared.events import PageText
from disclosure_shared.records import Claim, DocumentInfo, Evidence, Finding, Location, Table

__all__ = ["ParsedContent", "active_content_of", "needs_bytes", "parse_disclosure"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ParsedContent:
    document: DocumentInfo
    tables: list[Table] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _fatal(message: str, exc: BaseException) -> Finding:
    return Finding(
        rule="parse-failed",
        severity="error",
        probable_cause="extraction",
        message=message,
        location=Location(),
        evidence=[Evidence(text=f"{type(exc).__name__}: {exc}"[:300])],
    )


def active_content_of(data: bytes, content_type: str) -> list[str]:
    """The kinds of active content a PDF carries (pdf_safety), [] for other documents and for a file
    that will not open (advisory: such a file says so through its tables)."""
    if content_type != "application/pdf":
        return []
    try:
        # pdfminer's document alone: pdfplumber would build (and on closing, walk) every page
        return active_content(PDFDocument(PDFParser(io.BytesIO(data))), data)
    except Exception as exc:
        log.warning("active content check failed: %s", exc)
        return []


def needs_bytes(content_type: str, pages: Sequence[PageText], active: Sequence[str] | None) -> bool:
    """Whether parse_disclosure must read the document's bytes: a PDF page whose tables were not read
    with its text, a PDF whose active content was not looked at, or a document without pages."""
    if not pages:
        return True
    return content_type == "application/pdf" and (
        active is None or any(p.layer_tables is None for p in pages)
    )


def _active_findings(found: Sequence[str]) -> list[Finding]:
    """An info finding naming the active content a PDF carries (never run, never extracted)."""
    if not found:
        return []
    return [
        Finding(
            rule="active-content",
            severity="info",
            probable_cause="source",
            message=f"文档含有主动内容（{'、'.join(found)}），本系统未执行也未提取这些内容。",
            location=Location(),
            evidence=[Evidence(text=", ".join(found))],
        )
    ]


def _pdf_tables(data: bytes, pages: Sequence[PageText]) -> tuple[list[RawTable], list[str]]:
    """The tables the extraction stage read with each page's text; the PDF is read again only when
    a page came without them (an older event, a page whose table finder failed)."""
    if pages and all(p.layer_tables is not None for p in pages):
        raws = [raw for p in pages for raw in raw_tables(p.number, p.layer_tables or [])]
        return raws, [p.text for p in pages]
    with open_pdf_unchecked(data) as pdf:
        raws = list(iter_pdf_tables(pdf))
        texts = [p.text for p in pages] if pages else page_texts(pdf)
    return raws, texts


def _raw_tables(
    data: bytes, content_type: str, pages: Sequence[PageText]
) -> tuple[list[RawTable], list[str]]:
    if content_type == "application/pdf":
        raws, texts = _pdf_tables(data, pages)
        # OCR'd pages bring the tables rebuilt from their image. A table pdfplumber found there is
        # dropped when its cells are unreadable (no text layer, (cid:) glyphs), kept on a mixed page
        # (text layer + pasted picture). Page order keeps continuation merging working.
        ocr_pages = {p.number: p for p in pages if p.method == "ocr"}
        if ocr_pages:
            from disclosure_parse.structure.text_norm import join_wrapped

            raws = [
                raw
                for raw in raws
                if raw.pages[0] not in ocr_pages or usable_text(" ".join(c for row in raw.rows for c in row))
            ]
            for page in ocr_pages.values():
                raws.extend(
                    RawTable(
                        rows=[list(row) for row in table.rows],
                        pages=[page.number],
                        # Lines as pdf_source makes them from characters (CJK gaps closed).
                        context=[join_wrapped(line) for line in table.context],
                        trailer=[join_wrapped(line) for line in table.trailer],
                        align="grid",
                        starts_page=index == 0,
                    )
                    for index, table in enumerate(page.ocr_tables)
                )
            raws.sort(key=lambda raw: raw.pages[0])  # stable: each page's tables stay in reading order
        return raws, texts
    if pages and all(p.layer_tables is not None for p in pages):
        # An HTML document's <table>s, read as grids by the extraction stage (html_pages.py).
        return [raw for p in pages for raw in raw_tables(p.number, p.layer_tables or [])], [
            p.text for p in pages
        ]
    if pages:
        numbered = [(p.number, line) for p in pages for line in p.text.splitlines()]
        texts = [p.text for p in pages]
    else:
        text = data.decode("utf-8", errors="replace")
        numbered = [(1, line) for line in text.splitlines()]
        texts = [text]
    return text_tables(numbered), texts


def parse_disclosure(
    data: bytes | None,
    content_type: str,
    pages: Sequence[PageText],
    active: Sequence[str] | None = None,
) -> ParsedContent:
    """Classify the document and rebuild its tables; findings carry whatever could not be read.
    `active`: the document's active content as the extraction stage found it (None: look here);
    `data` may be None when `needs_bytes` says so (the pages carry everything else)."""
    if data is None:
        if needs_bytes(content_type, pages, active):
            raise ValueError("this document's structure needs its bytes")
        data = b""
    try:
        raws, texts = _raw_tables(data, content_type, pages)
    except Exception as exc:  # a broken file must not stop the pipeline
        log.warning("table extraction failed: %s", exc)
        texts = [p.text for p in pages]
        document = _safe_document(texts)
        return ParsedContent(document, findings=[_fatal("无法读取文档中的表格，未能提取任何表。", exc)])
    document = _safe_document(texts)
    tables: list[Table] = []
    findings: list[Finding] = []
    for logical in merge_blocks(raws):
        reason = not_a_table([cells for cells, _ in logical.rows])
        if reason is not None:
            log.debug("pages %s: not a table (%s)", logical.pages, reason)
            continue
        previous = tables[-1] if tables else None
        try:
            table, table_findings = build_table(logical, document.kind, previous.kind if previous else None)
        except Exception as exc:  # one odd table must not lose the others
            log.warning("table build failed on pages %s: %s", logical.pages, exc)
            findings.append(_fatal(f"第 {logical.pages[0]} 页的表格无法解析。", exc))
            continue
        if (
            previous is not None
            and table.kind == previous.kind
            and table.title == ""
            and table.kind in PERFORMANCE
        ):
            tables[-1] = previous.model_copy(
                update={"rows": previous.rows + table.rows, "pages": sorted({*previous.pages, *table.pages})}
            )
        else:
            tables.append(table)
        findings.extend(table_findings)
    tables = place_rows(settle_units(tables), printed_rows(raws))
    findings.extend(repair_truncated_codes(tables))
    tables = _typed_performance(tables, texts)
    findings.extend(_active_findings(active_content_of(data, content_type) if active is None else active))
    try:
        findings.extend(missing_tables(texts, tables))
    except Exception as exc:  # the 目录 check is advisory: never lose the tables over it
        log.warning("table of contents check failed: %s", exc)
    try:
        claims = extract_claims(texts, tables)
    except Exception as exc:
        log.warning("claim extraction failed: %s", exc)
        claims, findings = [], [*findings, _fatal("正文数字提取失败。", exc)]
    return ParsedContent(document, tables, claims, findings)


def _typed_performance(tables: list[Table], texts: Sequence[str]) -> list[Table]:
    """The 申报表 and 自评表 as typed records on their tables; the printed cells stay either way."""
    try:
        return with_self_evaluations(with_declarations(tables, texts))
    except Exception as exc:  # the typed view is an addition: never lose the tables over it
        log.warning("performance records failed: %s", exc)
        return tables


def _safe_document(texts: Sequence[str]) -> DocumentInfo:
    try:
        return classify_document(texts)
    except Exception as exc:
        log.warning("document classification failed: %s", exc)
        return DocumentInfo()
