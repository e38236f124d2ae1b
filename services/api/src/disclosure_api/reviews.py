"""Reviewer marks on findings, and the stable ids findings are addressed by.

    finding_reviews   _id = "<sha256>:<finding id>", the latest mark (confirmed or rejected) of a finding

A finding id is derived from the rule, location and message, so a mark survives a re-validation
that reproduces the same finding (its index may change; its id does not).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from disclosure_api.models import FindingView, Review, ReviewMark
from disclosure_shared.records import Finding

Document = dict[str, Any]
COLLECTION = "finding_reviews"


def finding_ids(findings: list[Finding]) -> list[str]:
    """One id per finding; a repeated (rule, location, message) gets a suffix by its occurrence."""
    ids: list[str] = []
    seen: Counter[str] = Counter()
    for finding in findings:
        basis = json.dumps(
            [finding.rule, finding.location.model_dump(mode="json"), finding.message], ensure_ascii=False
        )
        base = f"{finding.rule}-{hashlib.sha256(basis.encode()).hexdigest()[:12]}"
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def finding_views(findings: list[Finding], reviews: dict[str, Review]) -> list[FindingView]:
    return [
        FindingView(**finding.model_dump(), id=fid, index=index, review=reviews.get(fid))
        for index, (finding, fid) in enumerate(zip(findings, finding_ids(findings), strict=True))
    ]


class ReviewStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.reviews = db[COLLECTION]

    async def ensure_indexes(self) -> None:
        await self.reviews.create_index("sha256", name="sha256")

    async def of(self, sha256: str) -> dict[str, Review]:
        """The marks on one disclosure's findings, by finding id."""
        found = self.reviews.find({"sha256": sha256}, {"_id": 0})
        return {doc["finding_id"]: Review.model_validate(doc) async for doc in found}

    async def of_many(self, shas: list[str]) -> dict[str, dict[str, Review]]:
        marks: dict[str, dict[str, Review]] = {sha: {} for sha in shas}
        async for doc in self.reviews.find({"sha256": {"$in": shas}}, {"_id": 0}):
            marks[doc["sha256"]][doc["finding_id"]] = Review.model_validate(doc)
        return marks

    async def mark(self, sha256: str, finding_id: str, mark: ReviewMark) -> Review:
        review = Review(
            sha256=sha256, finding_id=finding_id, marked_at=datetime.now(UTC), **mark.model_dump()
        )
        key = f"{sha256}:{finding_id}"
        await self.reviews.replace_one({"_id": key}, {"_id": key, **review.model_dump()}, upsert=True)
        return review

    async def clear(self, sha256: str, finding_id: str) -> bool:
        result = await self.reviews.delete_one({"_id": f"{sha256}:{finding_id}"})
        return result.deleted_count > 0

    async def count(self) -> int:
        return await self.reviews.count_documents({})
