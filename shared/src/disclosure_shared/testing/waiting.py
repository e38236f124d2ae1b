"""Polling helpers for integration tests: wait for documents to appear in the store."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from disclosure_shared.store_schema import DISCLOSURE_INDEX, DISCLOSURES


async def wait_for_documents(
    collection: Any,
    query: dict[str, Any],
    count: int,
    timeout: float = 240.0,
    projection: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Poll until `query` matches at least `count` documents; fail with what was found."""
    deadline = time.monotonic() + timeout
    while True:
        found = await collection.find(query, projection).to_list(None)
        if len(found) >= count:
            return list(found)
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(found)} of {count} documents for {query} after {timeout}s")
        await asyncio.sleep(0.5)


async def wait_stored(
    db: AsyncDatabase[dict[str, Any]], shas: list[str], timeout: float = 240.0
) -> list[dict[str, Any]]:
    """The processed disclosures of `shas`, in that order, once all are stored."""
    await wait_indexed(db, shas, timeout)
    docs = [await db[DISCLOSURES].find_one({"_id": sha}) for sha in dict.fromkeys(shas)]
    by_sha = {d["_id"]: d for d in docs if d is not None}
    return [by_sha[s] for s in shas]


async def wait_indexed(db: AsyncDatabase[dict[str, Any]], shas: list[str], timeout: float = 240.0) -> None:
    """Return once every one of `shas` is stored, without reading the disclosures (benchmarks).

    Polls the small index entries, written after each disclosure: FerretDB reads whole documents to
    answer a query other than one `_id`, so polling `disclosures` itself every half second cost the
    store more CPU than the services it measures (benchmarks share the cores)."""
    wanted = {"_id": {"$in": shas}}
    await wait_for_documents(db[DISCLOSURE_INDEX], wanted, len(set(shas)), timeout, projection={"_id": 1})


async def wait_group_stable(bootstrap: str, group: str, members: int, timeout: float = 90.0) -> None:
    """Wait until consumer group `group` is Stable with `members` members (assignment settled)."""
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    deadline = time.monotonic() + timeout
    try:
        while True:
            [response] = await admin.describe_consumer_groups([group])
            described = response.to_object()["groups"][0]
            if described["state"] == "Stable" and len(described["members"]) == members:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"group {group}: {described['group_state']} with {len(described['members'])}"
                )
            await asyncio.sleep(0.5)
    finally:
        await admin.close()
