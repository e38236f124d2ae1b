"""The `disclosures` command line."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

# Each command imports its module when it runs, so `process` loads no Kafka or MongoDB client.
from disclosure_shared.settings import PipelineSettings

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
    if store == (directory is not None):
        raise typer.BadParameter("give either a DIRECTORY or --store")
    from disclosure_cli import revalidate_command

    if store:
        failures = asyncio.run(revalidate_command.run_store(PipelineSettings()))
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

    failures = asyncio.run(submit_command.run(inputs, force))
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

    asyncio.run(status_command.run(as_json, watch))


if __name__ == "__main__":
    app()
