"""The `disclosures` command line.

No `from __future__ import annotations` here: typer reads each command's annotations, and string
annotations it evaluates twice per parameter (building the `typer.Option`s again each time), a
few hundredths of a second at every start.
"""

import asyncio
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from disclosure_shared.settings import PipelineSettings

# Each command imports what it needs when it runs: `process` loads no Kafka or MongoDB client, nor
# pydantic-settings (it reads only the limits).


def _settings() -> "PipelineSettings":
    """The whole configuration, read from the environment."""
    from disclosure_shared.settings import PipelineSettings

    return PipelineSettings()


app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Budget and final-account disclosure pipeline."
)


@app.command()
def process(
    inputs: Annotated[list[str], typer.Argument(help="PDF or text/HTML export files, directories, or URLs.")],
    out: Annotated[Path, typer.Option("--out", help="Directory for one <sha256>.json per input.")] = Path(
        "out"
    ),
    allow_private_urls: Annotated[
        bool,
        typer.Option(
            help="Allow URLs on loopback/private networks.",
            envvar="DISCLOSURE_LIMITS__ALLOW_PRIVATE_NETWORKS",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=0,
            help="Worker processes, each parsing one input at a time (0: one per core).",
            envvar="DISCLOSURE_CPU_WORKERS",
        ),
    ] = 0,
) -> None:
    """Embedded mode: run every stage in-process (no Kafka, no MongoDB) and write JSON records."""
    from disclosure_shared.startup import collector_paused

    with collector_paused():  # the records, the ingest and embedded-run modules
        from disclosure_cli import process_command

    failures = asyncio.run(process_command.run(inputs, out, allow_private_urls, workers))
    raise typer.Exit(1 if failures else 0)


@app.command()
def revalidate(
    directory: Annotated[
        Path | None, typer.Argument(help="Directory of <sha256>.json records written by `process`.")
    ] = None,
    store: Annotated[
        bool, typer.Option("--store", help="Re-validate the MongoDB store's current disclosures instead.")
    ] = False,
) -> None:
    """Re-run the current rule set over processed records without re-parsing."""
    from disclosure_cli import revalidate_command

    if store == (directory is not None):
        raise typer.BadParameter("give either a DIRECTORY or --store")
    if store:
        failures = asyncio.run(revalidate_command.run_store(_settings()))
    else:
        assert directory is not None
        failures = revalidate_command.run(directory)
    raise typer.Exit(1 if failures else 0)


@app.command()
def submit(
    inputs: Annotated[list[str], typer.Argument(help="PDF files, directories, or URLs.")],
    force: Annotated[bool, typer.Option(help="Reprocess bytes that were processed before.")] = False,
) -> None:
    """Hand inputs to the running pipeline (topic disclosure.submitted)."""
    from disclosure_cli import submit_command
    from disclosure_cli.backends import run_command

    failures = run_command(submit_command.run(inputs, force))
    raise typer.Exit(1 if failures else 0)


@app.command()
def crawl(
    portals: Annotated[list[str], typer.Argument(help="Start URLs, portal TOML files or preset names.")],
    max_pages: Annotated[int | None, typer.Option(help="List pages to read per start URL.")] = None,
    process: Annotated[
        bool, typer.Option("--process", help="Run the embedded pipeline on new files.")
    ] = False,
    out: Annotated[Path, typer.Option(help="With --process: records and the crawl state.")] = Path("out"),
    state: Annotated[Path | None, typer.Option(help="Crawl state file (default: inside --out).")] = None,
    allow_private_urls: Annotated[
        bool, typer.Option(help="Allow portals on loopback/private networks (tests).")
    ] = False,
) -> None:
    """Find newly published disclosures on portals; process them or submit them to the pipeline."""
    from disclosure_cli import crawl_command

    failures = asyncio.run(crawl_command.run(portals, max_pages, process, out, state, allow_private_urls))
    raise typer.Exit(1 if failures else 0)


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    watch: Annotated[
        bool, typer.Option("--watch", help="Refresh every few seconds until interrupted.")
    ] = False,
) -> None:
    """Pipeline health: topics, consumer-group lag, DLQ depth, throughput, last errors."""
    from disclosure_cli import status_command
    from disclosure_cli.backends import run_command

    settings = _settings()
    run_command(status_command.run(as_json, watch, settings), settings)


@app.command()
def reprocess(
    sha256: Annotated[list[str] | None, typer.Option("--sha256", help="A stored input (repeatable).")] = None,
    organization: Annotated[str | None, typer.Option(help="Every input of this organization.")] = None,
    year: Annotated[int | None, typer.Option(help="Every input of this year.")] = None,
    reprocess_all: Annotated[bool, typer.Option("--all", help="Every stored input.")] = False,
    since_parser_version: Annotated[
        str | None, typer.Option(help="Only inputs parsed by a parser older than this version.")
    ] = None,
) -> None:
    """Run stored inputs through the pipeline again, from the blob store (no original file needed)."""
    from disclosure_cli import reprocess_command
    from disclosure_cli.backends import run_command, store_client
    from disclosure_shared.mongo import database

    if not (sha256 or organization or year is not None or reprocess_all):
        raise typer.BadParameter("give --sha256, --organization, --year or --all")
    settings = _settings()
    query = reprocess_command.selection(sha256, organization, year)

    async def reprocessed() -> reprocess_command.Reprocessed:
        async with store_client(settings) as client:
            return await reprocess_command.run(
                settings, database(client, settings), query, since_parser_version
            )

    done = run_command(reprocessed(), settings)
    console = Console(stderr=True)
    for sha, trace in done.submitted.items():
        console.print(f"resubmitted {sha[:12]} trace {trace}", highlight=False)
    for sha in done.missing:
        console.print(f"[red]missing[/red] {sha[:12]}: its bytes are not in the blob store", highlight=False)
    console.print(
        f"{len(done.submitted)} resubmitted, {done.current} already current, {len(done.missing)} missing",
        highlight=False,
    )
    raise typer.Exit(1 if done.missing or not (done.submitted or done.current) else 0)


