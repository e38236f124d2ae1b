"""What a request handler needs (store reader, reviews, blob store), built once per app lifespan."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from disclosure_api.models import Facets, PipelineHealth
from disclosure_api.reading import StoreReader
from disclosure_api.reviews import ReviewStore
from disclosure_shared.blobs import BlobNotFound, BlobStore
from disclosure_shared.events import BlobRef
from disclosure_shared.lag import read_lags
from disclosure_shared.records import ProcessedDisclosure
from disclosure_shared.settings import PipelineSettings

SUMMARY_TTL_S = 10.0
LAG_TIMEOUT_S = 2.0


@dataclass
class Services:
    settings: PipelineSettings
    reader: StoreReader
    reviews: ReviewStore
    blobs: BlobStore
    _pdfs: OrderedDict[str, bytes] = field(default_factory=OrderedDict)
    _pdf_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _summary: tuple[float, PipelineHealth, Facets] | None = None

    async def health(self) -> PipelineHealth:
        """The store's view of the pipeline, with the consumer groups' lag as Kafka reports it."""
        health, lag = await asyncio.gather(
            self.reader.health(reviews=await self.reviews.count()),
            read_lags(self.settings.kafka, LAG_TIMEOUT_S),
        )
        return health.model_copy(update={"lag": lag})

    async def overview(self) -> tuple[PipelineHealth, Facets]:
        """Health and filter values for the review page, at most SUMMARY_TTL_S old: each is a scan
        of the store, and a reviewer paging through the list should not pay for them every time."""
        now = time.monotonic()
        if self._summary is None or now - self._summary[0] > SUMMARY_TTL_S:
            health, facets = await asyncio.gather(self.health(), self.reader.facets())
            self._summary = (now, health, facets)
        return self._summary[1], self._summary[2]

    async def record(self, sha256: str) -> ProcessedDisclosure:
        record = await self.reader.get(sha256)
        if record is None:
            raise HTTPException(404, f"no disclosure {sha256}")
        return record

    async def pdf(self, record: ProcessedDisclosure) -> bytes:
        """The input's bytes from the blob store; the last few are kept, a review opens many pages."""
        if record.source.content_type not in (None, "application/pdf"):
            raise HTTPException(404, f"the input is {record.source.content_type}, not a PDF: no page images")
        async with self._pdf_lock:
            if record.sha256 in self._pdfs:
                self._pdfs.move_to_end(record.sha256)
                return self._pdfs[record.sha256]
        ref = BlobRef(store=self.settings.blobs.backend, sha256=record.sha256, size=record.source.bytes)
        try:
            data = await self.blobs.get(ref)
        except BlobNotFound as exc:
            raise HTTPException(404, f"the input's bytes are not in the blob store: {exc}") from exc
        async with self._pdf_lock:
            self._pdfs[record.sha256] = data
            while len(self._pdfs) > 4:
                self._pdfs.popitem(last=False)
        return data


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


ServicesDep = Annotated[Services, Depends(services)]
