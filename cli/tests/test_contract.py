"""The consumers' contract (docs/contract/) is what the code declares, and it names every topic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from disclosure_cli.contract import asyncapi, documents
from disclosure_shared import topics
from disclosure_shared.events import EVENT_SCHEMA_VERSION

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "contract"
REGENERATE = "uv run python -m disclosure_cli.contract docs/contract"


def test_the_committed_contract_matches_the_code() -> None:
    for name, text in documents().items():
        path = COMMITTED / name
        assert path.is_file(), f"docs/contract/{name} is missing: {REGENERATE}"
        assert path.read_text(encoding="utf-8") == text, f"docs/contract/{name} is stale: {REGENERATE}"
    committed = {p.name for p in COMMITTED.glob("*.json")}
    assert committed == set(documents()), f"docs/contract holds files the code no longer writes: {REGENERATE}"


def _payload_schema(document: dict[str, Any], message_ref: str) -> dict[str, Any]:
    name = message_ref.rsplit("/", 1)[-1]
    payload_ref: str = document["components"]["messages"][name]["payload"]["$ref"]
    schemas: dict[str, dict[str, Any]] = document["components"]["schemas"]
    key = payload_ref.rsplit("/", 1)[-1].replace("%5B", "[").replace("%5D", "]")
    return schemas[key]


def test_every_topic_is_written_and_read_with_a_real_payload_schema() -> None:
    document = asyncapi()
    assert document["info"]["title"] == "Disclosure pipeline events"
    assert f"events-{EVENT_SCHEMA_VERSION}" in document["info"]["version"]
    sent: dict[str, list[dict[str, Any]]] = {}
    received: dict[str, list[dict[str, Any]]] = {}
    for operation in document["operations"].values():
        channel = document["channels"][operation["channel"]["$ref"].rsplit("/", 1)[-1]]
        schemas = [_payload_schema(document, m["$ref"]) for m in channel["messages"].values()]
        (sent if operation["action"] == "send" else received).setdefault(channel["address"], []).extend(
            schemas
        )
    assert set(sent) == set(topics.ALL_TOPICS), "every topic has a declared writer"
    assert set(received) == set(topics.PIPELINE + topics.DEAD_LETTER_TOPICS), "the feeds are read outside"
    for topic in topics.PIPELINE + topics.FEEDS:
        for schema in sent[topic] + received.get(topic, []):
            assert {"schema_version", "sha256", "stage", "payload"} <= set(schema["properties"]), topic
    for topic in topics.DEAD_LETTER_TOPICS:
        assert all(s["title"] == "DeadLetter" for s in sent[topic] + received[topic])
