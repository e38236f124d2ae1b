"""Reads the collections the store service writes (see disclosure_store.repository for their shapes).

The API never writes them: it only reads `disclosures` (the newest revision of each input) and
`dead_letters`; its own writes are reviewer marks (reviews.py).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from disclosure_api.filters import DisclosureFilters
from disclosure_api.models import DeadLetterView, DisclosureSummary, Facets, FindingCounts, PipelineHealth
from disclosure_shared.mongo import stored_record
from disclosure_shared.records import ProcessedDisclosure
from disclosure_shared.store_schema import DEAD_LETTERS, DISCLOSURE_INDEX, DISCLOSURES

Document = dict[str, Any]
NEWEST_FIRST = [("stored_at", DESCENDING), ("_id", ASCENDING)]


def summary(doc: Document) -> DisclosureSummary:
    document = doc.get("document") or {}
    counts = FindingCounts()
    for finding in doc.get("findings") or []:
        severity = finding.get("severity")
        if severity in ("error", "warning", "info"):
            setattr(counts, severity, getattr(counts, severity) + 1)
    return DisclosureSummary(
        sha256=doc["_id"],
        organization=document.get("organization"),
        region=document.get("region"),
        year=document.get("year"),
        kind=document.get("kind"),
        scope=document.get("scope"),
        title=document.get("title"),
        filename=(doc.get("source") or {}).get("filename"),
        verdict=doc["verdict"],
        findings=counts,
        pages=int(doc.get("page_count") or 0),
        parser_version=doc["parser_version"],
        rule_set_version=doc.get("rule_set_version"),
        stored_at=doc.get("stored_at"),
    )


class StoreReader:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.disclosures = db[DISCLOSURES]
        # Lists, facets and counts read the small entries; a whole disclosure is read by id.
        self.index = db[DISCLOSURE_INDEX]
        self.dead_letters = db[DEAD_LETTERS]

    async def ping(self) -> None:
        await self.disclosures.database.command("ping")

    async def page(
        self, filters: DisclosureFilters, limit: int, offset: int
    ) -> tuple[int, list[DisclosureSummary]]:
        query = filters.query()
        found = self.index.find(query).sort(NEWEST_FIRST).skip(offset).limit(limit)
        # Unfiltered, the collection's own count answers without a scan.
        count = self.index.count_documents(query) if query else self.index.estimated_document_count()
        total, docs = await asyncio.gather(count, found.to_list(None))
        return total, [summary(doc) for doc in docs]

    async def records(self, filters: DisclosureFilters, limit: int) -> list[ProcessedDisclosure]:
        """Whole records of the filtered set, newest first (exports)."""
        found = self.disclosures.find(filters.query()).sort(NEWEST_FIRST).limit(limit)
        return [stored_record(doc) async for doc in found]

    async def get(self, sha256: str) -> ProcessedDisclosure | None:
        doc = await self.disclosures.find_one({"_id": sha256})
        return stored_record(doc) if doc else None

    async def stored_at(self, sha256: str) -> datetime | None:
        doc = await self.disclosures.find_one({"_id": sha256}, {"stored_at": 1})
        return doc.get("stored_at") if doc else None

    async def of_organization(self, organization: str) -> list[ProcessedDisclosure]:
        """The organization's documents, oldest year first (a comparison reads them side by side)."""
        found = self.disclosures.find({"document.organization": organization}, {"pages": 0, "claims": 0})
        records = [stored_record({**doc, "pages": []}) async for doc in found]
        return sorted(records, key=lambda r: (r.document.year or 0, r.document.kind or "", r.sha256))

    async def facets(self) -> Facets:
        def texts(values: list[Any]) -> list[str]:
            return sorted(v for v in values if isinstance(v, str) and v)

        fields = ("document.organization", "document.region", "document.year", "findings.rule")
        organizations, regions, years, rules = await asyncio.gather(
            *(self.index.distinct(field) for field in fields)
        )
        return Facets(
            organizations=texts(organizations),
            regions=texts(regions),
            years=sorted(v for v in years if isinstance(v, int)),
            rules=texts(rules),
        )

    async def _count_by_verdict(self) -> dict[str, int]:
        """One pass over the store instead of one count per verdict."""
        cursor = await self.index.aggregate([{"$group": {"_id": "$verdict", "n": {"$sum": 1}}}])
        return {doc["_id"]: int(doc["n"]) async for doc in cursor}

    async def health(self, reviews: int, last: int = 10) -> PipelineHealth:
        verdicts = ("pass", "warn", "fail")
        latest_letters = self.dead_letters.find({}, {"body": 0}).sort([("failed_at", DESCENDING)]).limit(last)
        hour_ago = datetime.now(UTC) - timedelta(hours=1)
        grouped, dead_letters, newest, letters, last_hour = await asyncio.gather(
            self._count_by_verdict(),
            self.dead_letters.estimated_document_count(),
            self.index.find({}, {"stored_at": 1}).sort(NEWEST_FIRST).limit(1).to_list(1),
            latest_letters.to_list(last),
            self.index.count_documents({"stored_at": {"$gte": hour_ago}}),
        )
        by_verdict = {v: grouped.get(v, 0) for v in verdicts}
        return PipelineHealth(
            disclosures=sum(by_verdict.values()),
            by_verdict=by_verdict,
            reviews=reviews,
            dead_letters=dead_letters,
            last_dead_letters=[
                DeadLetterView(
                    id=str(doc["_id"]),
                    dlq_topic=doc.get("dlq_topic"),
                    sha256=doc.get("sha256"),
                    stage=doc.get("stage"),
                    error=doc.get("error"),
                    error_type=doc.get("error_type"),
                    attempts=int(doc.get("attempts") or 0),
                    failed_at=doc.get("failed_at"),
                )
                for doc in letters
            ],
            last_stored_at=newest[0].get("stored_at") if newest else None,
            stored_last_hour=last_hour,
            throughput_per_minute=round(last_hour / 60, 2),
        )
