"""Content-addressed storage of raw input bytes, so events carry a reference instead of the PDF.

Backends behind one protocol: GridFS (the MongoDB the pipeline already uses), a directory
(deployments that mount shared storage) and memory (the embedded `disclosures process` run, which
keeps each input only while it is processed). All are write-once by sha256.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from disclosure_shared.events import BlobRef
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.store_schema import BLOB_CHUNKS, BLOB_FILES, BLOBS_BUCKET

if TYPE_CHECKING:  # the MongoDB client is imported by the GridFS store only: `process` needs none
    from pymongo.asynchronous.database import AsyncDatabase


class BlobNotFound(LookupError):
    """The referenced bytes are not in the store."""


class BlobStore(Protocol):
    async def put(self, data: bytes) -> BlobRef: ...

    async def get(self, ref: BlobRef) -> bytes: ...

    async def exists(self, sha256: str) -> bool: ...


class FileBlobStore:
    """Blobs as files `<dir>/<ab>/<sha256>`, written atomically (temp file + rename)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, sha256: str) -> Path:
        return self.directory / sha256[:2] / sha256

    async def put(self, data: bytes) -> BlobRef:
        sha = sha256_hex(data)
        await asyncio.to_thread(self._write, sha, data)
        return BlobRef(store="file", sha256=sha, size=len(data))

    def _write(self, sha: str, data: bytes) -> None:
        path = self._path(sha)
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)

    async def get(self, ref: BlobRef) -> bytes:
        path = self._path(ref.sha256)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError as exc:
            raise BlobNotFound(ref.sha256) from exc

    async def exists(self, sha256: str) -> bool:
        return self._path(sha256).exists()


class MemoryBlobStore:
    """Blobs in a dict, for one process; `discard` lets a run drop bytes it has finished with."""

    def __init__(self) -> None:
        self._blobs: dict[str, bytes] = {}

    async def put(self, data: bytes) -> BlobRef:
        sha = sha256_hex(data)
        self._blobs.setdefault(sha, data)
        return BlobRef(store="memory", sha256=sha, size=len(data))

    async def get(self, ref: BlobRef) -> bytes:
        try:
            return self._blobs[ref.sha256]
        except KeyError as exc:
            raise BlobNotFound(ref.sha256) from exc

    async def exists(self, sha256: str) -> bool:
        return sha256 in self._blobs

    def discard(self, sha256: str) -> None:
        self._blobs.pop(sha256, None)


class GridFSBlobStore:
    """Blobs in GridFS bucket `blobs`, with the sha256 as the file `_id` (unique by construction).

    The chunks are written in GridFS's own format (any GridFS reader reads them), with addressable
    `_id`s "<sha256>:<n>": a read then asks for each chunk by `_id` instead of querying the chunks by
    `files_id`, which FerretDB answers by reading every chunk of every stored blob. Blobs written by
    the bucket before (ObjectId chunk ids) are read through the bucket.
    """

    CHUNK_BYTES = 255 * 1024
    """GridFS's default chunk size."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]]) -> None:
        from gridfs import AsyncGridFSBucket

        self._bucket = AsyncGridFSBucket(db, bucket_name=BLOBS_BUCKET)
        self._files = db[BLOB_FILES]
        self._chunks = db[BLOB_CHUNKS]

    async def put(self, data: bytes) -> BlobRef:
        from bson import Binary
        from pymongo.errors import DuplicateKeyError

        sha = sha256_hex(data)
        if not await self.exists(sha):
            size = self.CHUNK_BYTES
            for n, start in enumerate(range(0, len(data), size)):
                piece = Binary(data[start : start + size])
                chunk = {"_id": f"{sha}:{n}", "files_id": sha, "n": n, "data": piece}
                # an upsert: a writer that stopped half-way, or a concurrent one, leaves the same chunk
                await self._chunks.replace_one({"_id": chunk["_id"]}, chunk, upsert=True)
            try:  # the file entry last, as GridFS does: a blob is visible only once whole
                await self._files.insert_one(
                    {
                        "_id": sha,
                        "length": len(data),
                        "chunkSize": size,
                        "uploadDate": datetime.now(UTC),
                        "filename": sha,
                    }
                )
            except DuplicateKeyError:
                pass  # a concurrent writer stored the same bytes first
        return BlobRef(store="gridfs", sha256=sha, size=len(data))

    async def get(self, ref: BlobRef) -> bytes:
        entry = await self._files.find_one({"_id": ref.sha256})
        if entry is None:
            raise BlobNotFound(ref.sha256)
        count = -(-int(entry["length"]) // int(entry["chunkSize"]))
        pieces: list[bytes] = []
        for n in range(count):
            chunk = await self._chunks.find_one({"_id": f"{ref.sha256}:{n}"})
            if chunk is None:  # written by the bucket (ObjectId chunk ids): read it the GridFS way
                return await self._from_bucket(ref)
            pieces.append(bytes(chunk["data"]))
        return _checked(b"".join(pieces), ref)

    async def _from_bucket(self, ref: BlobRef) -> bytes:
        from gridfs.errors import NoFile

        try:
            stream = await self._bucket.open_download_stream(ref.sha256)
        except NoFile as exc:
            raise BlobNotFound(ref.sha256) from exc
        return _checked(await stream.read(), ref)

    async def exists(self, sha256: str) -> bool:
        return await self._files.count_documents({"_id": sha256}, limit=1) > 0


def _checked(data: bytes, ref: BlobRef) -> bytes:
    if sha256_hex(data) != ref.sha256:
        raise BlobNotFound(f"{ref.sha256} (stored bytes do not match their address)")
    return data
