"""Real Kafka + MongoDB-wire endpoints for tests and benchmarks.

Order: KAFKA_BOOTSTRAP_SERVERS + MONGODB_URI when set; testcontainers when a Docker engine answers;
otherwise deploy/local/services.sh starts a real Kafka broker and FerretDB on loopback.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[4]
LOCAL_SCRIPT = REPO / "deploy" / "local" / "services.sh"


@dataclass(frozen=True)
class Endpoints:
    kafka: str
    mongodb: str
    origin: str


class ServicesUnavailable(RuntimeError):
    """No way to get real backing services on this machine."""


def docker_available() -> bool:
    try:
        import docker

        docker.from_env().ping()
        return True
    except Exception:
        return False


@contextmanager
def from_containers() -> Iterator[Endpoints]:
    from testcontainers.kafka import KafkaContainer
    from testcontainers.mongodb import MongoDbContainer

    with KafkaContainer().with_kraft() as kafka, MongoDbContainer("mongo:7") as mongo:
        yield Endpoints(kafka.get_bootstrap_server(), mongo.get_connection_url(), "testcontainers")


@contextmanager
def from_local_script(state: Path) -> Iterator[Endpoints]:
    env = {**os.environ, "DISCLOSURE_STATE": str(state)}
    started = subprocess.run([LOCAL_SCRIPT, "start"], env=env, capture_output=True, text=True, timeout=1800)
    if started.returncode != 0:
        raise ServicesUnavailable(f"deploy/local/services.sh start failed:\n{started.stderr[-4000:]}")
    exports = dict(
        line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines() if "=" in line
    )
    try:
        yield Endpoints(exports["KAFKA_BOOTSTRAP_SERVERS"], exports["MONGODB_URI"], "local script")
    finally:
        subprocess.run([LOCAL_SCRIPT, "stop"], env=env, capture_output=True, timeout=120)


@contextmanager
def real_services(state: Path) -> Iterator[Endpoints]:
    kafka, mongodb = os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), os.environ.get("MONGODB_URI")
    if kafka and mongodb:
        yield Endpoints(kafka, mongodb, "environment")
    elif docker_available():
        with from_containers() as endpoints:
            yield endpoints
    else:
        with from_local_script(state) as endpoints:
            yield endpoints
