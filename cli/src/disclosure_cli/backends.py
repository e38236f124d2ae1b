"""Commands against the running pipeline: a backend that cannot be reached is one line, fast.

MongoDB is asked with a short server-selection timeout and Kafka fails fast on a refused
connection; `run_command` turns an outage (outages.is_outage) into one error line and exit code 2
instead of a traceback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import typer
from pymongo import AsyncMongoClient
from rich.console import Console

from disclosure_shared.errors import short
from disclosure_shared.mongo import Document, connect
from disclosure_shared.outages import is_outage
from disclosure_shared.settings import PipelineSettings

T = TypeVar("T")
CLI_MONGO_TIMEOUT_MS = 3000
UNREACHABLE_EXIT = 2


@asynccontextmanager
async def store_client(settings: PipelineSettings) -> AsyncIterator[AsyncMongoClient[Document]]:
    client = connect(settings, timeout_ms=CLI_MONGO_TIMEOUT_MS)
    try:
        yield client
    finally:
        await client.close()


def describe_outage(error: BaseException, settings: PipelineSettings) -> str:
    text = short(error, 160)
    if "kafka" in type(error).__module__.lower() or "bootstrap" in text.lower():
        return f"Kafka at {settings.kafka.bootstrap_servers} cannot be reached ({text})"
    if "pymongo" in type(error).__module__ or "mongo" in text.lower():
        return f"MongoDB at {settings.mongo.uri} cannot be reached ({text})"
    return f"a backend cannot be reached ({text})"


def run_command(command: Coroutine[Any, Any, T], settings: PipelineSettings | None = None) -> T:
    """Run a command's coroutine; an outage or a timeout is one line on stderr and exit code 2."""
    # aiokafka logs each failed connection itself; the one line below says it for the operator.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    try:
        return asyncio.run(command)
    except Exception as exc:
        if not (is_outage(exc) or isinstance(exc, TimeoutError)):
            raise
        Console(stderr=True).print(
            f"[red]error:[/red] {describe_outage(exc, settings or PipelineSettings())}",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(UNREACHABLE_EXIT) from None
