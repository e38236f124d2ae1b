"""`disclosures process`: embedded run over many inputs with a progress bar and a summary table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from disclosure_cli.embedded import EmbeddedRun, Outcome, expand_inputs
from disclosure_shared.settings import environment_limits


async def run(arguments: list[str], out_dir: Path, allow_private_urls: bool, workers: int = 0) -> int:
    """Process every input; returns the number of inputs that could not be read."""
    limits = environment_limits()
    if allow_private_urls:
        limits = limits.model_copy(update={"allow_private_networks": True})
    inputs = list(expand_inputs(arguments))
    embedded = EmbeddedRun(limits, out_dir, workers)
    console = Console(stderr=True)
    with progress_bar(console, len(inputs)) as done:
        try:
            outcomes = await embedded.process_all(inputs, done)
        finally:
            embedded.close()
    outcomes = embedded.finish(outcomes)
    out = Console()
    if not out.is_terminal:  # piped or logged: do not squeeze the table into 80 columns
        out = Console(width=160)
    out.print(summary(outcomes))
    failures = [o for o in outcomes if o.error]
    for failure in failures:
        console.print(f"[red]failed[/red] {escape(failure.input)}: {escape(failure.error or '')}")
    if not inputs:
        console.print("[red]no inputs found[/red]")
        return 1
    return len(failures)


@contextmanager
def progress_bar(console: Console, total: int) -> Iterator[Callable[[Outcome], None] | None]:
    """A transient progress bar over a run of several inputs, advanced by the callback it yields;
    for a single input none (and rich's progress module is not even loaded)."""
    if total < 2:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("processing", total=total)

        def done(outcome: Outcome) -> None:
            progress.update(task, description=escape(Path(outcome.input).name[:40]), advance=1)

        yield done


def summary(outcomes: list[Outcome]) -> Table:
    table = Table(title="disclosures process")
    for column in ("input", "sha256", "document", "verdict", "tables", "error", "warning", "info"):
        table.add_column(column)
    for o in outcomes:
        if o.record is None:
            state = "duplicate" if o.duplicate else "unreadable"
            table.add_row(escape(Path(o.input).name), (o.sha256 or "")[:12], escape(o.error or ""), state)
            continue
        doc = o.record.document
        severities = Counter(f.severity for f in o.record.findings)
        described = " ".join(str(x) for x in (doc.year, doc.kind, doc.organization) if x)
        table.add_row(
            escape(Path(o.input).name),
            o.sha256[:12] if o.sha256 else "",
            escape(described),
            o.record.verdict,
            str(len(o.record.tables)),
            str(severities["error"]),
            str(severities["warning"]),
            str(severities["info"]),
        )
    return table
