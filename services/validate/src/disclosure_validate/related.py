"""The related disclosures of a document, read from the store: the same organization's documents of
the same year (a 决算's 预算) and of the previous year. Which documents are related, and the query
that finds them, are the store's schema (disclosure_shared.store_schema)."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError
from pymongo.asynchronous.database import AsyncDatabase

from disclosure_shared.mongo import stored_record
from disclosure_shared.records import DocumentInfo, ProcessedDisclosure
from disclosure_shared.store_schema import DISCLOSURE_INDEX, DISCLOSURES, related_query
from disclosure_shared.store_schema import is_related as is_related

log = logging.getLogger(__name__)

LIMIT = 20


async def find_related(
    db: AsyncDatabase[dict[str, Any]], document: DocumentInfo, *, exclude: str
) -> list[ProcessedDisclosure]:
    """Stored disclosures of `document`'s organization for its year and the year before."""
    query = related_query(document, exclude=exclude)
    if query is None:
        return []
    # The index entries (same paths, no page text) find them: FerretDB reads every whole document of
    # a collection to answer a query other than one `_id`, so asking `disclosures` cost every
    # validation a read of all stored text. Only the related ones are then read, each by its `_id`.
    found = db[DISCLOSURE_INDEX].find(query, {"_id": 1}).limit(LIMIT)
    ids = [entry["_id"] async for entry in found]
    related: list[ProcessedDisclosure] = []
    for sha in ids:
        stored = await db[DISCLOSURES].find_one({"_id": sha})
        if stored is None:  # replaced or removed since the index was read
            continue
        try:
            related.append(stored_record(stored))
        except ValidationError:
            log.warning(
                "stored disclosure %s does not fit the contract; not used as related", stored.get("_id")
            )
    return related
