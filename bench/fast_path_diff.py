"""Every difference between the records of the fast path (pdfium for plain and table pages) and the
reference path (pdfplumber for every page), over the corpus or any PDFs given.

    uv run python bench/fast_path_diff.py [PATH ...] [--ocr] [--pages]

For each PDF both paths extract the pages (`extract_pages(fast=True/False)`) and build the record as
the pipeline does (`parsed_payload`, then `validate`); the script prints which pages each path read
with pdfium, then every field of the record that differs (document fields, tables, claims,
findings, verdict), and with `--pages` every page whose text or tables differ. OCR is off unless
`--ocr` (both paths send the same pages to OCR; it only makes the run slower).
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from disclosure_parse.extraction import extract_pages
from disclosure_parse.payload import parsed_payload
from disclosure_parse.version import PARSER_VERSION
from disclosure_shared.events import BlobRef, PageText
from disclosure_shared.records import ProcessedDisclosure, Source
from disclosure_shared.settings import Limits
from disclosure_validate.validation import validate

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PDF = "application/pdf"
FIELDS = ("document", "tables", "claims", "findings", "verdict")


def record(data: bytes, pages: list[PageText], name: str) -> ProcessedDisclosure:
    sha = hashlib.sha256(data).hexdigest()
    fetched_at = datetime(2026, 1, 1, tzinfo=UTC)
    source = Source(fetched_at=fetched_at, filename=name, content_type=PDF, bytes=len(data))
    blob = BlobRef(store="memory", sha256=sha, size=len(data))
    return validate(sha, PARSER_VERSION, parsed_payload(data, pages, source, blob))


def field_diff(name: str, fast: Any, reference: Any) -> list[str]:
    """The lines of a unified diff of one record field (JSON, one item per line)."""
    if fast == reference:
        return []
    as_lines = lambda value: [  # noqa: E731
        str(item) for item in (value if isinstance(value, list) else [value])
    ]
    return [
        f"    {line}"
        for line in difflib.unified_diff(
            as_lines(reference), as_lines(fast), f"{name} reference", f"{name} fast", lineterm="", n=0
        )
    ]


def page_diffs(fast: list[PageText], reference: list[PageText]) -> list[str]:
    lines: list[str] = []
    for quick, ref in zip(fast, reference, strict=True):
        if quick.text != ref.text:
            lines.append(f"    page {ref.number} text:")
            lines.extend(
                f"      {line}"
                for line in difflib.unified_diff(
                    ref.text.splitlines(), quick.text.splitlines(), "reference", "fast", lineterm="", n=0
                )
            )
        if quick.layer_tables != ref.layer_tables:
            lines.append(f"    page {ref.number} tables differ")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_CORPUS])
    parser.add_argument("--ocr", action="store_true", help="OCR the pages without a usable text layer")
    parser.add_argument("--pages", action="store_true", help="also list the pages whose text differs")
    args = parser.parse_args()
    limits = Limits(ocr_enabled=args.ocr)
    pdfs = sorted(p for path in args.paths for p in ([path] if path.is_file() else path.rglob("*.pdf")))
    differing = 0
    seconds = {"fast": 0.0, "reference": 0.0}
    for path in pdfs:
        data = path.read_bytes()
        started = time.perf_counter()
        fast = extract_pages(data, PDF, limits)
        seconds["fast"] += time.perf_counter() - started
        started = time.perf_counter()
        reference = extract_pages(data, PDF, limits, fast=False)
        seconds["reference"] += time.perf_counter() - started
        ours, theirs = record(data, fast, path.name), record(data, reference, path.name)
        lines = [
            line for name in FIELDS for line in field_diff(name, getattr(ours, name), getattr(theirs, name))
        ]
        if args.pages:
            lines.extend(page_diffs(fast, reference))
        print(f"{'DIFFERS' if lines else 'same   '} {path.name} ({len(fast)} pages)")
        if lines:
            print("\n".join(lines))
        differing += bool(lines)
    print(
        f"\n{len(pdfs)} PDFs, {differing} with differing records; extraction "
        f"{seconds['fast']:.2f} s fast, {seconds['reference']:.2f} s reference"
    )


if __name__ == "__main__":
    main()
