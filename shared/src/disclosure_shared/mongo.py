"""MongoDB client construction (pymongo's asyncio client; one per event loop)."""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from disclosure_shared.blobs import BlobStore, FileBlobStore, GridFSBlobStore
from disclosure_shared.records import ProcessedDisclosure
from disclosure_shared.settings import PipelineSettings

Document = dict[str, Any]
STORE_FIELDS = frozenset({"_id", "version_key", "stored_at", "trace_id"})
"""Fields a stored disclosure has beyond the contract: the store's bookkeeping. `trace_id` is the
trace of the submission (or re-validation) that produced the revision: operational metadata, so it
lives beside the record rather than in the contract downstream consumers read."""


def stored_record(document: Document) -> ProcessedDisclosure:
    """A document of the `disclosures` collection as the contract record (raises ValidationError)."""
    return ProcessedDisclosure.model_validate({k: v for k, v in document.items() if k not in STORE_FIELDS})


def connect(settings: PipelineSettings, timeout_ms: int = 10_000) -> AsyncMongoClient[Document]:
    """A client; `timeout_ms` bounds how long an operation waits for an unreachable server (the
    services wait out outages anyway; a command line wants a quick answer)."""
    return AsyncMongoClient(settings.mongo.uri, tz_aware=True, serverSelectionTimeoutMS=timeout_ms)


def database(client: AsyncMongoClient[Document], settings: PipelineSettings) -> AsyncDatabase[Document]:
    return client[settings.mongo.database]


def blob_store(settings: PipelineSettings, db: AsyncDatabase[Document] | None) -> BlobStore:
    """The configured blob store; GridFS needs the database, the file store does not."""
    if settings.blobs.backend == "file" or db is None:
        return FileBlobStore(settings.blobs.directory)
    return GridFSBlobStore(db)
