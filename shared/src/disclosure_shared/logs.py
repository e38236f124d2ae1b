"""Log lines with a bounded size: whatever an input or an error carries, one line costs at most
`LINE_LIMIT` characters (a traceback keeps its last frames), so no input can fill a disk through
the logs."""

from __future__ import annotations

import logging

LINE_LIMIT = 4096
TRACEBACK_LIMIT = 8192


def bounded(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f" …[{len(text) - limit} chars cut]"


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


def configure_logging(service: str, level: int = logging.INFO) -> None:
    """Root logging for a service process: one plain line per record, bounded in size."""
    handler = logging.StreamHandler()
    handler.setFormatter(BoundedFormatter(f"%(asctime)s {service} %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
