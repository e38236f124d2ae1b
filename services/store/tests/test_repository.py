"""The store against a real MongoDB-wire server: revisions, idempotence, dead letters, GridFS."""

from datetime import UTC, datetime

import pytest

from disclosure_shared.blobs import BlobNotFound, GridFSBlobStore
from disclosure_shared.events import BlobRef
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.records import DocumentInfo, ProcessedDisclosure, Source
from disclosure_store.repository import DisclosureRepository, SaveOutcome, version_key

pytestmark = pytest.mark.integration
SHA = "cd" * 32


def record(
    parser_version: str, organization: str = "武汉市青山区大数据中心", rule_set_version: str | None = None
) -> ProcessedDisclosure:
    return ProcessedDisclosure(
        sha256=SHA,
        source=Source(fetched_at=datetime.now(UTC), bytes=5),
        document=DocumentInfo(kind="budget", year=2024, organization=organization),
        pages=[],
        verdict="pass",
        parser_version=parser_version,
        rule_set_version=rule_set_version,
    )


def test_version_keys_sort_numerically() -> None:
    assert version_key("0.10.0") > version_key("0.9.12") > version_key("0.9")
    assert version_key("1.0.0") == version_key("1")


async def test_revisions_are_kept_and_the_newest_is_current(mongo_db) -> None:
    repository = DisclosureRepository(mongo_db)
    await repository.ensure_indexes()
    assert await repository.save(record("0.9.0", "old")) == SaveOutcome.STORED
    assert await repository.save(record("0.9.0", "old")) == SaveOutcome.UNCHANGED  # a redelivery
    assert await repository.save(record("0.10.0", "new")) == SaveOutcome.STORED
    assert await repository.save(record("0.9.5", "older")) == SaveOutcome.OLDER  # late straggler
    current = await repository.get(SHA)
    assert current is not None
    assert (current["parser_version"], current["document"]["organization"]) == ("0.10.0", "new")
    assert await mongo_db["disclosures"].count_documents({}) == 1
    versions = sorted(
        d["parser_version"] for d in await mongo_db["disclosure_revisions"].find().to_list(None)
    )
    assert versions == ["0.10.0", "0.9.0", "0.9.5"]


async def test_a_revalidation_is_a_revision_and_the_newer_rule_set_is_current(mongo_db) -> None:
    repository = DisclosureRepository(mongo_db)
    await repository.ensure_indexes()
    assert await repository.save(record("0.2.0", "first", rule_set_version="0.2.0")) == SaveOutcome.STORED
    assert (
        await repository.save(record("0.2.0", "revalidated", rule_set_version="0.10.0")) == SaveOutcome.STORED
    )
    assert await repository.save(record("0.2.0", "stale", rule_set_version="0.3.0")) == SaveOutcome.OLDER
    loaded = await repository.load(SHA)
    assert loaded is not None
    assert (loaded.rule_set_version, loaded.document.organization) == ("0.10.0", "revalidated")
    # a newer parser outranks any rule set of an older parser
    assert await repository.save(record("0.3.0", "reparsed", rule_set_version="0.2.0")) == SaveOutcome.STORED
    assert (await repository.get(SHA) or {})["parser_version"] == "0.3.0"
    assert await mongo_db["disclosure_revisions"].count_documents({"sha256": SHA}) == 4


async def test_unique_index_refuses_a_second_revision_row(mongo_db) -> None:
    from pymongo.errors import DuplicateKeyError

    repository = DisclosureRepository(mongo_db)
    await repository.ensure_indexes()
    await repository.save(record("1.0.0"))
    with pytest.raises(DuplicateKeyError):
        await mongo_db["disclosure_revisions"].insert_one(
            {"_id": "other", "sha256": SHA, "parser_version": "1.0.0", "rule_set_version": None}
        )


async def test_dead_letters_are_recorded_once_per_dlq_offset(mongo_db) -> None:
    repository = DisclosureRepository(mongo_db)
    headers = {
        "x-stage": "extract",
        "x-error": "corrupt-pdf: no /Root",
        "x-error-type": "corrupt-pdf",
        "x-attempts": "1",
        "x-original-topic": "disclosure.fetched",
        "x-original-partition": "3",
        "x-original-offset": "41",
        "x-sha256": SHA,
        "x-failed-at": "2026-11-21T03:00:00+00:00",
    }
    for _ in range(2):
        await repository.record_dead_letter("disclosure.fetched.dlq", 3, 9, headers, b'{"sha256": "cd"}')
    [letter] = await mongo_db["dead_letters"].find().to_list(None)
    assert (letter["error_type"], letter["attempts"], letter["sha256"]) == ("corrupt-pdf", 1, SHA)
    assert letter["original"] == {"topic": "disclosure.fetched", "partition": "3", "offset": "41"}


