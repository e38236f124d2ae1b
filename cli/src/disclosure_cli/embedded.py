"""Embedded mode: every stage in-process, no Kafka and no MongoDB.

It composes the same stage functions the services run: receive → ingest's `admit` (store the
bytes, sniff, deduplicate through the intake registry; here a memory blob store and a memory
registry) → extract pages → parse structure (`parsed_payload`, as the parse stage) → validate.
The CPU work of each input runs in the parse service's isolated workers (one per core by default,
each document within its time and memory budget), at most `workers` inputs in flight; outcomes
keep the order of the inputs. Once every input is processed, `finish` validates each record again
with the run's other records of the same organization as related disclosures (the store lookup of
the validate service, here over the run itself).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from disclosure_ingest.fetching import Received, read_file
from disclosure_ingest.intake import admit
from disclosure_ingest.registry import MemoryRegistry
from disclosure_parse.isolation import Budget, IsolatedRunner, WorkerLost
from disclosure_parse.pool import CpuRunner
from disclosure_parse.version import PARSER_VERSION
from disclosure_shared.blobs import MemoryBlobStore
from disclosure_shared.errors import InputRejected, PipelineError
from disclosure_shared.events import FetchedPayload
from disclosure_shared.records import ProcessedDisclosure
from disclosure_shared.settings import Limits
from disclosure_shared.store_schema import is_related

WORKER_MODULES = ("disclosure_parse.payload", "disclosure_validate.validation")
"""What `process_fetched` imports, imported before the workers are forked from this process."""
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
        from disclosure_ingest.fetching import fetch_url

        return await fetch_url(argument, limits)
    return read_file(Path(argument), limits)


def process_fetched(data: bytes, fetched: FetchedPayload, limits: Limits) -> ProcessedDisclosure:
    """Every stage after ingest, on admitted bytes (in a worker: the caller never loads the parser)."""
    from disclosure_parse.extraction import extract_document
    from disclosure_parse.payload import PDF, parsed_payload
    from disclosure_validate.validation import validate

    sha = fetched.blob.sha256
    extracted = extract_document(data, fetched.source.content_type or PDF, limits, sha)
    parsed = parsed_payload(data, extracted.pages, fetched.source, fetched.blob, extracted.active_content)
    return validate(sha, PARSER_VERSION, parsed)


async def process_received(received: Received, limits: Limits) -> ProcessedDisclosure:
    """One input through every stage on its own (benchmarks): admitted into a fresh memory store."""
    admission = await admit(received, MemoryBlobStore(), MemoryRegistry(), limits)
    if admission.payload is None:  # pragma: no cover - a fresh registry has admitted nothing yet
        raise RuntimeError("a fresh intake registry refused new bytes")
    return process_fetched(received.data, admission.payload, limits)


def process_here(argument: str, limits: Limits | None = None) -> ProcessedDisclosure:
    """One input through every stage in this process, without a worker or a record written
    (benchmarks; the pattern recording at install, scripts/compile-sources.sh)."""
    from disclosure_shared.settings import environment_limits

    chosen = limits or environment_limits()

    async def received_and_processed() -> ProcessedDisclosure:
        return await process_received(await receive(argument, chosen), chosen)

    return asyncio.run(received_and_processed())


class EmbeddedRun:
    """One `disclosures process` run: its intake registry skips bytes admitted before in the run."""

    def __init__(self, limits: Limits, out_dir: Path, workers: int = 0, cpu: CpuRunner | None = None) -> None:
        self.limits = limits
        self.out_dir = out_dir
        self.blobs = MemoryBlobStore()
        self.registry = MemoryRegistry()
        budget = Budget(limits.document_seconds, limits.document_memory_mb)
        # No Kafka client threads here: workers are forked, the parser imported once (isolation.py).
        self.cpu = cpu or IsolatedRunner(workers, budget, fork=True, preload=WORKER_MODULES)
        self.workers = workers or os.cpu_count() or 1

    async def process_all(
        self, arguments: Sequence[str], done: Callable[[Outcome], None] | None = None
    ) -> list[Outcome]:
        """Every input, at most `workers` in flight (so at most that many inputs' bytes in memory);
        the outcomes in the order of the inputs. `done` is told of each outcome as it finishes."""
        slots = asyncio.Semaphore(self.workers)

        async def one(argument: str) -> Outcome:
            async with slots:
                outcome = await self.process(argument)
            if done is not None:
                done(outcome)
            return outcome

        return list(await asyncio.gather(*(one(argument) for argument in arguments)))

    async def process(self, argument: str) -> Outcome:
        """One file, directory entry or URL."""
        try:
            received = await receive(argument, self.limits)
        except (PipelineError, OSError) as exc:
            return Outcome(argument, error=_reason(exc))
        return await self.process_received(argument, received)

    async def process_received(self, argument: str, received: Received) -> Outcome:
        """Bytes already in hand (a crawl's download), named `argument` in the outcome."""
        try:
            admission = await admit(received, self.blobs, self.registry, self.limits)
        except InputRejected as exc:
            self.blobs.discard(exc.sha256 or "")
            return Outcome(argument, exc.sha256, error=_reason(exc))
        # memory stays bounded by the inputs in flight, however long the run
        self.blobs.discard(admission.sha256)
        return await self.process_admitted(argument, received.data, admission.sha256, admission.payload)

    async def process_admitted(
        self, argument: str, data: bytes, sha: str, fetched: FetchedPayload | None
    ) -> Outcome:
        if fetched is None:
            return Outcome(argument, sha, duplicate=True)
        # No broker between the stages: the bytes are handed on the moment they are admitted, so
        # they count as published (a later copy is a duplicate even when this one fails to parse).
        await self.registry.mark_published(sha)
        try:
            record = await self.cpu(process_fetched, data, fetched, self.limits)
        except (PipelineError, WorkerLost) as exc:
            return Outcome(argument, sha, error=_reason(exc))
        self.write(record)
        return Outcome(argument, sha, record)

    def close(self) -> None:
        """Stop the run's idle workers (each reaped, its CPU time counted to this process)."""
        if isinstance(self.cpu, IsolatedRunner):
            self.cpu.shutdown()

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
            from disclosure_validate.revalidation import revalidate  # only runs with related records

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
    code = getattr(exc, "code", None)
    text = str(exc)
    return f"{code}: {text}" if code and not text.startswith(f"{code}:") else text
