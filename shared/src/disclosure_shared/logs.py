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
import time
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


class RepeatFilter(logging.Filter):
    """Lets one warning or error of the same text through per `window_s` seconds and counts the
    others; the next one let through says how many were held back. During an outage the Kafka and
    MongoDB clients repeat their connection errors many times a second: they are counted, not printed."""

    def __init__(self, window_s: float = 30.0, remembered: int = 1000) -> None:
        super().__init__()
        self.window_s = window_s
        self.remembered = remembered
        self._last: dict[tuple[str, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        key = (record.name, record.getMessage()[:300])
        now = time.monotonic()
        seen, held = self._last.get(key, (0.0, 0))
        if now - seen < self.window_s:
            self._last[key] = (seen, held + 1)
            return False
        if len(self._last) >= self.remembered:
            self._last.clear()  # bounded memory, whatever the variety of messages
        self._last[key] = (now, 0)
        if held:
            record.msg = f"{record.getMessage()} ({held} more like this in the last {self.window_s:.0f} s)"
            record.args = None
        return True


def configure_logging(service: str, level: int = logging.INFO) -> None:
    """Root logging for a service process: JSON lines, bounded; FastStream's loggers join it;
    repeated warnings and errors are counted, not printed (RepeatFilter)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(service))
    handler.addFilter(RepeatFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("faststream", "faststream.access", "aiokafka"):
        # FastStream gives its loggers their own colourised handlers; one format, one stream instead.
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
