"""Crawl benchmark on the fake district portal (loopback): counts and timings of repeated crawls.

    uv run python bench/crawl_bench.py [--entries N] [--days D]

1. The fake 硚口区-like portal of the crawl tests (nested columns, script / ?page / list_N
   pagination, GBK and UTF-8 pages, an inline HTML disclosure, and every failure case), crawled
   twice: the second run must download nothing (conditional GETs answered 304).
2. A large synthetic column: N list entries over createPageHTML pages, each detail page with two
   distinct PDFs; first crawl, then a re-crawl the next day that finds nothing new (every known URL
   is asked: changed within the recheck window), and the same re-crawl with the recheck back-off
   off, 30 days later.
3. The same column crawled daily for D days with nothing changing (a simulated clock): requests per
   run under the default recheck policy (every run for 7 days, then after 0.5 x the unchanged age,
   at most 30 days apart), against every known URL asked on every run (backoff 0).
No politeness pause (min_interval 0) so the figures show the crawler's own cost.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from disclosure_crawl.config import Recheck
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


T0 = datetime(2025, 1, 1, tzinfo=UTC)


async def crawl(
    portal: FakePortal,
    state: Path,
    start: str,
    day: float = 0,
    recheck: Recheck | None = None,
    **fetch: object,
) -> tuple[CrawlReport, float]:
    config = portal_config(portal, start, **fetch)
    if recheck is not None:
        config = config.model_copy(update={"recheck": recheck})
    at = T0 + timedelta(days=day)
    started = time.perf_counter()
    crawler = Crawler(config, JsonFileState(state), discard, resolver=fake_resolver, clock=lambda: at)
    report = await crawler.run()
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


async def main(count: int, days: int) -> None:
    pdfs = [p.read_bytes() for p in sorted(CORPUS.rglob("*.pdf"), key=lambda p: p.stat().st_size)[:10]]
    with tempfile.TemporaryDirectory() as folder, serve(FakePortal()) as portal:
        build_site(portal, pdfs)
        state = Path(folder) / "site.json"
        for name in ("fake portal, first crawl", "fake portal, second crawl"):
            report, seconds = await crawl(portal, state, "/czyjs/index.shtml", deadline_s=0.5)
            print(line(name, report, seconds, portal))
    big = {"max_bytes": 8 * 1024 * 1024}
    with tempfile.TemporaryDirectory() as folder, serve(FakePortal()) as portal:
        synthetic(portal, pdfs[0], count)
        state = Path(folder) / "big.json"
        for name, day in ((f"{count} entries, first crawl", 0), (f"{count} entries, re-crawl day 1", 1)):
            report, seconds = await crawl(portal, state, "/big/index.shtml", day, **big)
            print(line(name, report, seconds, portal))
        print(f"state file {state.stat().st_size / 1024:.0f} KiB")
        off = Path(folder) / "off.json"
        off.write_bytes(state.read_bytes())
        report, seconds = await crawl(portal, off, "/big/index.shtml", 30, Recheck(backoff=0), **big)
        print(line(f"{count} entries, day 30, no back-off", report, seconds, portal))
        daily: list[int] = []
        started = time.perf_counter()
        for day in range(2, days + 1):
            report, _ = await crawl(portal, state, "/big/index.shtml", day, **big)
            daily.append(report.requests)
        seconds = time.perf_counter() - started
        full = [f"d{day}" for day, requests in enumerate(daily, start=2) if requests > daily[-1]]
        print(f"daily re-crawls day 2..{days}, recheck policy: {len(daily)} runs in {seconds:.1f} s")
        print(f"  requests per run: {min(daily)} (list pages and robots.txt only) .. {max(daily)}")
        print(f"  runs asking the known URLs again: {' '.join(full)}")
        total = sum(daily)
        every_run = len(daily) * report_off(count)
        print(
            f"  total {total} requests (mean {total / len(daily):.0f} per run) against {every_run} "
            f"({report_off(count)} per run) with every known URL asked on every run"
        )


def report_off(count: int) -> int:
    """Requests of a re-crawl that asks every known URL: robots.txt, the list pages, N detail
    pages, 2N attachments (the day-30 run without back-off above measures it)."""
    return 1 + (count + 19) // 20 + 3 * count


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=300)
    parser.add_argument("--days", type=int, default=60)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found at {CORPUS}")
    asyncio.run(main(args.entries, args.days))
