"""Log lines: one JSON object per line, with a bounded size.

Every line names its service; a line logged while a stage handles a message also carries that
message's stage, sha256, trace id and topic/partition/offset (set once by StageRunner through a
context variable, so no call site passes them). Whatever an input or an error carries, one line
costs at most about `LINE_LIMIT` characters of message plus `TRACEBACK_LIMIT` of traceback (a
traceback keeps its last frames), so no input can fill a disk through the logs. No colour codes:
the lines are for machines first (`jq`, Loki, grep on a trace id).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

LINE_LIMIT = 4096
TRACEBACK_LIMIT = 8192
CONTEXT_FIELDS = ("stage", "sha256", "trace_id", "topic", "partition", "offset", "duration_s")

_context: ContextVar[dict[str, Any] | None] = ContextVar("disclosure_log_context", default=None)


def bounded(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f" …[{len(text) - limit} chars cut]"


@contextmanager
def log_context(**fields: Any) -> Iterator[None]:
    """Fields added to every log line written inside the block (this task only)."""
    token = _context.set({**(_context.get() or {}), **fields})
    try:
        yield
    finally:
        _context.reset(token)


def bind(**fields: Any) -> None:
    """Add fields to the innermost `log_context` block (no-op outside one)."""
    current = _context.get()
    if current is not None:
        current.update(fields)


def current_context() -> dict[str, Any]:
    return dict(_context.get() or {})


class BoundedFormatter(logging.Formatter):
    """A formatter whose message and traceback are cut to fixed sizes."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = bounded(record.message, LINE_LIMIT)
        return super().formatMessage(record)

    def formatException(self, ei: object) -> str:
        lines = super().formatException(ei).splitlines()  # type: ignore[arg-type]
        text = "\n".join(bounded(line, 1000) for line in lines)
        # the end of a traceback (the failing frame and the error) is what an operator needs
        return text if len(text) <= TRACEBACK_LIMIT else "…" + text[-TRACEBACK_LIMIT:]


class JsonFormatter(BoundedFormatter):
    """One JSON object per record: ts, level, service, logger, msg, the stage context, exc."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "msg": bounded(record.getMessage(), LINE_LIMIT),
        }
        line.update(current_context())
        for name in CONTEXT_FIELDS:  # explicit `extra=` wins over the context
            if name in record.__dict__:
                line[name] = record.__dict__[name]
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(service: str, level: int = logging.INFO) -> None:
    """Root logging for a service process: JSON lines, bounded; FastStream's loggers join it."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("faststream", "faststream.access", "aiokafka"):
        # FastStream gives its loggers their own colourised handlers; one format, one stream instead.
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
