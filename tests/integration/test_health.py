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
from disclosure_shared.testing.waiting import wait_group_stable
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
    """Not ready without partitions (a second member of a one-partition group) or without the store
    (MongoDB behind a proxy that refuses connections); ready once both are there."""
    async with mongo_proxy(pipeline_env["MONGODB_URI"]) as proxy:
        env = {
            **pipeline_env,
            "DISCLOSURE_KAFKA__PARTITIONS": "1",
            "MONGODB_URI": f"mongodb://127.0.0.1:{proxy.port}/?directConnection=true&serverSelectionTimeoutMS=1500",
        }
        first = Worker("validate", env, log_dir, "validate-a")
        second = Worker("validate", env, log_dir, "validate-b")
        try:
            await asyncio.to_thread(first.start)
            # Joined, but MongoDB (behind the proxy) is down: not ready, and it says why.
            down = await wait_status(first.health_url + "/readyz", 503)
            assert down["checks"]["store"] != "ok"
            await wait_until_checks(first.health_url, consumer_groups="ok")
            proxy.up = True
            await wait_status(first.health_url + "/readyz", 200, timeout=30)

            # A member without a partition (a one-partition group has one busy member) is alive but
            # not ready; which of the two keeps the partition is the assignor's choice.
            await asyncio.to_thread(second.start)
            group = pipeline_env["DISCLOSURE_KAFKA__TOPIC_PREFIX"] + "validate"
            await wait_group_stable(pipeline_env["KAFKA_BOOTSTRAP_SERVERS"], group, 2)
            busy, idle = await busy_and_idle(first, second)
            _, idle_answer = await get_json(idle.health_url + "/readyz")
            assert idle_answer["checks"]["consumer_groups"] == f"no partitions assigned to {group}"
            assert (await get_json(idle.health_url + "/healthz"))[0] == 200
            # Once the busy member leaves, the partition moves to the idle one: ready.
            await asyncio.to_thread(busy.stop)
            ready = await wait_status(idle.health_url + "/readyz", 200, timeout=60)
            assert set(ready["checks"].values()) == {"ok"}
            second = idle

            proxy.up = False
            for writer in list(proxy.links):
                writer.close()
            gone = await wait_status(second.health_url + "/readyz", 503, timeout=30)
            assert gone["checks"]["store"] != "ok"
        finally:
            await asyncio.to_thread(first.stop)
            await asyncio.to_thread(second.stop)


async def busy_and_idle(*workers: Worker, timeout: float = 30.0) -> tuple[Worker, Worker]:  # noqa: ASYNC109
    """The member that is ready and the one that is not, once exactly one of them is."""
    deadline = time.monotonic() + timeout
    while True:
        statuses = [(await get_json(w.health_url + "/readyz"))[0] for w in workers]
        if sorted(statuses) == [200, 503]:
            ready = statuses.index(200)
            return workers[ready], workers[1 - ready]
        if time.monotonic() > deadline:
            raise TimeoutError(f"readiness of the two members: {statuses}")
        await asyncio.sleep(0.3)


async def wait_until_checks(base_url: str, timeout: float = 60.0, **wanted: str) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _, body = await get_json(base_url + "/readyz")
        if all(body["checks"].get(k) == v for k, v in wanted.items()):
            return
        await asyncio.sleep(0.3)
    raise TimeoutError(f"{base_url}: checks never {wanted}")
