"""`disclosures revalidate`: the current rule set over processed records, without re-parsing.

Files: each <sha256>.json written by `process --out DIR` is read, its rule findings are replaced
(parse findings are kept) using the directory's other records as related, and rewritten.
Store (`--store`): every current disclosure in MongoDB is re-validated with its related stored
disclosures and saved as a new revision keyed by (sha256, parser_version, rule_set_version); the
newer rule set's revision becomes current, and is published to disclosure.validated like any other
revision (downstream consumers of the topic see the new verdict; the store service finds it already
stored). Running it twice changes nothing the second time: an unchanged revision is not published.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from disclosure_shared import topics
from disclosure_shared.delivery import Outgoing, publish_event
from disclosure_shared.events import Envelope, Stage
from disclosure_shared.kafka import ensure_topics, make_broker
from disclosure_shared.mongo import connect, database
from disclosure_shared.records import ProcessedDisclosure
from disclosure_shared.settings import PipelineSettings
from disclosure_shared.store_schema import is_related
from disclosure_store.repository import DisclosureRepository, SaveOutcome
from disclosure_validate.catalog import RuleSet
from disclosure_validate.related import find_related
from disclosure_validate.revalidation import revalidate
from disclosure_validate.validation import default_rule_set


def _summary(rule_set: RuleSet) -> Table:
    table = Table(title=f"disclosures revalidate (rule set {rule_set.version})")
    for column in ("record", "document", "verdict", "was", "error", "warning", "info"):
        table.add_column(column)
    return table


def _add_row(table: Table, name: str, before: ProcessedDisclosure, after: ProcessedDisclosure) -> None:
    doc = after.document
    counts = Counter(f.severity for f in after.findings)
    table.add_row(
        name[:16],
        " ".join(str(x) for x in (doc.year, doc.kind, doc.organization) if x),
        after.verdict,
        before.verdict,
        *(str(counts[s]) for s in ("error", "warning", "info")),
    )


def run(directory: Path) -> int:
    """Re-validate every record in `directory`; returns the number of files that could not be read."""
    console = Console(stderr=True)
    records: dict[Path, ProcessedDisclosure] = {}
    failures = 0
    for path in sorted(directory.glob("*.json")):
        try:
            records[path] = ProcessedDisclosure.model_validate_json(path.read_bytes())
        except (OSError, ValidationError) as exc:
            failures += 1
            console.print(f"[red]unreadable[/red] {path.name}: {str(exc).splitlines()[0]}")
    rule_set = default_rule_set()
    table = _summary(rule_set)
    everything = list(records.values())
    for path, record in records.items():
        related = [r for r in everything if r is not record and is_related(record.document, r.document)]
        updated = revalidate(record, rule_set, related)
        path.write_text(updated.model_dump_json(indent=2), encoding="utf-8")
        _add_row(table, path.name, record, updated)
    Console(width=160).print(table)
    if not records and not failures:
        console.print(f"[red]no records found in {directory}[/red]")
        return 1
    return failures


async def run_store(settings: PipelineSettings) -> int:
    """Re-validate every current disclosure in the store; returns how many could not be read."""
    console = Console(stderr=True)
    rule_set = default_rule_set()
    table = _summary(rule_set)
    client = connect(settings, timeout_ms=3000)
    failures = published = 0
    await ensure_topics(settings.kafka)
    broker = make_broker(settings.kafka, client_id="disclosure-revalidate")
    await broker.start()
    try:
        db = database(client, settings)
        repository = DisclosureRepository(db)
        await repository.ensure_indexes()
        shas = [doc["_id"] async for doc in repository.current.find({}, {"_id": 1})]
        for sha in shas:
            try:
                record = await repository.load(sha)
            except ValidationError as exc:
                failures += 1
                console.print(f"[red]unreadable[/red] {sha}: {str(exc).splitlines()[0]}")
                continue
            if record is None:
                continue
            related = await find_related(db, record.document, exclude=sha)
            updated = revalidate(record, rule_set, related)
            event = Envelope[ProcessedDisclosure](
                sha256=sha, stage=Stage.VALIDATED, parser_version=updated.parser_version, payload=updated
            )
            if await repository.save(updated, trace_id=event.trace_id) == SaveOutcome.STORED:
                await publish_event(broker, Outgoing(topics.VALIDATED, event), settings.kafka.topic_prefix)
                published += 1
            _add_row(table, sha, record, updated)
    finally:
        await broker.stop()
        await client.close()
    Console(width=160).print(table)
    console.print(f"{published} new revision(s) published to {topics.VALIDATED}")
    return failures
