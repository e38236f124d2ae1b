"""A real Prometheus on loopback for integration tests, run with the project's own scrape config
(deploy/prometheus) pointed at the services a test started, on short intervals."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from disclosure_shared.testing.services import REPO
from disclosure_shared.testing.workers import free_port

DEPLOY = REPO / "deploy" / "prometheus"


def http_get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    """Status and body of a GET (an HTTP error status is returned, not raised)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as error:
        return int(error.code), error.read()


def scrape_config(targets: dict[str, str], rules: Path) -> dict[str, Any]:
    """deploy/prometheus/prometheus.yml with each job's target replaced (jobs not given dropped),
    1 s intervals and the given rule file."""
    config: dict[str, Any] = yaml.safe_load((DEPLOY / "prometheus.yml").read_text())
    config["global"] = {"scrape_interval": "1s", "evaluation_interval": "1s", "scrape_timeout": "1s"}
    config["rule_files"] = [str(rules)]
    jobs = [job for job in config["scrape_configs"] if job["job_name"] in targets]
    for job in jobs:
        job["static_configs"] = [{"targets": [targets[job["job_name"]]]}]
    config["scrape_configs"] = jobs
    return config


def quick_rules(directory: Path) -> Path:
    """deploy/prometheus/alerts.yml with every `for:` at 0s, so an alert fires on its first evaluation."""
    rules: dict[str, Any] = yaml.safe_load((DEPLOY / "alerts.yml").read_text())
    for group in rules["groups"]:
        for rule in group["rules"]:
            rule["for"] = "0s"
    path = directory / "alerts.yml"
    path.write_text(yaml.safe_dump(rules))
    return path


class Prometheus:
    def __init__(self, url: str) -> None:
        self.url = url

    def query(self, expr: str) -> list[dict[str, Any]]:
        status, body = http_get(f"{self.url}/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
        assert status == 200, body[:500]
        result: list[dict[str, Any]] = json.loads(body)["data"]["result"]
        return result

    def value(self, expr: str) -> float:
        """The single value of `expr` (0 when it has no series yet)."""
        result = self.query(expr)
        return float(result[0]["value"][1]) if result else 0.0

    def wait_value(self, expr: str, at_least: float, timeout: float = 60.0) -> float:
        deadline = time.monotonic() + timeout
        while (value := self.value(expr)) < at_least:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{expr} = {value} after {timeout}s (wanted >= {at_least})")
            time.sleep(0.5)
        return value

    def alerts(self) -> list[dict[str, Any]]:
        status, body = http_get(f"{self.url}/api/v1/alerts")
        assert status == 200
        alerts: list[dict[str, Any]] = json.loads(body)["data"]["alerts"]
        return alerts


@contextmanager
def running_prometheus(targets: dict[str, str], workdir: Path, timeout: float = 60.0) -> Iterator[Prometheus]:
    binary = shutil.which("prometheus")
    if binary is None:
        raise RuntimeError("prometheus is not installed (scripts/system-packages.sh installs it)")
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "prometheus.yml"
    config.write_text(yaml.safe_dump(scrape_config(targets, quick_rules(workdir))))
    port = free_port()
    log = (workdir / "prometheus.log").open("wb")
    process = subprocess.Popen(
        [
            binary,
            f"--config.file={config}",
            f"--storage.tsdb.path={workdir / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if http_get(f"{url}/-/ready", 1)[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"prometheus did not start: {(workdir / 'prometheus.log').read_text()[-2000:]}"
                )
            time.sleep(0.3)
        yield Prometheus(url)
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
