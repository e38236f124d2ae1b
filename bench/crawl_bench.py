"""Crawl benchmark on the fake district portal (loopback): counts and timings of repeated crawls.

    uv run python bench/crawl_bench.py [--entries N]

1. The fake 硚口区-like portal of the crawl tests (nested columns, script / ?page / list_N
   pagination, GBK and UTF-8 pages, and every failure case), crawled twice: the second run must
   download nothing (conditional GETs answered 304).
2. A large synthetic column: N list entries over createPageHTML pages, each detail page with two
   distinct PDFs; first crawl, then a re-crawl that finds nothing new.
No politeness pause (min_interval 0) so the figures show the crawler's own cost.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from disclosure_crawl.crawler import Crawler, CrawlReport, Document
from disclosure_crawl.state import JsonFileState
from disclosure_crawl.testing import (
    FakePortal,
    build_site,
    entries,
    fake_resolver,
    page,
    portal_config,
    serve,
)

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


async def discard(_document: Document) -> None:
    return None


async def crawl(portal: FakePortal, state: Path, start: str, **fetch: object) -> tuple[CrawlReport, float]:
    config = portal_config(portal, start, **fetch)
    started = time.perf_counter()
    report = await Crawler(config, JsonFileState(state), discard, resolver=fake_resolver).run()
    return report, time.perf_counter() - started


def line(name: str, report: CrawlReport, seconds: float, portal: FakePortal) -> str:
    return (
        f"{name:<28} {seconds:6.2f} s  pages {report.list_pages:4d}  found {len(report.found):4d}  "
        f"new {len(report.new):4d}  revised {len(report.revised):3d}  unchanged {len(report.unchanged):4d}  "
        f"dup {len(report.duplicates):2d}  skipped {len(report.skipped):2d}  failed {len(report.failed):2d}  "
        f"requests {report.requests:5d}  downloads {sum(portal.downloads.values()):5d}"
    )


def synthetic(portal: FakePortal, pdf: bytes, count: int, per_page: int = 20) -> None:
    pages = (count + per_page - 1) // per_page
    for number in range(pages):
        links = []
        for i in range(number * per_page, min(count, (number + 1) * per_page)):
            detail = f"/big/2024{i % 12 + 1:02d}/t2024{i:06d}.shtml"
            links.append((detail, f"测试区第{i}局2024年部门预算"))
            attachments = "".join(f'<a href="./P{i}_{k}.pdf">附件{k}</a>' for k in (1, 2))
            portal.html(detail, page(f"第{i}局", attachments))
            for k in (1, 2):  # a PDF comment line keeps each file distinct
                portal.pdf(f"/big/2024{i % 12 + 1:02d}/P{i}_{k}.pdf", pdf + f"\n% {i}-{k}\n".encode())
        script = f'<script>createPageHTML({pages}, {number}, "index", "shtml");</script>'
        name = "index.shtml" if number == 0 else f"index_{number}.shtml"
        portal.html(f"/big/{name}", page("部门预算", entries(*links) + script, charset="gbk"), encoding="gbk")


async def main(count: int) -> None:
    pdfs = [p.read_bytes() for p in sorted(CORPUS.rglob("*.pdf"), key=lambda p: p.stat().st_size)[:10]]
    with tempfile.TemporaryDirectory() as folder, serve(FakePortal()) as portal:
        build_site(portal, pdfs)
        state = Path(folder) / "site.json"
        for name in ("fake portal, first crawl", "fake portal, second crawl"):
            report, seconds = await crawl(portal, state, "/czyjs/index.shtml", deadline_s=0.5)
            print(line(name, report, seconds, portal))
    with tempfile.TemporaryDirectory() as folder, serve(FakePortal()) as portal:
        synthetic(portal, pdfs[0], count)
        state = Path(folder) / "big.json"
        for name in (f"{count} entries, first crawl", f"{count} entries, re-crawl"):
            report, seconds = await crawl(portal, state, "/big/index.shtml", max_bytes=8 * 1024 * 1024)
            print(line(name, report, seconds, portal))
        print(f"state file {state.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=300)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found at {CORPUS}")
    asyncio.run(main(args.entries))
