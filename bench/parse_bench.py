"""Parse benchmark over the corpus PDFs: tables per kind, rows, identities that hold, and speed.

    uv run python bench/parse_bench.py [--corpus DIR] [--only SUBSTRING] [--failures]

For every PDF it times the parse service's two stages as the pipeline runs them, `extract_pages`
(page text and ruled tables: pdfium for plain and table pages, pdfplumber for the rest) then
`parse_disclosure` on those pages, against one raw pdfplumber pass over the same pages in the same
run (`extract_text()` + `extract_tables()` per page), and reports pages/second for both and their
ratio (raw time / parse time; above 1: parsing is faster than the raw pass). OCR is off (its cost is
ocr_bench.py's). Identities are the within-table sum checks of SPEC §3.1 (I-xx); target: >= 98% hold.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import pdfplumber

from disclosure_parse.extraction import extract_pages
from disclosure_parse.structure.parsing import parse_disclosure
from disclosure_shared.identities import check_tables
from disclosure_shared.settings import Limits
from disclosure_shared.table_kinds import TableKind

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PDF = "application/pdf"
LIMITS = Limits(ocr_enabled=False)
SHORT = {
    TableKind.REVENUE_EXPENDITURE_SUMMARY: "T01",
    TableKind.REVENUE: "T02",
    TableKind.EXPENDITURE: "T03",
    TableKind.FISCAL_APPROPRIATION_SUMMARY: "T04",
    TableKind.GENERAL_BUDGET_EXPENDITURE: "T05",
    TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE: "T06",
    TableKind.THREE_PUBLIC_EXPENSES: "T07",
    TableKind.GOVERNMENT_FUND: "T08",
    TableKind.STATE_CAPITAL: "T09",
    TableKind.PROJECT_EXPENDITURE: "T10",
    TableKind.GOVERNMENT_PROCUREMENT: "T11",
}


def raw_seconds(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.close()
        count = len(pdf.pages)
    return time.perf_counter() - start, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--only", default="")
    parser.add_argument("--failures", action="store_true", help="list the identities that fail")
    args = parser.parse_args()
    pdfs = sorted(p for p in args.corpus.rglob("*.pdf") if args.only in str(p))
    if not pdfs:
        raise SystemExit(f"no PDFs under {args.corpus}")
    totals = Counter[str]()
    columns = ("pages", 5), ("tables", 6), ("rows", 5), ("ident", 9), ("parse p/s", 9), ("raw p/s", 8)
    header = f"{'document':44} " + " ".join(f"{name:>{width}}" for name, width in columns) + f" {'ratio':>6}"
    print(header)
    for path in pdfs:
        raw_s, n_pages = raw_seconds(path)
        data = path.read_bytes()
        start = time.perf_counter()
        pages = extract_pages(data, PDF, LIMITS)
        parsed = parse_disclosure(data, PDF, pages)
        parse_s = time.perf_counter() - start
        checks = check_tables(parsed.tables)
        held = sum(c.holds for c in checks)
        kinds = Counter(SHORT.get(t.kind, t.kind) for t in parsed.tables)
        rows = sum(len(t.rows) for t in parsed.tables)
        totals.update(pages=n_pages, tables=len(parsed.tables), rows=rows, held=held, checks=len(checks))
        totals["parse_ms"] += int(parse_s * 1000)
        totals["raw_ms"] += int(raw_s * 1000)
        held_text = f"{held}/{len(checks)}" if checks else "-"
        name = str(path.relative_to(args.corpus))[-44:]
        print(
            f"{name:44} {n_pages:5} {len(parsed.tables):6} {rows:5} {held_text:>9} "
            f"{n_pages / parse_s:9.1f} {n_pages / raw_s:8.1f} {raw_s / parse_s:6.2f}"
        )
        print(f"    {document_line(parsed.document.model_dump())}")
        print(f"    kinds: {', '.join(f'{k}×{v}' for k, v in sorted(kinds.items()))}")
        if args.failures:
            for check in checks:
                if not check.holds:
                    print(
                        f"    ✘ {check.rule} {check.table} p{check.page} {check.row} [{check.column}] "
                        f"expected {check.expected} printed {check.actual}"
                    )
    share = totals["held"] / totals["checks"] if totals["checks"] else 0.0
    ratio = totals["raw_ms"] / totals["parse_ms"] if totals["parse_ms"] else 0.0
    print(
        f"\nTOTAL {len(pdfs)} PDFs, {totals['pages']} pages, {totals['tables']} tables, {totals['rows']} rows"
    )
    print(f"identities hold: {totals['held']}/{totals['checks']} = {share:.1%}")
    print(
        f"parse {totals['pages'] / (totals['parse_ms'] / 1000):.1f} pages/s, raw text+tables "
        f"{totals['pages'] / (totals['raw_ms'] / 1000):.1f} pages/s, parse/raw speed ratio {ratio:.2f}"
    )


def document_line(doc: dict[str, object]) -> str:
    return " | ".join(f"{k}={doc[k]}" for k in ("kind", "scope", "year", "organization", "region"))


if __name__ == "__main__":
    main()
