"""Every service's side HTTP server: /healthz, /readyz and /metrics, on real Kafka and MongoDB."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from disclosure_shared.testing.prometheus import http_get
from disclosure_shared.testing.workers import Worker, free_port

pytestmark = pytest.mark.integration


async def get_json(url: str) -> tuple[int, dict[str, Any]]:
    status, body = await asyncio.to_thread(http_get, url)
    return status, json.loads(body)


async def wait_status(url: str, wanted: int, timeout: float = 60.0) -> dict[str, Any]:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            status, body = await get_json(url)
            if status == wanted:
                return body
            last = (status, body)
        except OSError as exc:
            last = exc
        await asyncio.sleep(0.2)
    raise TimeoutError(f"{url}: no {wanted} within {timeout}s; last {last}")


async def test_every_service_is_alive_ready_and_exports_metrics(pipeline: dict[str, Worker]) -> None:
    for name, worker in pipeline.items():
        status, alive = await get_json(worker.health_url + "/healthz")
        assert (status, alive["service"], alive["alive"]) == (200, name, True)
        ready = await wait_status(worker.health_url + "/readyz", 200, timeout=30)
        assert ready["checks"] == {"kafka": "ok", "consumer_groups": "ok", "store": "ok", "blobs": "ok"}
        status, text = await asyncio.to_thread(http_get, worker.health_url + "/metrics")
        assert status == 200
        assert f'disclosure_service_ready{{service="{name}"}} 1.0' in text.decode()
        assert "disclosure_consumer_assigned_partitions{group=" in text.decode()
    assert (await asyncio.to_thread(http_get, pipeline["store"].health_url + "/nope"))[0] == 404


class SwitchableProxy:
    """A TCP forwarder to MongoDB that can refuse connections: the store 'down' and back 'up'."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.up = False
        self.port = free_port()
        self.server: asyncio.Server | None = None
        self.links: set[asyncio.StreamWriter] = set()

    async def __aenter__(self) -> SwitchableProxy:
        self.server = await asyncio.start_server(self._link, "127.0.0.1", self.port)
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self.server is not None
        self.server.close()
        for writer in self.links:
            writer.close()

    async def _link(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.up:
            writer.close()
            return
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        self.links.update({writer, upstream_writer})

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(Exception):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            dst.close()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))


@contextlib.asynccontextmanager
async def mongo_proxy(uri: str) -> AsyncIterator[SwitchableProxy]:
    host_port = uri.split("://", 1)[1].split("/", 1)[0].rsplit("@", 1)[-1]
    host, port = host_port.rsplit(":", 1)
    async with SwitchableProxy(host, int(port)) as proxy:
        yield proxy


async def test_readiness_waits_for_the_group_and_the_store(pipeline_env: dict[str, str], log_dir) -> None:
    async with mongo_proxy(pipeline_env["MONGODB_URI"]) as proxy:
        env = {
            **pipeline_env,
            "MONGODB_URI": f"mongodb://127.0.0.1:{proxy.port}/?directConnection=true&serverSelectionTimeoutMS=1500",
        }
        worker = Worker("validate", env, log_dir)
        worker.launch()
        try:
            # Before the consumer has joined its group, the service answers but is not ready.
            first = await wait_status(worker.health_url + "/readyz", 503, timeout=60)
            assert first["checks"]["consumer_groups"].startswith("no partitions assigned")
            # Joined, but MongoDB (behind the proxy) is down: still not ready, and it says why.
            await asyncio.to_thread(worker.wait_ready)
            down = await wait_status(worker.health_url + "/readyz", 503)
            assert down["checks"]["consumer_groups"] == "ok" and down["checks"]["store"] != "ok"
            proxy.up = True
            ready = await wait_status(worker.health_url + "/readyz", 200, timeout=30)
            assert set(ready["checks"].values()) == {"ok"}
            proxy.up = False
            for writer in list(proxy.links):
                writer.close()
            gone = await wait_status(worker.health_url + "/readyz", 503, timeout=30)
            assert gone["checks"]["store"] != "ok"
        finally:
            await asyncio.to_thread(worker.stop)
