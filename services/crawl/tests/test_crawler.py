"""Crawls of the fake district portal (conftest.py): discovery, dedupe across runs, and every way a
real portal misbehaves."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from disclosure_crawl.config import Pagination
from disclosure_crawl.crawler import Crawler, CrawlReport, DeliveryRejected, Document
from disclosure_crawl.state import JsonFileState
from disclosure_crawl.testing import (
    INLINE,
    START,
    FakePortal,
    build_site,
    entries,
    fake_resolver,
    page,
    portal_config,
)


class Collect:
    def __init__(self) -> None:
        self.documents: list[Document] = []

    async def __call__(self, document: Document) -> None:
        self.documents.append(document)


async def crawl(
    portal: FakePortal, state_path: Path, sink: Collect | None = None, **fetch: object
) -> CrawlReport:
    config = portal_config(portal, START, **fetch)
    crawler = Crawler(config, JsonFileState(state_path), sink or Collect(), resolver=fake_resolver)
    return await crawler.run()


def paths(urls: list[str], portal: FakePortal) -> set[str]:
    return {u.removeprefix(portal.base()) for u in urls}


@pytest.fixture
def site(fake_portal: FakePortal, small_pdfs: list[bytes]) -> dict[str, str]:
    return build_site(fake_portal, small_pdfs)


async def test_first_crawl_delivers_exactly_the_disclosures(fake_portal, site, tmp_path):
    sink = Collect()
    report = await crawl(fake_portal, tmp_path / "state.json", sink)

    delivered = {d.found.url.removeprefix(fake_portal.base()): d for d in sink.documents}
    assert set(delivered) == set(site)
    assert {path: d.found.info.title for path, d in delivered.items()} == site
    assert all(d.revision == "new" for d in sink.documents)
    assert all(d.data.startswith(b"%PDF-") for path, d in delivered.items() if path != INLINE)
    assert paths(report.duplicates, fake_portal) == {"/czyjs/bmjs/202210/dup.pdf"}
    # Titles that do not count were never followed.
    assert fake_portal.hits["/czyjs/bmys/202303/t20230317_100003.shtml"] == 0
    assert fake_portal.hits["/czyjs/bmjs/202210/t20221021_7002.html"] == 0
    assert fake_portal.hits["/czyjs/zfys/t1.shtml"] == 0
    # Year, kind and organization come from the list title.
    education = delivered["/czyjs/bmys/202303/P020230315_1.pdf"].found.info
    assert (education.year, education.kind, education.organization) == (2023, "budget", "武汉市硚口区教育局")
    sangong = delivered["/czyjs/sgjf/P020230401.pdf"].found.info
    assert (sangong.year, sangong.kind) == (2023, "three_public")


async def test_list_pages_of_every_pagination_style_are_read(fake_portal, site, tmp_path):
    report = await crawl(fake_portal, tmp_path / "state.json")
    for list_page in (
        "/czyjs/bmys/index_1.shtml",  # createPageHTML(2, 0, "index", "shtml")
        "/czyjs/bmjs/index.shtml?page=2",
        "/czyjs/sgjf/list_2.html",
    ):
        assert fake_portal.hits[list_page] == 1, list_page
    # start + 5 columns + 3 further pages
    assert report.list_pages == 9


async def test_skipped_attachments_are_recorded_with_a_reason(fake_portal, site, tmp_path):
    report = await crawl(fake_portal, tmp_path / "state.json")
    skipped = {s.url.removeprefix(fake_portal.base()): s.reason for s in report.skipped}
    assert set(skipped) == {
        "/czyjs/bmys/202303/P020230315_3.xls",
        "/czyjs/bmys/202303/P020230315_4.zip",
        "/czyjs/sgjf/old.doc",
    }
    assert all("PDF files only" in reason for reason in skipped.values())
    assert fake_portal.hits["/czyjs/bmys/202303/P020230315_3.xls"] == 0


async def test_a_misbehaving_portal_costs_one_failure_each(fake_portal, site, tmp_path):
    started = time.monotonic()
    report = await crawl(fake_portal, tmp_path / "state.json", deadline_s=0.5)
    elapsed = time.monotonic() - started

    failures = {f.url.removeprefix(fake_portal.base()): f.reason for f in report.failed}
    assert failures == {
        "/czyjs/qt/gone.shtml": "http-404",
        "/czyjs/qt/slow.pdf": "deadline",
        "/czyjs/qt/error.pdf": "not-pdf",
        "/czyjs/qt/loop.pdf": "redirect-loop",
        "/czyjs/qt/away.pdf": "blocked-host",
        "/czyjs/qt/big.pdf": "too-large",
        f"http://private.test:{fake_portal.port}/g.pdf": "blocked-address",
        "/private/P020220310_2.pdf": "robots",
    }
    assert report.outcome == "partial"
    # Nothing was sent where it must not be: the other host, the disallowed path.
    assert fake_portal.hits["//other.test/x.pdf"] == 0
    assert fake_portal.hits["/private/P020220310_2.pdf"] == 0
    # The slow page was abandoned at its deadline on each of its two attempts, not waited out.
    assert elapsed < 2 * 3.0
    assert len(report.new) == len(site)


async def test_second_run_fetches_nothing_again(fake_portal, site, tmp_path):
    state = tmp_path / "state.json"
    first = Collect()
    await crawl(fake_portal, state, first)
    second = Collect()
    report = await crawl(fake_portal, state, second)

    assert second.documents == []
    assert paths(report.unchanged, fake_portal) >= set(site)
    for path in site:
        assert fake_portal.downloads[path] == 1, path
    # Detail pages were asked conditionally and answered 304.
    assert fake_portal.downloads["/czyjs/bmys/202303/t20230315_100001.shtml"] == 1
    assert fake_portal.hits["/czyjs/bmys/202303/t20230315_100001.shtml"] == 2


async def test_new_and_corrected_disclosures_are_picked_up(
    fake_portal, site, small_pdfs, corpus_pdfs, tmp_path
):
    state = tmp_path / "state.json"
    await crawl(fake_portal, state)

    # Between runs: a new entry on the last list page, and a corrected file at a known URL.
    listing = fake_portal.resources["/czyjs/bmys/index_1.shtml"]
    added = '<li><a href="./202404/t20240401_1.shtml">武汉市硚口区水务局2024年部门预算</a></li>'
    listing.body = listing.body.replace(b'<ul class="list">', b'<ul class="list">' + added.encode("gbk"))
    fake_portal.html("/czyjs/bmys/202404/t20240401_1.shtml", page("水务局", '<a href="./a.pdf">附件</a>'))
    fresh = corpus_pdfs[8].read_bytes()
    fake_portal.pdf("/czyjs/bmys/202404/a.pdf", fresh)
    corrected = corpus_pdfs[9].read_bytes()
    fake_portal.pdf("/czyjs/bmys/202303/P020230315_2.pdf", corrected)

    sink = Collect()
    report = await crawl(fake_portal, state, sink)

    assert {(d.found.url.removeprefix(fake_portal.base()), d.revision) for d in sink.documents} == {
        ("/czyjs/bmys/202404/a.pdf", "new"),
        ("/czyjs/bmys/202303/P020230315_2.pdf", "revised"),
    }
    assert [d.data for d in report.revised] == [corrected]
    assert fake_portal.downloads["/czyjs/bmys/202303/P020230315_2.pdf"] == 2
    assert fake_portal.downloads["/czyjs/bmys/202303/P020230315_1.pdf"] == 1
    saved = JsonFileState(state)
    known = await saved.url(fake_portal.base() + "/czyjs/bmys/202303/P020230315_2.pdf")
    assert known is not None and known.revisions == 2


async def test_a_failed_delivery_is_retried_by_the_next_run(fake_portal, site, tmp_path):
    state = tmp_path / "state.json"

    class Broken(Collect):
        async def __call__(self, _document: Document) -> None:
            raise ConnectionError("pipeline down")

    first = await crawl(fake_portal, state, Broken())
    assert {f.reason for f in first.failed} >= {"ConnectionError"}
    assert first.new == []
    sink = Collect()
    await crawl(fake_portal, state, sink)
    assert {d.found.url.removeprefix(fake_portal.base()) for d in sink.documents} == set(site)


async def test_the_run_and_its_outcome_are_recorded_per_portal(fake_portal, site, tmp_path):
    state = tmp_path / "state.json"
    await crawl(fake_portal, state, deadline_s=0.5)
    run = await JsonFileState(state).last_run("fake")
    assert run is not None and run.finished_at is not None
    assert (run.outcome, run.found, run.new, run.duplicates) == ("partial", len(site) + 8, len(site), 1)
    assert run.failed == 8 and any("redirect-loop" in e for e in run.errors)


async def test_max_pages_bounds_the_list_pages_read(fake_portal, site, tmp_path):
    config = portal_config(fake_portal)
    crawler = Crawler(
        config, JsonFileState(tmp_path / "s.json"), Collect(), max_pages=2, resolver=fake_resolver
    )
    report = await crawler.run()
    assert report.list_pages == 2
    assert sum(fake_portal.hits[p] for p in fake_portal.resources if "index" in p or p.endswith("/")) == 2


async def test_template_pagination_stops_at_the_first_page_without_new_entries(
    fake_portal, small_pdfs, tmp_path
):
    for n, title in ((1, "硚口区甲局2023年部门预算"), (2, "硚口区乙局2023年部门预算")):
        listing = "/list/list.html" if n == 1 else f"/list/list_{n}.html"
        fake_portal.html(listing, page("列表", entries((f"./P{n}.pdf", title))))
        fake_portal.pdf(f"/list/P{n}.pdf", small_pdfs[n])
    fake_portal.html("/list/list_3.html", page("列表", entries(("./P2.pdf", "硚口区乙局2023年部门预算"))))
    fake_portal.html("/list/list_4.html", page("列表", entries(("./P4.pdf", "硚口区丁局2023年部门预算"))))
    config = portal_config(fake_portal, "/list/list.html").model_copy(
        update={"pagination": Pagination(style="template", template="list_{n}.html")}
    )
    sink = Collect()
    report = await Crawler(config, JsonFileState(tmp_path / "s.json"), sink, resolver=fake_resolver).run()
    assert sorted(d.found.url.rsplit("/", 1)[1] for d in sink.documents) == ["P1.pdf", "P2.pdf"]
    assert report.list_pages == 3 and fake_portal.hits["/list/list_4.html"] == 0


async def test_content_the_pipeline_rejects_is_not_fetched_again(fake_portal, site, tmp_path):
    state = tmp_path / "state.json"

    class Rejecting(Collect):
        async def __call__(self, _document: Document) -> None:
            raise DeliveryRejected("not-a-disclosure: not a disclosure")

    first = await crawl(fake_portal, state, Rejecting())
    assert {f.reason for f in first.failed if f.url.endswith(tuple(site))} == {"DeliveryRejected"}
    sink = Collect()
    second = await crawl(fake_portal, state, sink)
    assert sink.documents == [] and paths(second.unchanged, fake_portal) >= set(site)


async def test_the_same_bytes_at_two_new_urls_are_delivered_once(fake_portal, small_pdfs, tmp_path):
    fake_portal.html(
        "/one/index.shtml",
        page(
            "列表",
            entries(
                ("./t1.shtml", "硚口区甲局2023年部门预算"), ("./t2.shtml", "硚口区甲局2023年部门预算（更正）")
            ),
        ),
    )
    for n in (1, 2):
        fake_portal.html(f"/one/t{n}.shtml", page("甲局", f'<a href="./P{n}.pdf">附件</a>'))
        fake_portal.pdf(f"/one/P{n}.pdf", small_pdfs[0])
    sink = Collect()
    config = portal_config(fake_portal, "/one/index.shtml")
    report = await Crawler(config, JsonFileState(tmp_path / "s.json"), sink, resolver=fake_resolver).run()
    assert len(sink.documents) == 1 and len(report.duplicates) == 1
