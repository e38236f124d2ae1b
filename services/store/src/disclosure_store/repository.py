"""The MongoDB document store: processed disclosures, their revisions, and dead letters.

    disclosures           _id = sha256: the newest revision of each input (by parser_version, then
                          rule_set_version: a re-validation is a revision too)
    disclosure_revisions  _id = "<sha256>:<parser_version>:<rule_set_version>", unique on the three
    disclosure_index      _id = sha256: the list fields of `disclosures` (store_schema.index_entry)
    dead_letters          _id = "<dlq topic>:<partition>:<offset>", what failed and why

Only operations that real MongoDB 7 and FerretDB both support are used: upserts by _id,
replace_one with a filter, unique indexes, find/sort/limit. Writes are idempotent, so a
redelivered message never duplicates anything.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from disclosure_shared.hashing import sha256_hex
from disclosure_shared.mongo import stored_record
from disclosure_shared.records import ProcessedDisclosure
from disclosure_shared.store_schema import (
    DEAD_LETTERS,
    DISCLOSURE_INDEX,
    DISCLOSURES,
    REVISIONS,
    index_entry,
)

Document = dict[str, Any]


class SaveOutcome(StrEnum):
    STORED = "stored"  # a new input, or a newer parser version of a known one
    UNCHANGED = "unchanged"  # the same revision again (a redelivery)
    OLDER = "older"  # kept as a revision; a newer one stays current


def version_key(version: str) -> str:
    """Sortable form of a dotted version: '0.10.2' -> '000000.000010.000002'."""
    numbers = [int(n) for n in re.findall(r"\d+", version)[:4]]
    return ".".join(f"{n:06d}" for n in numbers + [0] * (4 - len(numbers)))


def revision_key(record: ProcessedDisclosure) -> str:
    """Orders revisions: a newer parser wins; for the same parser, a newer rule set wins."""
    return f"{version_key(record.parser_version)}/{version_key(record.rule_set_version or '0')}"


_REVISION_INDEX = "sha256_parser_version_rule_set_version"
# What index_entry reads of a stored disclosure.
INDEXED_FIELDS = {
    "document": 1,
    "source.filename": 1,
    "verdict": 1,
    "findings.rule": 1,
    "findings.severity": 1,
    "pages.number": 1,
    "parser_version": 1,
    "rule_set_version": 1,
    "version_key": 1,
    "stored_at": 1,
}


class DisclosureRepository:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.current = db[DISCLOSURES]
        self.revisions = db[REVISIONS]
        self.index = db[DISCLOSURE_INDEX]
        self.dead_letters = db[DEAD_LETTERS]

    async def ensure_indexes(self) -> None:
        existing = await self.revisions.index_information()
        if "sha256_parser_version" in existing:  # before re-validations were revisions of their own
            await self.revisions.drop_index("sha256_parser_version")
        await self.revisions.create_index(
            [("sha256", ASCENDING), ("parser_version", ASCENDING), ("rule_set_version", ASCENDING)],
            unique=True,
            name=_REVISION_INDEX,
        )
        await self.current.create_index(
            [("document.organization", ASCENDING), ("document.year", ASCENDING)], name="organization_year"
        )
        await self.current.create_index([("stored_at", DESCENDING)], name="stored_at")
        await self.index.create_index([("stored_at", DESCENDING)], name="stored_at")
        await self.index.create_index(
            [("document.organization", ASCENDING), ("document.year", ASCENDING)], name="organization_year"
        )
        await self.dead_letters.create_index([("failed_at", DESCENDING)], name="failed_at")
        await self.dead_letters.create_index([("sha256", ASCENDING)], name="sha256")
        await self.fill_index()

    async def fill_index(self) -> int:
        """Write the index entries a store from before the index lacks (one scan, at start-up, only
        when the counts differ); returns how many were written."""
        if await self.index.estimated_document_count() == await self.current.estimated_document_count():
            return 0
        indexed = {doc["_id"] async for doc in self.index.find({}, {"_id": 1})}
        written = 0
        async for stored in self.current.find({}, INDEXED_FIELDS):
            if stored["_id"] not in indexed:
                await self.index.replace_one({"_id": stored["_id"]}, index_entry(stored), upsert=True)
                written += 1
        return written

    async def save(self, record: ProcessedDisclosure, trace_id: str | None = None) -> SaveOutcome:
        """Store a revision; `trace_id` (the message's trace) is kept beside it for operators."""
        document = record.model_dump(mode="json")
        document["version_key"] = revision_key(record)
        document["stored_at"] = datetime.now(UTC)
        if trace_id:
            document["trace_id"] = trace_id
        revision_id = f"{record.sha256}:{record.parser_version}:{record.rule_set_version or '-'}"
        # Each write is first tried as an insert, the usual case: FerretDB answers a replace whose
        # filter is more than one `_id` by reading the whole collection, an insert by writing one
        # document. A key that is there already takes the guarded replace, as before.
        existing = not await _inserted(self.revisions, {"_id": revision_id, **document})
        if existing:
            await self.revisions.replace_one({"_id": revision_id}, {"_id": revision_id, **document})
        if not await _inserted(self.current, {"_id": record.sha256, **document}):
            try:
                # Replace the current document only when it is not newer than this revision.
                await self.current.replace_one(
                    {"_id": record.sha256, "version_key": {"$lte": document["version_key"]}},
                    {"_id": record.sha256, **document},
                    upsert=True,
                )
            except DuplicateKeyError:
                return SaveOutcome.OLDER
        entry = index_entry({"_id": record.sha256, **document})
        if not await _inserted(self.index, entry):
            try:
                await self.index.replace_one(
                    {"_id": record.sha256, "version_key": {"$lte": document["version_key"]}},
                    entry,
                    upsert=True,
                )
            except DuplicateKeyError:  # a newer revision was indexed between the two writes
                pass
        return SaveOutcome.UNCHANGED if existing else SaveOutcome.STORED

    async def get(self, sha256: str) -> Document | None:
        return await self.current.find_one({"_id": sha256})

    async def load(self, sha256: str) -> ProcessedDisclosure | None:
        """The current disclosure as a contract record (raises ValidationError if it no longer fits)."""
        stored = await self.get(sha256)
        return stored_record(stored) if stored else None

    async def record_dead_letter(
        self,
        dlq_topic: str,
        partition: int,
        offset: int,
        headers: dict[str, str],
        body: bytes,
        message_key: bytes | None = None,
    ) -> None:
        key = f"{dlq_topic}:{partition}:{offset}"
        source = _source_of(body)
        sha256 = headers.get("x-sha256")
        entry = {
            "dlq_topic": dlq_topic,
            "sha256": sha256,
            # What an operator recognises the input by: its file name or URL, and an id that stays
            # the same for the same input (its sha256; for a URL never fetched, the URL's hash).
            "uri": source.get("uri"),
            "filename": source.get("filename"),
            "input_id": sha256
            or (f"url:{sha256_hex(source['uri'].encode())[:16]}" if source.get("uri") else None),
            "stage": headers.get("x-stage"),
            "error": headers.get("x-error"),
            "error_type": headers.get("x-error-type"),
            "attempts": _count(headers.get("x-attempts")),
            "original": {
                "topic": headers.get("x-original-topic"),
                "partition": headers.get("x-original-partition"),
                "offset": headers.get("x-original-offset"),
            },
            "failed_at": _parse_time(headers.get("x-failed-at")),
            "trace_id": headers.get("x-trace-id"),
            "body_ref": headers.get("x-body-ref"),
            "body": body.decode("utf-8", errors="replace")[:1_000_000],
            "headers": headers,
            "key": message_key.decode("utf-8", errors="replace")[:200] if message_key else None,
        }
        await self.dead_letters.replace_one({"_id": key}, {"_id": key, **entry}, upsert=True)


async def _inserted(collection: Any, document: Document) -> bool:
    """Insert `document`; False when its `_id` is taken."""
    try:
        await collection.insert_one(document)
    except DuplicateKeyError:
        return False
    return True


def _source_of(body: bytes) -> dict[str, Any]:
    """The uri/filename of a dead-lettered envelope's input, when the body says (best effort: a
    body that does not decode says nothing)."""
    try:
        envelope = json.loads(body) if body else None
    except ValueError:
        return {}
    payload = envelope.get("payload") if isinstance(envelope, dict) else None
    if not isinstance(payload, dict):
        return {}
    nested = payload.get("source")
    source: dict[str, Any] = nested if isinstance(nested, dict) else payload
    return {k: str(source[k])[:2000] for k in ("uri", "filename") if isinstance(source.get(k), str)}


def _count(text: str | None) -> int:
    """A count header as sent by our runners; anything else (a hand-made or hostile header) is 0."""
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else 0


def _parse_time(text: str | None) -> datetime:
    try:
        return datetime.fromisoformat(text) if text else datetime.now(UTC)
    except ValueError:
        return datetime.now(UTC)
