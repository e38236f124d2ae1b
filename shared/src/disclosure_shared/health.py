"""The side HTTP server of a service: /healthz (the process answers), /readyz (it can do its work),
/metrics (Prometheus text format).

A plain asyncio server on the service's own event loop: three GET routes do not justify a web
framework, and running on the loop lets the readiness checks use the service's own Kafka consumers
and MongoDB client (a consumer's assignment is the only honest answer to "has it joined its group").

Ready means all of: the broker answers, every subscriber of the service has partitions assigned,
MongoDB answers a ping (it holds the GridFS blob store too) and a file blob store's directory exists.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from disclosure_shared import metrics

log = logging.getLogger(__name__)

Check = Callable[[], Awaitable[str | None]]
"""A readiness check: None when fine, else why not (one short line)."""

_REASONS = {200: "OK", 404: "Not Found", 405: "Method Not Allowed", 503: "Service Unavailable"}


@dataclass
class HealthServer:
    service: str
    checks: dict[str, Check]
    host: str = "127.0.0.1"
    port: int = 9400
    timeout_s: float = 2.0
    before_metrics: Callable[[], Awaitable[None]] | None = None
    """Refreshes gauges read at scrape time (consumer lag, assigned partitions)."""
    _server: asyncio.Server | None = field(default=None, init=False)

    @property
    def bound_port(self) -> int:
        assert self._server is not None and self._server.sockets
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        log.info(
            "%s health server on http://%s:%d (/healthz /readyz /metrics)",
            self.service,
            self.host,
            self.bound_port,
        )

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def readiness(self) -> dict[str, str]:
        """Each check's outcome: "ok" or the reason it failed."""
        results = await asyncio.gather(*(self._bounded(check) for check in self.checks.values()))
        outcome = {name: result or "ok" for name, result in zip(self.checks, results, strict=True)}
        metrics.READY.labels(self.service).set(1 if all(v == "ok" for v in outcome.values()) else 0)
        return outcome

    async def _bounded(self, check: Check) -> str | None:
        try:
            return await asyncio.wait_for(check(), self.timeout_s)
        except TimeoutError:
            return f"no answer within {self.timeout_s:g}s"
        except Exception as exc:
            return f"{type(exc).__name__}: {str(exc)[:200]}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readline(), 5)
            while (await asyncio.wait_for(reader.readline(), 5)) not in (b"\r\n", b"\n", b""):
                pass  # headers are not needed
            method, _, rest = request.decode("latin-1").partition(" ")
            path = rest.split(" ", 1)[0].split("?", 1)[0]
            status, content_type, body = await self._route(method, path)
            head = (
                f"HTTP/1.1 {status} {_REASONS.get(status, '')}\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            )
            writer.write(head.encode() + body)
            await writer.drain()
        except (TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()

    async def _route(self, method: str, path: str) -> tuple[int, str, bytes]:
        if method != "GET":
            return 405, "text/plain", b"GET only\n"
        if path == "/healthz":
            return 200, "application/json", _json({"service": self.service, "alive": True})
        if path == "/readyz":
            outcome = await self.readiness()
            ready = all(v == "ok" for v in outcome.values())
            body = _json({"service": self.service, "ready": ready, "checks": outcome})
            return (200 if ready else 503), "application/json", body
        if path == "/metrics":
            await self.readiness()
            if self.before_metrics is not None:
                try:
                    await asyncio.wait_for(self.before_metrics(), self.timeout_s)
                except Exception as exc:  # a scrape still returns what is known
                    log.debug("metrics refresh failed: %s", exc)
            return 200, CONTENT_TYPE_LATEST, generate_latest()
        return 404, "text/plain", b"try /healthz, /readyz or /metrics\n"


def _json(value: dict[str, Any]) -> bytes:
    return (json.dumps(value, ensure_ascii=False) + "\n").encode()
