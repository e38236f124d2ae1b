"""Crawl state: seen URLs with their validators and content hashes, and each portal's last run.

Two implementations of one protocol: a JSON file for the command line without servers (by default
inside its --out directory) and a MongoDB collection for the crawl service.
"""

from __future__ import annotations

import asyncio
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pymongo.asynchronous.collection import AsyncCollection

STATE_SCHEMA_VERSION = 1


def now() -> datetime:
    return datetime.now(UTC)


class Stamped(BaseModel):
    """Times in UTC at millisecond precision, as MongoDB keeps them (naive ones are read as UTC), so a
    state read back from either store equals the state written."""

    model_config = ConfigDict(validate_default=True)

    @field_validator("*", mode="after")
    @classmethod
    def _mongo_time(cls, value: Any) -> Any:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
            return value.replace(microsecond=value.microsecond // 1000 * 1000)
        return value


class LinkRecord(BaseModel):
    url: str
    title: str = ""
    skip_reason: str | None = None
    """Set for a link that is recorded but not fetched (e.g. an .xls attachment)."""


class UrlState(Stamped):
    """What the crawler knows of one URL: a detail page (with its attachments, or with `sha256` set
    when the page itself is the disclosure, published inline) or an attachment."""

    url: str
    role: Literal["page", "attachment"]
    portal: str
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    revisions: int = 0
    """How many different contents were delivered from this URL (a corrected file adds one)."""
    first_seen: datetime = Field(default_factory=now)
    last_checked: datetime = Field(default_factory=now)
    last_changed: datetime | None = None
    """When the content (an attachment's bytes, a page's links or article) last changed; None (a
    state written before this was kept) reads as `first_seen`."""
    links: list[LinkRecord] = Field(default_factory=list)
    """A detail page's attachments (and skipped links), reused when the page answers 304."""


class RunState(Stamped):
    portal: str
    started_at: datetime
    finished_at: datetime | None = None
    outcome: Literal["ok", "partial", "failed", "running"] = "running"
    list_pages: int = 0
    found: int = 0
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    duplicates: int = 0
    deferred: int = 0
    """Known pages and attachments not asked this run (the recheck back-off)."""
    skipped: int = 0
    failed: int = 0
    requests: int = 0
    errors: list[str] = Field(default_factory=list)
    """The first few failures (reason and URL), enough to see what went wrong."""


class CrawlState(Protocol):
    async def url(self, url: str) -> UrlState | None: ...
    async def put_url(self, state: UrlState) -> None: ...
    async def url_for_hash(self, sha256: str) -> str | None: ...
    async def put_hash(self, sha256: str, url: str) -> None: ...
    async def last_run(self, portal: str) -> RunState | None: ...
    async def put_run(self, run: RunState) -> None: ...
    async def runs(self) -> list[RunState]: ...


class _StateFile(BaseModel):
    schema_version: int = STATE_SCHEMA_VERSION
    urls: dict[str, UrlState] = Field(default_factory=dict)
    hashes: dict[str, str] = Field(default_factory=dict)
    runs: dict[str, RunState] = Field(default_factory=dict)


class JsonFileState:
    """State in one JSON file, replaced atomically (temp file + rename). Changes are written at most
    every `save_every_s` and always with a run record (the start and the end of every crawl), so an
    interrupted crawl loses at most a few seconds of what it had delivered: those files are
    fetched and delivered once more by the next run, never lost."""

    def __init__(self, path: Path, save_every_s: float = 2.0) -> None:
        self.path = path
        self.save_every_s = save_every_s
        if path.exists():
            self._data = _StateFile.model_validate_json(path.read_bytes())
        else:
            self._data = _StateFile()
        self._lock = asyncio.Lock()
        self._saved_at = 0.0

    async def _save(self, *, now: bool = False) -> None:
        if not now and time.monotonic() - self._saved_at < self.save_every_s:
            return
        async with self._lock:
            self._saved_at = time.monotonic()
            text = self._data.model_dump_json(indent=1)
            await asyncio.to_thread(_write_atomic, self.path, text)

    async def url(self, url: str) -> UrlState | None:
        return self._data.urls.get(url)

    async def put_url(self, state: UrlState) -> None:
        self._data.urls[state.url] = state
        await self._save()

    async def url_for_hash(self, sha256: str) -> str | None:
        return self._data.hashes.get(sha256)

    async def put_hash(self, sha256: str, url: str) -> None:
        self._data.hashes.setdefault(sha256, url)
        await self._save()

    async def last_run(self, portal: str) -> RunState | None:
        return self._data.runs.get(portal)

    async def put_run(self, run: RunState) -> None:
        self._data.runs[run.portal] = run
        await self._save(now=True)

    async def runs(self) -> list[RunState]:
        return sorted(self._data.runs.values(), key=lambda r: r.portal)


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


Document = dict[str, Any]
STATE_COLLECTION = "crawl_state"


class MongoCrawlState:
    """State in one collection, one document per URL, content hash and portal run:
    _id "url:<url>", "sha256:<hex>", "run:<portal>"."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def _get(self, key: str) -> Document | None:
        return await self.collection.find_one({"_id": key})

    async def _put(self, key: str, kind: str, body: Document) -> None:
        await self.collection.replace_one({"_id": key}, {"_id": key, "kind": kind, **body}, upsert=True)

    async def url(self, url: str) -> UrlState | None:
        found = await self._get("url:" + url)
        return UrlState.model_validate(found) if found else None

    async def put_url(self, state: UrlState) -> None:
        await self._put("url:" + state.url, "url", state.model_dump())

    async def url_for_hash(self, sha256: str) -> str | None:
        found = await self._get("sha256:" + sha256)
        return str(found["url"]) if found else None

    async def put_hash(self, sha256: str, url: str) -> None:
        # First URL wins: a republication elsewhere does not rewrite where the bytes came from.
        key = "sha256:" + sha256
        await self.collection.update_one(
            {"_id": key}, {"$setOnInsert": {"kind": "sha256", "url": url, "at": now()}}, upsert=True
        )

    async def last_run(self, portal: str) -> RunState | None:
        found = await self._get("run:" + portal)
        return RunState.model_validate(found) if found else None

    async def put_run(self, run: RunState) -> None:
        await self._put("run:" + run.portal, "run", run.model_dump())

    async def runs(self) -> list[RunState]:
        cursor = self.collection.find({"kind": "run"}).sort("portal", 1)
        return [RunState.model_validate(d) async for d in cursor]
