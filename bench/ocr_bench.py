"""OCR benchmark: corpus table pages rasterized, OCR'd, and every numeric cell compared with the text layer.

    uv run python bench/ocr_bench.py [--pages N] [--min-cells N] [--dpi 200 150]
                                     [--variants clean noisy] [--failures]

Ground truth is the text layer of the same page: pdfplumber's cells of every ruled table, the same
cells the text-page parser reads. Each page is rendered at each dpi, as is ("clean") and as a mild
scan ("noisy": Gaussian noise sigma 12, a blur, and a 0.5-1 degree skew), then run through the OCR
table rebuild (`disclosure_parse.ocr.ocr_image`). Numeric cells are compared as values (Decimal of
the printed number), in row-major order with a sequence alignment, so one merged or split row costs
only its own cells. Targets: >= 99% exact at 200 dpi, >= 97% at 150 dpi, < 3 s per dense page.

Runs on one core (CPU affinity pinned, one ONNX and one OpenCV thread), as one pool worker would.
"""

from __future__ import annotations

import argparse
import difflib
import os
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import cv2
import numpy as np
import pdfplumber
import pypdfium2 as pdfium

from disclosure_parse.ocr import ocr_image
from disclosure_parse.ocr.engine import get_engine
from disclosure_parse.ocr.raster import Gray, render_page
from disclosure_parse.structure.text_norm import parse_amount

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
DENSE = 40
"""A page with at least this many numeric cells counts as a dense table page."""


def numeric_cells(rows: list[list[str]]) -> list[Decimal]:
    """The table's numbers in row-major order (blanks, dashes and words skipped)."""
    values: list[Decimal] = []
    for row in rows:
        for cell in row:
            try:
                value = parse_amount(cell.replace("\n", ""))
            except ValueError:
                continue
            if value is not None:
                values.append(value)
    return values


def text_layer_tables(page: pdfplumber.page.Page) -> list[list[list[str]]]:
    found = sorted(page.find_tables(), key=lambda t: (t.bbox[1], t.bbox[0]))
    return [[[cell or "" for cell in row] for row in table.extract()] for table in found]


def scan_like(gray: Gray, seed: int) -> Gray:
    """A mild scan: skew of 0.5-1 degree either way, slight blur, Gaussian noise."""
    rng = np.random.default_rng(seed)
    angle = float(rng.uniform(0.5, 1.0) * rng.choice([-1, 1]))
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    image = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255,))
    image = cv2.GaussianBlur(image, (3, 3), 0.6)
    noisy = image.astype(np.float32) + rng.normal(0, 12, image.shape).astype(np.float32)
    return np.clip(noisy, 0, 255).astype(np.uint8)


@dataclass
class Tally:
    cells: int = 0
    exact: int = 0
    seconds: list[float] = field(default_factory=list)
    dense_seconds: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def rate(self) -> float:
        return self.exact / self.cells if self.cells else 0.0


def compare(
    truth: list[Decimal], read: list[Decimal]
) -> tuple[int, list[tuple[list[Decimal], list[Decimal]]]]:
    matcher = difflib.SequenceMatcher(None, truth, read, autojunk=False)
    exact = sum(block.size for block in matcher.get_matching_blocks())
    diffs = [
        (truth[i1:i2], read[j1:j2])
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal" and i2 > i1
    ]
    return exact, diffs


def _doc_table_pages(path: Path, min_cells: int) -> Iterator[tuple[Path, int]]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            if numeric_cells_on(page) >= min_cells:
                yield path, page.page_number


def table_pages(corpus: Path, limit: int, min_cells: int) -> list[tuple[Path, int]]:
    """Up to `limit` table pages with `min_cells` numeric cells or more, one from each document in
    turn so every layout is represented; documents are read only as far as needed."""
    sources = [_doc_table_pages(path, min_cells) for path in sorted(corpus.rglob("*.pdf"))]
    chosen: list[tuple[Path, int]] = []
    while sources and len(chosen) < limit:
        for source in list(sources):
            found = next(source, None)
            if found is None:
                sources.remove(source)
            elif len(chosen) < limit:
                chosen.append(found)
    return chosen


def numeric_cells_on(page: pdfplumber.page.Page) -> int:
    return sum(len(numeric_cells(t)) for t in text_layer_tables(page))


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    cv2.setNumThreads(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pages", type=int, default=10, help="table pages to OCR (default 10)")
    parser.add_argument("--min-cells", type=int, default=20, help="numeric cells a page needs (default 20)")
    parser.add_argument("--dpi", type=int, nargs="+", default=[200, 150])
    parser.add_argument("--variants", nargs="+", default=["clean", "noisy"], choices=["clean", "noisy"])
    parser.add_argument("--failures", action="store_true", help="print each numeric cell that differs")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"corpus not found at {args.corpus}")
    pin_one_core()
    started = time.perf_counter()
    get_engine()
    print(f"engine loaded in {time.perf_counter() - started:.2f} s")
    pages = table_pages(args.corpus, args.pages, args.min_cells)
    tallies = {(dpi, variant): Tally() for dpi in args.dpi for variant in args.variants}
    for seed, (path, number) in enumerate(pages):
        with pdfplumber.open(path) as pdf:
            truth = [numeric_cells(t) for t in text_layer_tables(pdf.pages[number - 1])]
        document = pdfium.PdfDocument(path)
        try:
            for dpi in args.dpi:
                clean = render_page(document[number - 1], dpi)
                for variant in args.variants:
                    image = clean if variant == "clean" else scan_like(clean, seed)
                    start = time.perf_counter()
                    result = ocr_image(image, dpi)
                    seconds = time.perf_counter() - start
                    read = [numeric_cells(t.rows) for t in result.tables]
                    expected = [v for t in truth for v in t]
                    exact, diffs = compare(expected, [v for t in read for v in t])
                    tally = tallies[(dpi, variant)]
                    tally.cells += len(expected)
                    tally.exact += exact
                    tally.seconds.append(seconds)
                    if len(expected) >= DENSE:
                        tally.dense_seconds.append(seconds)
                    where = f"{path.name} p{number} {dpi}dpi {variant}"
                    print(f"  {where}: {exact}/{len(expected)} exact, {seconds:.2f} s")
                    if args.failures:
                        for want, got in diffs:
                            print(f"      text layer {[str(v) for v in want]} | OCR {[str(v) for v in got]}")
        finally:
            document.close()
    print(f"\n{len(pages)} table pages; one core; exact = OCR value equals the text-layer value")
    print(f"{'dpi':>4} {'variant':<7} {'numeric cells':>13} {'exact':>8} {'s/page':>7} {'s/dense page':>13}")
    for (dpi, variant), tally in tallies.items():
        dense = f"{statistics.mean(tally.dense_seconds):.2f}" if tally.dense_seconds else "-"
        print(
            f"{dpi:>4} {variant:<7} {tally.cells:>13} {tally.rate():>8.2%} "
            f"{statistics.mean(tally.seconds):>7.2f} {dense:>13}"
        )


if __name__ == "__main__":
    main()
