from pathlib import Path

import pytest

from disclosure_shared.blobs import BlobNotFound, FileBlobStore, MemoryBlobStore
from disclosure_shared.events import BlobRef
from disclosure_shared.hashing import sha256_hex


async def test_file_store_is_content_addressed_and_write_once(tmp_path: Path) -> None:
    store = FileBlobStore(tmp_path)
    ref = await store.put(b"%PDF-1.7 bytes")
    assert ref.sha256 == sha256_hex(b"%PDF-1.7 bytes") and ref.size == 14
    again = await store.put(b"%PDF-1.7 bytes")
    assert again == ref
    assert await store.get(ref) == b"%PDF-1.7 bytes"
    assert await store.exists(ref.sha256)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert [p.name for p in files] == [ref.sha256]  # no temp files left behind


async def test_missing_blob_is_a_specific_error(tmp_path: Path) -> None:
    store = FileBlobStore(tmp_path)
    with pytest.raises(BlobNotFound):
        await store.get(BlobRef(store="file", sha256="00" * 32, size=1))
    assert not await store.exists("00" * 32)


async def test_memory_store_is_content_addressed_until_discarded() -> None:
    store = MemoryBlobStore()
    ref = await store.put(b"%PDF-1.7 bytes")
    assert ref == BlobRef(store="memory", sha256=sha256_hex(b"%PDF-1.7 bytes"), size=14)
    assert await store.put(b"%PDF-1.7 bytes") == ref
    assert await store.get(ref) == b"%PDF-1.7 bytes" and await store.exists(ref.sha256)
    store.discard(ref.sha256)
    assert not await store.exists(ref.sha256)
    with pytest.raises(BlobNotFound):
        await store.get(ref)