async def test_gridfs_blobs_round_trip_across_chunks(mongo_db) -> None:
    store = GridFSBlobStore(mongo_db)
    data = bytes(range(256)) * 4000  # ~1 MiB: several GridFS chunks
    ref = await store.put(data)
    assert await store.put(data) == ref  # write-once
    assert await store.get(ref) == data
    assert await mongo_db["blobs.files"].count_documents({}) == 1
    with pytest.raises(BlobNotFound):
        await store.get(BlobRef(store="gridfs", sha256="00" * 32, size=1))


async def test_a_dead_letter_with_hostile_headers_is_recorded_not_retried(mongo_db) -> None:
    repository = DisclosureRepository(mongo_db)
    headers = {"x-attempts": "many", "x-failed-at": "yesterday", "x-original-offset": "-1"}
    await repository.record_dead_letter("disclosure.parsed.dlq", 0, 5, headers, b"\xff\xfe garbage")
    [letter] = await mongo_db["dead_letters"].find({"dlq_topic": "disclosure.parsed.dlq"}).to_list(None)
    assert letter["attempts"] == 0 and letter["failed_at"] is not None
    assert letter["body"].endswith("garbage")


def paged_record(parser_version: str, organization: str) -> ProcessedDisclosure:
    from disclosure_shared.records import Finding, PageInfo

    base = record(parser_version, organization)
    return base.model_copy(
        update={
            "pages": [PageInfo(number=n, text="正文" * 500) for n in (1, 2, 3)],
            "findings": [
                Finding(rule="I-06", severity="error", message="合计不等于各项之和", probable_cause="source"),
                Finding(rule="N-01", severity="info", message="未核对", probable_cause="extraction"),
            ],
            "verdict": "fail",
        }
    )


async def test_each_stored_disclosure_has_a_small_index_entry_that_follows_the_current_revision(
    mongo_db,
) -> None:
    repository = DisclosureRepository(mongo_db)
    await repository.ensure_indexes()
    await repository.save(paged_record("0.10.0", "new"))
    await repository.save(paged_record("0.9.0", "older"))  # a straggler never replaces the entry
    entry = await mongo_db["disclosure_index"].find_one({"_id": SHA})
    assert entry is not None
    assert entry["document"]["organization"] == "new"
    assert (entry["verdict"], entry["page_count"], entry["parser_version"]) == ("fail", 3, "0.10.0")
    assert entry["findings"] == [
        {"rule": "I-06", "severity": "error"},
        {"rule": "N-01", "severity": "info"},
    ]
    assert "pages" not in entry and "tables" not in entry and "claims" not in entry


async def test_a_store_from_before_the_index_is_indexed_at_start_up(mongo_db) -> None:
    repository = DisclosureRepository(mongo_db)
    await repository.ensure_indexes()
    await repository.save(paged_record("0.10.0", "new"))
    await mongo_db["disclosure_index"].delete_many({})
    await repository.ensure_indexes()  # what the store service does when it starts
    entry = await mongo_db["disclosure_index"].find_one({"_id": SHA})
    assert entry is not None
    assert (entry["document"]["organization"], entry["page_count"], len(entry["findings"])) == ("new", 3, 2)
    assert await repository.fill_index() == 0  # counts agree: nothing to scan


async def test_gridfs_blobs_are_read_by_chunk_id_and_by_any_gridfs_reader(mongo_db) -> None:
    from gridfs import AsyncGridFSBucket

    store = GridFSBlobStore(mongo_db)
    data = bytes(range(256)) * 3000  # ~750 KiB: three chunks
    ref = await store.put(data)
    chunk_ids = sorted([c["_id"] async for c in mongo_db["blobs.chunks"].find({}, {"_id": 1})])
    assert chunk_ids == [f"{ref.sha256}:{n}" for n in range(3)]
    bucket = AsyncGridFSBucket(mongo_db, bucket_name="blobs")
    assert await (await bucket.open_download_stream(ref.sha256)).read() == data


async def test_a_blob_the_gridfs_bucket_wrote_is_still_read(mongo_db) -> None:
    from gridfs import AsyncGridFSBucket

    data = b"older blob " * 40_000  # two chunks with ObjectId ids
    sha = sha256_hex(data)
    await AsyncGridFSBucket(mongo_db, bucket_name="blobs").upload_from_stream_with_id(sha, sha, data)
    assert await GridFSBlobStore(mongo_db).get(BlobRef(store="gridfs", sha256=sha, size=len(data))) == data