dlq = typer.Typer(no_args_is_help=True, help="Dead letters: list, show, replay, purge.")
app.add_typer(dlq, name="dlq")

StageOption = Annotated[str | None, typer.Option("--stage", help="ingest, extract, parse, validate, store.")]
CodeOption = Annotated[str | None, typer.Option("--code", help="Error code, e.g. timeout, corrupt-pdf.")]
SinceOption = Annotated[str | None, typer.Option("--since", help="ISO time or age (30m, 2h, 7d).")]


def _query(stage: str | None, code: str | None, since: str | None) -> dict[str, Any]:
    from disclosure_cli import dlq_command

    try:
        moment = dlq_command.parse_since(since) if since else None
    except ValueError:
        raise typer.BadParameter(f"--since {since!r}: give an ISO time or an age like 2h") from None
    return dlq_command.selection(stage, code, moment)


@dlq.command("list")
def dlq_list(
    stage: StageOption = None,
    code: CodeOption = None,
    since: SinceOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Dead letters, newest first: id, when, stage, code, input (sha256, file name or URL), error."""
    from disclosure_cli import dlq_command
    from disclosure_cli.backends import run_command, store_client
    from disclosure_shared.mongo import database

    settings = _settings()

    async def listed() -> list[dict[str, Any]]:
        async with store_client(settings) as client:
            return await dlq_command.list_entries(database(client, settings), _query(stage, code, since))

    entries = run_command(listed(), settings)
    console = Console(width=200)
    if as_json:
        console.print_json(json.dumps(entries, default=str))
        return
    table = Table(title=f"dead letters ({len(entries)})")
    for column in ("id", "failed at", "stage", "code", "input", "error", "replayed"):
        table.add_column(column, overflow="fold")
    for e in entries:
        what = e.get("filename") or e.get("uri") or (e.get("sha256") or "")[:16] or "-"
        table.add_row(
            str(e["_id"]),
            f"{e.get('failed_at'):%Y-%m-%d %H:%M:%S}" if e.get("failed_at") else "-",
            str(e.get("stage")),
            str(e.get("error_type")),
            str(what),
            str(e.get("error") or "")[:100],
            "yes" if e.get("replayed_at") else "",
        )
    console.print(table)


@dlq.command("show")
def dlq_show(entry_id: Annotated[str, typer.Argument(help="An id from `dlq list`.")]) -> None:
    """One dead letter in full: headers, reason, input, and the body (cut at 4,000 characters)."""
    from disclosure_cli import dlq_command
    from disclosure_cli.backends import run_command, store_client
    from disclosure_shared.mongo import database

    settings = _settings()

    async def shown() -> dict[str, Any] | None:
        async with store_client(settings) as client:
            return await dlq_command.show(database(client, settings), entry_id)

    entry = run_command(shown(), settings)
    if entry is None:
        Console(stderr=True).print(f"[red]no dead letter {entry_id}[/red]")
        raise typer.Exit(1)
    body = str(entry.get("body") or "")
    entry["body"] = body[:4000] + (f"… ({len(body)} chars)" if len(body) > 4000 else "")
    Console().print_json(json.dumps(entry, default=str))


@dlq.command("replay")
def dlq_replay(
    ids: Annotated[list[str] | None, typer.Argument(help="Ids from `dlq list`.")] = None,
    code: CodeOption = None,
    stage: StageOption = None,
    replay_all: Annotated[bool, typer.Option("--all", help="Every dead letter not replayed yet.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be replayed.")] = False,
    again: Annotated[bool, typer.Option("--again", help="Replay entries replayed before too.")] = False,
) -> None:
    """Republish dead letters to their original topic (original headers + x-replay-count)."""
    from disclosure_cli import dlq_command
    from disclosure_cli.backends import run_command, store_client
    from disclosure_shared.mongo import database

    if not (ids or code or stage or replay_all):
        raise typer.BadParameter("give IDS, --code, --stage or --all")
    settings = _settings()
    query = {"_id": {"$in": ids}} if ids else _query(stage, code, None)

    async def replayed() -> dlq_command.Replay:
        async with store_client(settings) as client:
            return await dlq_command.replay(
                settings, database(client, settings), query, dry_run=dry_run, again=again
            )

    done = run_command(replayed(), settings)
    console = Console(stderr=True)
    verb = "would replay" if dry_run else "replayed"
    for entry_id in done.sent:
        console.print(f"{verb} {entry_id}", highlight=False)
    for entry_id, why in done.skipped.items():
        console.print(f"skipped {entry_id}: {why}", highlight=False)
    console.print(f"{verb} {len(done.sent)}, skipped {len(done.skipped)}", highlight=False)


@dlq.command("purge")
def dlq_purge(
    stage: StageOption = None,
    code: CodeOption = None,
    since: SinceOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete dead-letter entries from the store (all, or those selected)."""
    from disclosure_cli import dlq_command
    from disclosure_cli.backends import run_command, store_client
    from disclosure_shared.mongo import database

    settings = _settings()
    query = _query(stage, code, since)
    if not yes and not typer.confirm(f"Delete the dead letters matching {query or 'everything'}?"):
        raise typer.Exit(1)

    async def purged() -> int:
        async with store_client(settings) as client:
            return await dlq_command.purge(database(client, settings), query)

    Console(stderr=True).print(f"deleted {run_command(purged(), settings)} dead letters")


if __name__ == "__main__":
    app()
