"""The re-crawl policy: list pages every run, a new entry always, known pages and attachments less
often the longer they have not changed (config.Recheck)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from disclosure_crawl.config import Recheck
from disclosure_crawl.crawler import Crawler, CrawlReport, Document
from disclosure_crawl.recheck import recheck_due
from disclosure_crawl.state import JsonFileState, UrlState
from disclosure_crawl.testing import FakePortal, entries, fake_resolver, page, portal_config

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def known(changed_days_ago: float, checked_days_ago: float, at: datetime) -> UrlState:
    return UrlState(
        url="http://x/a.pdf",
        role="attachment",
        portal="p",
        sha256="0" * 64,
        first_seen=at - timedelta(days=400),
        last_changed=at - timedelta(days=changed_days_ago),
        last_checked=at - timedelta(days=checked_days_ago),
    )


def test_the_wait_grows_with_the_time_since_the_last_change_up_to_the_cap() -> None:
    policy = Recheck(every_run_days=7, backoff=0.5, max_interval_days=30)
    assert recheck_due(known(3, 0.5, T0), policy, T0)  # changed this week: every run
    assert not recheck_due(known(10, 4, T0), policy, T0)  # unchanged 10 days: wait 5
    assert recheck_due(known(10, 5, T0), policy, T0)
    assert not recheck_due(known(40, 19, T0), policy, T0)  # unchanged 40 days: wait 20
    assert not recheck_due(known(365, 29, T0), policy, T0)  # a year: the 30-day cap
    assert recheck_due(known(365, 30, T0), policy, T0)
    assert recheck_due(known(365, 1, T0), Recheck(backoff=0), T0)  # back-off off: every run
    # A state written before last_changed was kept reads first_seen instead.
    legacy = known(0, 10, T0).model_copy(update={"last_changed": None})
    assert not recheck_due(legacy, policy, T0) and recheck_due(
        legacy.model_copy(update={"last_checked": T0 - timedelta(days=30)}), policy, T0
    )


class Clock:
    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> datetime:
        return self.at


async def discard(_document: Document) -> None:
    return None


def publish(portal: FakePortal, count: int, small_pdfs: list[bytes]) -> None:
    links = [(f"./t{i}.shtml", f"硚口区第{i}局2023年部门预算") for i in range(count)]
    portal.html("/yjs/index.shtml", page("预决算公开", entries(*links)))
    for i in range(count):
        portal.html(f"/yjs/t{i}.shtml", page(f"第{i}局", f'<a href="./P{i}.pdf">附件</a>'))
        portal.pdf(f"/yjs/P{i}.pdf", small_pdfs[i])


async def crawl(portal: FakePortal, state: Path, clock: Clock) -> CrawlReport:
    config = portal_config(portal, "/yjs/index.shtml")
    return await Crawler(config, JsonFileState(state), discard, resolver=fake_resolver, clock=clock).run()


async def test_known_pages_are_asked_less_often_and_a_new_entry_at_once(fake_portal, small_pdfs, tmp_path):
    state, clock = tmp_path / "s.json", Clock()
    publish(fake_portal, 2, small_pdfs)
    first = await crawl(fake_portal, state, clock)
    assert len(first.new) == 2 and first.requests == 6  # robots, list, 2 pages, 2 PDFs

    clock.at = T0 + timedelta(days=1)  # within every_run_days: everything asked (and answered 304)
    assert (await crawl(fake_portal, state, clock)).requests == 6
    clock.at = T0 + timedelta(days=10)  # unchanged 10 days, last asked 9 days ago (> 5): asked
    assert (await crawl(fake_portal, state, clock)).requests == 6
    hits = fake_portal.hits.copy()

    clock.at = T0 + timedelta(days=11)  # asked yesterday, wait 5.5 days: only the list page
    publish(fake_portal, 3, small_pdfs)  # ... and a new entry, fetched at once
    report = await crawl(fake_portal, state, clock)
    assert [d.found.url.rsplit("/", 1)[1] for d in report.new] == ["P2.pdf"]
    assert len(report.deferred) == 4 and len(report.found) == 3
    assert {p: n - hits[p] for p, n in fake_portal.hits.items() if n != hits[p]} == {
        "/robots.txt": 1,
        "/yjs/index.shtml": 1,
        "/yjs/t2.shtml": 1,
        "/yjs/P2.pdf": 1,
    }
    run = await JsonFileState(state).last_run("fake")
    assert run is not None and run.deferred == 4

    # Day 18: the old ones unchanged 18 days wait 9 since day 10; the new one (7 days old) is asked.
    clock.at = T0 + timedelta(days=18)
    report = await crawl(fake_portal, state, clock)
    assert len(report.deferred) == 4 and len(report.unchanged) == 1
    # Day 20: the old ones (wait 10) are due; the new one, asked 2 days ago and 9 days old (wait 4.5), not.
    clock.at = T0 + timedelta(days=20)
    report = await crawl(fake_portal, state, clock)
    assert paths(report.unchanged) == {"P0.pdf", "P1.pdf"} and paths(report.deferred) == {
        "t2.shtml",
        "P2.pdf",
    }


def paths(urls: list[str]) -> set[str]:
    return {url.rsplit("/", 1)[1] for url in urls}
