"""The consumers' contract: one AsyncAPI document for the whole pipeline (every channel, in and out,
as the services declare them) and the JSON Schemas of the messages a consumer reads.

docs/contract/ is this module's output, committed; tests/contract checks that it matches the code:

    uv run python -m disclosure_cli.contract docs/contract
"""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from faststream import FastStream
from faststream.specification import AsyncAPI
from pydantic import TypeAdapter

from disclosure_crawl.app import create_app as crawl_app
from disclosure_ingest.app import create_app as ingest_app
from disclosure_parse.app import create_app as parse_app
from disclosure_shared.events import EVENT_SCHEMA_VERSION, ValidatedEvent
from disclosure_shared.feeds import FEED_SCHEMA_VERSION, FindingEvent, RowEvent
from disclosure_shared.records import SCHEMA_VERSION, ProcessedDisclosure
from disclosure_shared.settings import KafkaSettings, PipelineSettings
from disclosure_store.app import create_app as store_app
from disclosure_validate.app import create_app as validate_app

TITLE = "Disclosure pipeline events"
VERSION = f"events-{EVENT_SCHEMA_VERSION}.record-{SCHEMA_VERSION}.feeds-{FEED_SCHEMA_VERSION}"
DESCRIPTION = (
    "Every Kafka topic of the pipeline. Each message is a JSON envelope (schema_version "
    f"{EVENT_SCHEMA_VERSION}; record schema_version {SCHEMA_VERSION}; feed_schema_version "
    f"{FEED_SCHEMA_VERSION}) keyed by the input's sha256, with headers x-trace-id, x-stage and "
    "x-parser-version. Money travels as decimal strings. A `<topic>.dlq` topic holds what a stage "
    "could not process, as received, with the reason in its headers. The JSON Schemas beside this "
    "document describe the validated, rows and findings messages exactly as serialized."
)
SERVICES: tuple[Callable[[PipelineSettings], FastStream], ...] = (
    ingest_app,
    parse_app,
    validate_app,
    store_app,
    crawl_app,
)


def asyncapi(settings: PipelineSettings | None = None) -> dict[str, Any]:
    """The AsyncAPI 3 document FastStream generates from every service's declared channels."""
    # By default the published contract: the default broker and topic names, whatever this shell's
    # environment points the services at.
    settings = settings or PipelineSettings(kafka=KafkaSettings())
    brokers = [broker for service in SERVICES if (broker := service(settings).broker) is not None]
    spec = AsyncAPI(*brokers, title=TITLE, version=VERSION, description=DESCRIPTION)
    with warnings.catch_warnings():
        # Every stage declares its dead-letter topic with the same DeadLetter schema: one is kept.
        warnings.filterwarnings("ignore", "Overwriting the message schema", RuntimeWarning)
        document: dict[str, Any] = json.loads(spec.to_specification().to_json())
    return document


def json_schemas() -> dict[str, dict[str, Any]]:
    """File name → JSON Schema (serialization mode: the messages as they are on the wire)."""
    types: dict[str, Any] = {
        "processed-disclosure.json": ProcessedDisclosure,
        "validated-message.json": ValidatedEvent,
        "rows-message.json": RowEvent,
        "findings-message.json": FindingEvent,
    }
    return {name: TypeAdapter(t).json_schema(mode="serialization") for name, t in types.items()}


def documents() -> dict[str, str]:
    """File name → text of every document under docs/contract/."""
    files = {"asyncapi.json": asyncapi(), **json_schemas()}
    return {
        name: json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for name, doc in files.items()
    }


def write(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in documents().items():
        (directory / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/contract"))
