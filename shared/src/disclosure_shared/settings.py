"""Configuration read from the environment (prefix DISCLOSURE_, nested with "__").

`KAFKA_BOOTSTRAP_SERVERS` and `MONGODB_URI` are honoured as well, because that is what test
fixtures, the local service script and most deployment tooling export.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

if TYPE_CHECKING:
    from disclosure_shared.pipeline_settings import PipelineSettings as PipelineSettings

MiB = 1024 * 1024


class KafkaSettings(BaseModel):
    bootstrap_servers: str = "127.0.0.1:39092"
    topic_prefix: str = ""
    """Namespace for topics and consumer groups: several pipelines (or test runs) share one cluster."""
    partitions: int = 4
    replication_factor: int = 1
    max_message_bytes: int = 8 * MiB
    """Stage outputs (page text, tables) travel inline; the broker must accept this size too."""
    session_timeout_ms: int = 10_000
    heartbeat_interval_ms: int = 1_000
    max_poll_interval_ms: int = 15 * 60 * 1000
    """One message can be a large PDF: give the handler time before the group evicts the worker."""

    def topic(self, name: str) -> str:
        return self.topic_prefix + name

    def group(self, name: str) -> str:
        return self.topic_prefix + name


class MongoSettings(BaseModel):
    uri: str = "mongodb://127.0.0.1:37017/"
    database: str = "disclosures"


class BlobSettings(BaseModel):
    backend: Literal["gridfs", "file"] = "gridfs"
    directory: Path = Path(".blobs")


class Limits(BaseModel):
    """Bounds on what one input may cost; exceeding one is a permanent rejection."""

    max_bytes: int = 100 * MiB
    max_pages: int = 2000
    fetch_timeout_s: float = 30.0
    """Longest wait for any one read of a fetch."""
    fetch_deadline_s: float = 120.0
    """Longest a whole fetch (every redirect, every byte) may take."""
    max_redirects: int = 5
    allow_private_networks: bool = False
    """URLs resolving to loopback/private/link-local addresses are refused unless this is set (SSRF)."""
    ocr_enabled: bool = True
    """OCR pages without a usable text layer (in the extract stage); off leaves them `needs_ocr`."""
    ocr_page_seconds: float = 60.0
    """Time limit for OCR of one page; a page over it keeps `needs_ocr` and an `ocr_note`."""
    max_stream_mb: int = 256
    """A compressed PDF stream inflating past this is a decompression bomb (checked before parsing)."""
    max_page_chars: int = 200_000
    """Text a page may carry (a dense A4 page prints ~5,000 characters); more is `too-complex`."""
    max_raster_pixels: int = 36_000_000
    """Largest page image rendered for OCR; a larger page is rendered at a lower resolution."""
    document_seconds: float = 600.0
    """Wall-time budget of one document's extraction or parse; past it the input fails as `timeout`."""
    document_memory_mb: int = 3072
    """Memory (address space) budget of the worker processing one document; past it `too-complex`."""
    ocr_dpi: int = 200
    """Raster resolution for OCR: 200 dpi reads 9pt table digits reliably at ~2 s a dense page."""


class RetrySettings(BaseModel):
    attempts: int = 3
    backoff_s: float = 0.5
    max_backoff_s: float = 8.0
    outage_backoff_s: float = 30.0
    """Longest pause between retries while a backend (Kafka, MongoDB, blob store) is unreachable."""


class OpsSettings(BaseModel):
    """The side HTTP server of every service: /healthz, /readyz, /metrics."""

    enabled: bool = True
    host: str = "127.0.0.1"
    """Loopback by default; a container sets 0.0.0.0 so its orchestrator and Prometheus reach it."""
    port: int = 9400
    """0 picks a free port (logged at start)."""
    probe_timeout_s: float = 2.0
    """Longest a readiness probe waits for Kafka or MongoDB before it answers "not ready"."""
    services: dict[str, str] = {}
    """Where `disclosures status` finds each service's ops server, e.g.
    DISCLOSURE_OPS__SERVICES='{"parse": "http://parse:9400"}'; a service not listed is not probed."""


ENV_PREFIX = "DISCLOSURE_"
NESTED = "__"


def environment_limits() -> Limits:
    """`PipelineSettings().limits` without pydantic-settings (about 0.1 s of imports, a third of the
    start of `disclosures process`, which needs no other setting): the same variables, read the same
    way (a JSON object in DISCLOSURE_LIMITS, then DISCLOSURE_LIMITS__<FIELD>, names in any case,
    empty values ignored). tests/test_settings.py checks both readings agree."""
    section = f"{ENV_PREFIX}limits".lower()
    values: dict[str, Any] = {}
    nested: dict[str, str] = {}
    for name, value in os.environ.items():
        key = name.lower()
        if value == "":
            continue
        if key == section:
            parsed = json.loads(value)
            if isinstance(parsed, dict):
                values.update(parsed)
        elif key.startswith(section + NESTED):
            nested[key[len(section + NESTED) :]] = value
    values.update(nested)
    return Limits.model_validate({k: v for k, v in values.items() if k in Limits.model_fields})


def __getattr__(name: str) -> Any:
    # PipelineSettings is built on pydantic-settings, imported only when a command or a service
    # asks for the whole configuration (pipeline_settings.py).
    if name == "PipelineSettings":
        from disclosure_shared.pipeline_settings import PipelineSettings

        return PipelineSettings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
