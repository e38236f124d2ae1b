"""Feeding the pipeline: a crawled document's bytes go into the blob store, and a submission that
refers to them (with the portal URL as its source) goes to disclosure.submitted. Ingest then does
not fetch the URL a second time."""

from __future__ import annotations

from disclosure_crawl.crawler import Document
from disclosure_shared import topics
from disclosure_shared.blobs import BlobStore
from disclosure_shared.delivery import Outgoing, Publisher, publish_event
from disclosure_shared.events import Envelope, Stage, SubmitRequest


class PipelineSink:
    """A crawler sink that submits every new document (and every new revision) to the pipeline."""

    def __init__(self, publisher: Publisher, blobs: BlobStore, topic_prefix: str = "") -> None:
        self.publisher = publisher
        self.blobs = blobs
        self.topic_prefix = topic_prefix
        self.submitted: list[Envelope[SubmitRequest]] = []

    async def __call__(self, document: Document) -> None:
        blob = await self.blobs.put(document.data)
        request = SubmitRequest(
            uri=document.found.url,
            blob=blob,
            filename=document.filename,
            content_type=document.content_type,
            portal=document.found.portal,
        )
        envelope = Envelope[SubmitRequest](sha256=blob.sha256, stage=Stage.SUBMITTED, payload=request)
        await publish_event(self.publisher, Outgoing(topics.SUBMITTED, envelope), self.topic_prefix)
        self.submitted.append(envelope)
