"""`disclosures crawl`: one crawl of each portal with a progress display.

With --process the new documents go through the embedded pipeline and the crawl state is a JSON
file inside --out, so a second run over the same portal downloads and processes nothing new.
Without it they are submitted to the running pipeline and the state lives in MongoDB (crawl_state).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from disclosure_cli.embedded import EmbeddedRun, Outcome
from disclosure_cli.process_command import summary
from disclosure_crawl.config import ConfigError, PortalConfig, resolve_portal
from disclosure_crawl.crawler import Crawler, CrawlReport, DeliveryRejected, Document, Sink
from disclosure_crawl.crawler import Progress as ProgressCallback
from disclosure_crawl.publishing import PipelineSink
from disclosure_crawl.state import STATE_COLLECTION, CrawlState, JsonFileState, MongoCrawlState
from disclosure_ingest.fetching import Received
from disclosure_shared.kafka import ensure_topics, make_broker
from disclosure_shared.mongo import blob_store, connect, database
from disclosure_shared.records import Source
from disclosure_shared.settings import Limits, PipelineSettings

STATE_FILE = Path(".crawl") / "state.json"
"""Inside --out, in a folder of its own: `revalidate DIR` reads every DIR/*.json as a record."""


class EmbeddedSink:
    """Runs the embedded pipeline on each new document (in its isolated workers, as `process` does)."""

    def __init__(self, limits: Limits, out_dir: Path) -> None:
        self.limits = limits
        self.embedded = EmbeddedRun(limits, out_dir)
        self.outcomes: list[Outcome] = []

    async def __call__(self, document: Document) -> None:
        source = Source(
            uri=document.found.url,
            fetched_at=document.fetched_at,
            filename=document.filename,
            content_type=document.content_type,
            bytes=len(document.data),
            portal=document.found.portal,
        )
        outcome = await self.embedded.process_received(document.found.url, Received(document.data, source))
        self.outcomes.append(outcome)
        if outcome.error:
            raise DeliveryRejected(outcome.error)

    def finish(self) -> list[Outcome]:
        return self.embedded.finish(self.outcomes)


def portals_for(arguments: list[str], allow_private: bool) -> list[PortalConfig]:
    portals = [resolve_portal(a) for a in arguments]
    if allow_private:
        portals = [
            p.model_copy(update={"fetch": p.fetch.model_copy(update={"allow_private_networks": True})})
            for p in portals
        ]
    return portals


async def crawl_all(
    portals: list[PortalConfig], state: CrawlState, sink: Sink, max_pages: int | None, console: Console
) -> list[CrawlReport]:
    reports = []
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        for portal in portals:
            task = progress.add_task(portal.name)
            show = progress_reporter(portal.name, progress, task, console)
            crawler = Crawler(portal, state, sink, max_pages=max_pages, progress=show)
            reports.append(await crawler.run())
            progress.remove_task(task)
    return reports


def progress_reporter(name: str, progress: Progress, task: TaskID, console: Console) -> ProgressCallback:
    """Running counts of the crawl in the progress line; failures printed as they happen."""
    counts = {"page": 0, "found": 0, "new": 0, "revised": 0, "failed": 0}

    def show(event: str, detail: str) -> None:
        if event in counts:
            counts[event] += 1
        if event == "failed":
            console.print(f"[red]failed[/red] {detail}")
        figures = " ".join(f"{k} {v}" for k, v in counts.items())
        progress.update(task, description=f"{name}: {figures}")

    return show


def report_table(reports: list[CrawlReport]) -> Table:
    table = Table(title="disclosures crawl")
    columns = (
        "portal",
        "outcome",
        "pages",
        "found",
        "new",
        "revised",
        "unchanged",
        "duplicate",
        "deferred",
        "skipped",
    )
    for column in (*columns, "failed", "requests"):
        table.add_column(column)
    for r in reports:
        table.add_row(
            r.portal,
            r.outcome,
            str(r.list_pages),
            str(len(r.found)),
            str(len(r.new)),
            str(len(r.revised)),
            str(len(r.unchanged)),
            str(len(r.duplicates)),
            str(len(r.deferred)),
            str(len(r.skipped)),
            str(len(r.failed)),
            str(r.requests),
        )
    return table


@asynccontextmanager
async def pipeline_sink(
    settings: PipelineSettings, state_file: Path | None
) -> AsyncIterator[tuple[Sink, CrawlState]]:
    await ensure_topics(settings.kafka)
    client = connect(settings)
    db = database(client, settings)
    try:
        state: CrawlState = JsonFileState(state_file) if state_file else MongoCrawlState(db[STATE_COLLECTION])
        async with make_broker(settings.kafka, client_id="disclosure-crawl") as broker:
            yield PipelineSink(broker, blob_store(settings, db), settings.kafka.topic_prefix), state
    finally:
        await client.close()


async def run(
    arguments: list[str],
    max_pages: int | None,
    process: bool,
    out_dir: Path,
    state_file: Path | None,
    allow_private: bool,
) -> int:
    """Crawl each portal once; returns the number of portals whose crawl failed outright."""
    console = Console(stderr=True)
    try:
        portals = portals_for(arguments, allow_private)
    except ConfigError as exc:
        console.print(f"[red]bad portal[/red] {exc}")
        return 2
    for portal in portals:
        if not portal.verified:
            console.print(
                f"[yellow]unverified portal[/yellow] {portal.name}: {portal.note or 'default rules'}"
            )
    out = Console()
    if not out.is_terminal:  # piped or logged: do not squeeze the tables into 80 columns
        out = Console(width=160)
    settings = PipelineSettings()
    if process:
        limits = settings.limits.model_copy(update={"allow_private_networks": allow_private})
        embedded = EmbeddedSink(limits, out_dir)
        local = JsonFileState(state_file or out_dir / STATE_FILE)
        reports = await crawl_all(portals, local, embedded, max_pages, console)
        outcomes = embedded.finish()
        if outcomes:
            out.print(summary(outcomes))
    else:
        async with pipeline_sink(settings, state_file) as (sink, state):
            reports = await crawl_all(portals, state, sink, max_pages, console)
    out.print(report_table(reports))
    for report in reports:
        for failure in report.failed:
            console.print(f"[red]{failure.reason}[/red] {failure.url}")
    return sum(1 for r in reports if r.outcome == "failed")
