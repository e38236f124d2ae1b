"""`disclosures reprocess`: stored inputs through the running pipeline again, from the blob store.

The raw bytes of every admitted input stay in the blob store under their sha256, so a reprocess
needs no original file: each selected disclosure is re-submitted as a submission referencing its
blob, with `force` (ingest would otherwise drop the known bytes), its original URI and file name.
Used after a parser upgrade (`--since-parser-version`: only records parsed by an older parser).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from disclosure_shared import topics
from disclosure_shared.delivery import Outgoing, publish_event
from disclosure_shared.events import BlobRef, Envelope, Stage, SubmitRequest
from disclosure_shared.kafka import ensure_topics, make_broker
from disclosure_shared.mongo import Document, blob_store
from disclosure_shared.settings import PipelineSettings
from disclosure_shared.store_schema import DISCLOSURES
from disclosure_store.repository import version_key


def selection(
    sha256: list[str] | None = None, organization: str | None = None, year: int | None = None
) -> dict[str, Any]:
    query: dict[str, Any] = {}
    if sha256:
        query["_id"] = {"$in": sha256}
    if organization:
        query["document.organization"] = organization
    if year is not None:
        query["document.year"] = year
    return query


@dataclass
class Reprocessed:
    submitted: dict[str, str] = field(default_factory=dict)
    """sha256 -> trace id of the new submission."""
    missing: list[str] = field(default_factory=list)
    """Selected records whose bytes are no longer in the blob store."""
    current: int = 0
    """Records skipped because their parser is not older than --since-parser-version."""


async def run(
    settings: PipelineSettings,
    db: AsyncDatabase[Document],
    query: dict[str, Any],
    since_parser_version: str | None = None,
) -> Reprocessed:
    done = Reprocessed()
    blobs = blob_store(settings, db)
    fields = {"_id": 1, "source": 1, "parser_version": 1}
    records = [doc async for doc in db[DISCLOSURES].find(query, fields)]
    if not records:
        return done
    await ensure_topics(settings.kafka)
    async with make_broker(settings.kafka, client_id="disclosure-reprocess") as broker:
        for record in records:
            sha = str(record["_id"])
            if since_parser_version and version_key(record.get("parser_version") or "0") >= version_key(
                since_parser_version
            ):
                done.current += 1
                continue
            if not await blobs.exists(sha):
                done.missing.append(sha)
                continue
            source = record.get("source") or {}
            request = SubmitRequest(
                blob=BlobRef(store=settings.blobs.backend, sha256=sha, size=int(source.get("bytes") or 0)),
                uri=source.get("uri"),
                filename=source.get("filename"),
                force=True,
            )
            envelope = Envelope[SubmitRequest](sha256=sha, stage=Stage.SUBMITTED, payload=request)
            await publish_event(broker, Outgoing(topics.SUBMITTED, envelope), settings.kafka.topic_prefix)
            done.submitted[sha] = envelope.trace_id
    return done
