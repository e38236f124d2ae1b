"""`disclosures dlq list|show|replay|purge`: the dead letters the store service recorded.

A replay republishes the failed message to its original topic with its original headers (kept by
the runner in `x-original-headers`) and `x-replay-count` raised by one; a body that was too large
to travel is fetched back from the blob store (`x-body-ref`). The entry is marked replayed, so a
second replay of it changes nothing (unless --again). A replayed message that fails again is
dead-lettered again as a new entry, by the stage, never re-sent automatically: no loop.
`purge` removes entries from the store's `dead_letters` collection (the dlq topics keep them until
their retention ends).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from disclosure_shared.delivery import ORIGINAL_HEADERS
from disclosure_shared.events import BlobRef
from disclosure_shared.kafka import make_broker
from disclosure_shared.mongo import Document, blob_store
from disclosure_shared.settings import PipelineSettings
from disclosure_shared.store_schema import DEAD_LETTERS

REPLAY_COUNT = "x-replay-count"
MAX_REPLAYS = 5
"""A message replayed this often is not replayed again without --again: something is still wrong."""
LIST_FIELDS = ("_id", "failed_at", "stage", "error_type", "sha256", "filename", "uri", "error", "replayed_at")


def parse_since(text: str) -> datetime:
    """An ISO time, or an age such as 30m, 2h, 7d."""
    match = re.fullmatch(r"(\d+)([smhd])", text.strip())
    if match:
        unit = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}[match[2]]
        return datetime.now(UTC) - timedelta(**{unit: int(match[1])})
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def selection(
    stage: str | None = None, code: str | None = None, since: datetime | None = None
) -> dict[str, Any]:
    query: dict[str, Any] = {}
    if stage:
        query["stage"] = stage
    if code:
        query["error_type"] = code
    if since:
        query["failed_at"] = {"$gte": since}
    return query


async def list_entries(
    db: AsyncDatabase[Document], query: dict[str, Any], limit: int = 200
) -> list[Document]:
    projection = dict.fromkeys(LIST_FIELDS, 1)
    cursor = db[DEAD_LETTERS].find(query, projection).sort("failed_at", -1).limit(limit)
    return [entry async for entry in cursor]


async def show(db: AsyncDatabase[Document], entry_id: str) -> Document | None:
    return await db[DEAD_LETTERS].find_one({"_id": entry_id})


@dataclass
class Replay:
    """What a replay did (or, with --dry-run, would do)."""

    sent: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    """Entry id -> why it was not replayed."""


def replay_headers(entry: Document) -> dict[str, str]:
    """The failed message's own headers with the replay counter raised."""
    headers = entry.get("headers") or {}
    try:
        original = json.loads(headers.get(ORIGINAL_HEADERS) or "{}")
    except ValueError:
        original = {}
    restored = {str(k): str(v) for k, v in original.items()} if isinstance(original, dict) else {}
    if entry.get("trace_id"):
        restored.setdefault("x-trace-id", entry["trace_id"])
    restored[REPLAY_COUNT] = str(replays_of(entry) + 1)
    return restored


def replays_of(entry: Document) -> int:
    """How often the message of this entry had been replayed before it failed."""
    try:
        original = json.loads((entry.get("headers") or {}).get(ORIGINAL_HEADERS) or "{}")
        return int(original.get(REPLAY_COUNT, 0))
    except (ValueError, TypeError, AttributeError):
        return 0


async def body_of(entry: Document, settings: PipelineSettings, db: AsyncDatabase[Document]) -> bytes:
    ref = entry.get("body_ref")
    if ref:
        size = int((entry.get("headers") or {}).get("x-body-bytes") or 0)
        store = blob_store(settings, db)
        return await store.get(BlobRef(store=settings.blobs.backend, sha256=ref, size=size))
    return str(entry.get("body") or "").encode()


async def replay(
    settings: PipelineSettings,
    db: AsyncDatabase[Document],
    query: dict[str, Any],
    *,
    dry_run: bool = False,
    again: bool = False,
) -> Replay:
    """Republish every selected entry to its original topic (see the module docstring)."""
    done = Replay()
    entries = [entry async for entry in db[DEAD_LETTERS].find(query).sort("failed_at", 1)]
    if not entries:
        return done
    async with make_broker(settings.kafka, client_id="disclosure-dlq-replay") as broker:
        for entry in entries:
            entry_id = str(entry["_id"])
            topic = (entry.get("original") or {}).get("topic")
            if not topic:
                done.skipped[entry_id] = "no original topic recorded"
                continue
            if entry.get("replayed_at") and not again:
                done.skipped[entry_id] = (
                    f"already replayed at {entry['replayed_at']:%Y-%m-%d %H:%M:%S} (--again)"
                )
                continue
            if replays_of(entry) >= MAX_REPLAYS and not again:
                done.skipped[entry_id] = f"replayed {MAX_REPLAYS} times already (--again)"
                continue
            body = await body_of(entry, settings, db)
            if not body:
                done.skipped[entry_id] = "no body kept"
                continue
            if not dry_run:
                key = entry.get("key") or entry.get("sha256") or entry.get("trace_id")
                await broker.publish(
                    body, topic, key=key.encode() if key else None, headers=replay_headers(entry)
                )
                await db[DEAD_LETTERS].update_one(
                    {"_id": entry["_id"]},
                    {"$set": {"replayed_at": datetime.now(UTC)}, "$inc": {"replays": 1}},
                )
            done.sent.append(entry_id)
    return done


async def purge(db: AsyncDatabase[Document], query: dict[str, Any]) -> int:
    result = await db[DEAD_LETTERS].delete_many(query)
    return int(result.deleted_count)
