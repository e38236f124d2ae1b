"""The intake registry: which bytes have been admitted, so the same bytes are processed once.

A claim is granted for new bytes, for bytes whose earlier admission never got published (a crash
between the two), for bytes a later stage dead-lettered after their last publication and that were
never stored (so a plain re-submit retries a failed input), and when the submitter forces a
reprocess. `published` is recorded only after the fetched event is safely in Kafka.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from disclosure_shared.records import Source
from disclosure_shared.store_schema import DEAD_LETTERS, DISCLOSURES, INTAKE

if TYPE_CHECKING:  # the MongoDB client is imported by the MongoDB registry only: `process` needs none
    from pymongo.asynchronous.database import AsyncDatabase


class IntakeRegistry(Protocol):
    async def claim(self, sha256: str, source: Source, force: bool) -> bool:
        """Record this submission; True when the bytes should go down the pipeline."""
        ...

    async def mark_published(self, sha256: str) -> None: ...


class MemoryRegistry:
    """Registry for one embedded run."""

    def __init__(self) -> None:
        self._published: set[str] = set()

    async def claim(self, sha256: str, source: Source, force: bool) -> bool:  # noqa: ARG002
        return force or sha256 not in self._published

    async def mark_published(self, sha256: str) -> None:
        self._published.add(sha256)


class MongoRegistry:
    """Registry in collection `intake`, keyed by sha256 (the `_id`, hence unique)."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        self._intake = db[INTAKE]
        self._dead_letters = db[DEAD_LETTERS]
        self._disclosures = db[DISCLOSURES]

    async def claim(self, sha256: str, source: Source, force: bool) -> bool:
        from pymongo import ReturnDocument

        before = await self._intake.find_one_and_update(
            {"_id": sha256},
            {
                "$setOnInsert": {"first_seen": datetime.now(UTC), "published": False},
                "$inc": {"submissions": 1},
                "$set": {"last_seen": datetime.now(UTC), "last_source": source.model_dump(mode="json")},
            },
            upsert=True,
            return_document=ReturnDocument.BEFORE,
        )
        if force or before is None or not before.get("published", False):
            return True
        return await self._failed_since(sha256, before.get("published_at"))

    async def _failed_since(self, sha256: str, published_at: datetime | None) -> bool:
        """Dead-lettered by a later stage after its last publication, and never stored."""
        if await self._disclosures.count_documents({"_id": sha256}, limit=1):
            return False
        query: dict[str, Any] = {"sha256": sha256}
        if published_at is not None:
            query["failed_at"] = {"$gte": published_at}
        return await self._dead_letters.count_documents(query, limit=1) > 0

    async def mark_published(self, sha256: str) -> None:
        await self._intake.update_one(
            {"_id": sha256}, {"$set": {"published": True, "published_at": datetime.now(UTC)}}
        )
