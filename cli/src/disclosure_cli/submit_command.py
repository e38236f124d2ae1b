"""`disclosures submit`: files go into the blob store first; URLs are fetched by the ingest service."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from disclosure_cli.embedded import expand_inputs
from disclosure_shared import topics
from disclosure_shared.blobs import BlobStore
from disclosure_shared.delivery import Outgoing, publish_event
from disclosure_shared.events import Envelope, Stage, SubmitRequest
from disclosure_shared.kafka import ensure_topics, make_broker
from disclosure_shared.mongo import blob_store, connect, database
from disclosure_shared.settings import PipelineSettings
from disclosure_shared.store_schema import DISCLOSURES


async def request_for(argument: str, blobs: BlobStore, force: bool) -> Envelope[SubmitRequest]:
    """A URL is passed on as is; a file's bytes are stored and passed by reference."""
    if "://" in argument:
        return Envelope[SubmitRequest](
            sha256="", stage=Stage.SUBMITTED, payload=SubmitRequest(uri=argument, force=force)
        )
    path = Path(argument)
    data = await asyncio.to_thread(path.read_bytes)
    blob = await blobs.put(data)
    uri = (Path.cwd() / path).as_uri() if not path.is_absolute() else path.as_uri()
    request = SubmitRequest(blob=blob, uri=uri, filename=path.name, force=force)
    return Envelope[SubmitRequest](sha256=blob.sha256, stage=Stage.SUBMITTED, payload=request)


async def run(arguments: list[str], force: bool) -> int:
    """Submit every input; returns how many could not be submitted."""
    settings = PipelineSettings()
    console = Console(stderr=True, soft_wrap=True)
    await ensure_topics(settings.kafka)
    client = connect(settings, timeout_ms=3000)
    db = database(client, settings)
    blobs = blob_store(settings, db)
    failures = 0
    try:
        async with make_broker(settings.kafka, client_id="disclosure-submit") as broker:
            for argument in expand_inputs(arguments):
                try:
                    envelope = await request_for(argument, blobs, force)
                except OSError as exc:
                    console.print(f"[red]failed[/red] {escape(argument)}: {escape(str(exc.strerror or exc))}")
                    failures += 1
                    continue
                known = (
                    await db[DISCLOSURES].find_one(
                        {"_id": envelope.sha256}, {"verdict": 1, "stored_at": 1, "parser_version": 1}
                    )
                    if envelope.sha256
                    else None
                )
                await publish_event(broker, Outgoing(topics.SUBMITTED, envelope), settings.kafka.topic_prefix)
                if known is not None and not force:
                    # Ingest drops known bytes; say so, with what the store holds, instead of silence.
                    stored = f"{known.get('stored_at'):%Y-%m-%d %H:%M:%S}"
                    console.print(
                        f"already processed {escape(argument)} {envelope.sha256[:12]}: "
                        f"verdict {known.get('verdict')}, parser {known.get('parser_version')}, "
                        f"stored {stored} "
                        f"(not processed again; --force to reprocess) trace {envelope.trace_id}",
                        highlight=False,
                    )
                    continue
                shown = escape(argument)
                console.print(f"submitted {shown} {envelope.sha256[:12]} trace {envelope.trace_id}")
    finally:
        await client.close()
    return failures
