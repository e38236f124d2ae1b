"""Embedded mode: every stage in-process, no Kafka and no MongoDB.

It composes the same stage functions the services run: receive → admit (sniff + dedupe) →
extract pages → parse structure → validate. Once every input is processed, `finish` validates each
record again with the run's other records of the same organization as related disclosures (the
store lookup of the validate service, here over the run itself).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from disclosure_ingest.fetching import Received, fetch_url, read_file
from disclosure_ingest.sniffing import detect_content_type
from disclosure_parse.extraction import extract_pages
from disclosure_parse.structure.parsing import parse_disclosure
from disclosure_parse.version import PARSER_VERSION
from disclosure_shared.errors import PipelineError
from disclosure_shared.events import BlobRef, ParsedPayload
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.records import ProcessedDisclosure
from disclosure_shared.settings import Limits
from disclosure_validate.related import is_related
from disclosure_validate.revalidation import revalidate
from disclosure_validate.validation import validate

INPUT_SUFFIXES = {".pdf", ".txt", ".md", ".markdown", ".html", ".htm"}


@dataclass(frozen=True)
class Outcome:
    """One input's result: a record, a duplicate of an earlier input, or the reason it failed."""

    input: str
    sha256: str | None = None
    record: ProcessedDisclosure | None = None
    duplicate: bool = False
    error: str | None = None


def expand_inputs(arguments: Iterable[str]) -> Iterator[str]:
    """URLs as given; directories recursively, keeping files with a disclosure suffix."""
    for argument in arguments:
        path = Path(argument)
        if "://" in argument:
            yield argument
        elif path.is_dir():
            yield from sorted(
                str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
            )
        else:
            yield argument


async def receive(argument: str, limits: Limits) -> Received:
    if "://" in argument:
        return await fetch_url(argument, limits)
    return read_file(Path(argument), limits)


def process_received(received: Received, limits: Limits) -> ProcessedDisclosure:
    """Run every stage after ingest on bytes already in memory."""
    sha = sha256_hex(received.data)
    content_type = detect_content_type(received.data, sha)
    source = received.source.model_copy(update={"content_type": content_type, "bytes": len(received.data)})
    pages = extract_pages(received.data, content_type, limits, sha)
    parsed = parse_disclosure(received.data, content_type, pages)
    payload = ParsedPayload(
        source=source,
        blob=BlobRef(store="file", sha256=sha, size=len(received.data)),
        document=parsed.document,
        pages=[page.info() for page in pages],
        tables=parsed.tables,
        claims=parsed.claims,
        findings=parsed.findings,
    )
    return validate(sha, PARSER_VERSION, payload)


class EmbeddedRun:
    """One `disclosures process` run: processes inputs and remembers hashes to skip duplicates."""

    def __init__(self, limits: Limits, out_dir: Path) -> None:
        self.limits = limits
        self.out_dir = out_dir
        self.seen: set[str] = set()

    async def process(self, argument: str) -> Outcome:
        try:
            received = await receive(argument, self.limits)
        except (PipelineError, OSError) as exc:
            return Outcome(argument, error=_reason(exc))
        sha = sha256_hex(received.data)
        if sha in self.seen:
            return Outcome(argument, sha, duplicate=True)
        self.seen.add(sha)
        try:
            record = process_received(received, self.limits)
        except PipelineError as exc:
            return Outcome(argument, sha, error=_reason(exc))
        self.write(record)
        return Outcome(argument, sha, record)

    def finish(self, outcomes: list[Outcome]) -> list[Outcome]:
        """Validate each record again with the run's other records of its organization; same order."""
        records = [o.record for o in outcomes if o.record is not None]
        finished: list[Outcome] = []
        for outcome in outcomes:
            record = outcome.record
            if record is None:
                finished.append(outcome)
                continue
            related = [r for r in records if r is not record and is_related(record.document, r.document)]
            if not related:
                finished.append(outcome)
                continue
            updated = revalidate(record, related=related)
            self.write(updated)
            finished.append(replace(outcome, record=updated))
        return finished

    def write(self, record: ProcessedDisclosure) -> Path:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / f"{record.sha256}.json"
        path.write_text(record.model_dump_json(indent=2), encoding="utf-8")
        return path


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return f"unreadable: {exc.strerror or exc}"
    return str(exc)
