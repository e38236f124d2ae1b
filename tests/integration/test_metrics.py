"""Metrics through a real Prometheus on loopback, run with the project's scrape config and alert
rules (deploy/prometheus), scraping the services a test started."""

from __future__ import annotations

import asyncio
import subprocess
import time
from pathlib import Path

import pytest

from disclosure_cli import submit_command
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.testing.pdfs import text_pdf
from disclosure_shared.testing.prometheus import DEPLOY, running_prometheus
from disclosure_shared.testing.waiting import wait_stored
from disclosure_shared.testing.workers import Worker

pytestmark = pytest.mark.integration


def test_promtool_accepts_the_alert_rules_and_the_scrape_config() -> None:
    rules = subprocess.run(
        ["promtool", "check", "rules", str(DEPLOY / "alerts.yml")], capture_output=True, text=True
    )
    assert rules.returncode == 0, rules.stdout + rules.stderr
    assert "SUCCESS: 4 rules found" in rules.stdout
    config = subprocess.run(
        ["promtool", "check", "config", str(DEPLOY / "prometheus.yml")], capture_output=True, text=True
    )
    assert config.returncode == 0, config.stdout + config.stderr


async def test_counters_move_in_prometheus_and_a_stopped_consumer_fires_an_alert(
    pipeline: dict[str, Worker], mongo_db, tmp_path: Path, namespace: str
) -> None:
    targets = {name: f"127.0.0.1:{worker.port}" for name, worker in pipeline.items()}
    with running_prometheus(targets, tmp_path / "prometheus") as prometheus:
        await asyncio.to_thread(
            prometheus.wait_value, 'count(up{job=~"ingest|parse|validate|store"} == 1)', 4
        )
        pdfs = [text_pdf([f"武汉市青山区第{i}中学 2024 年部门预算", "一、收支总体情况"]) for i in range(2)]
        files = []
        for i, data in enumerate(pdfs):
            path = tmp_path / f"budget-{i}.pdf"
            path.write_bytes(data)
            files.append(str(path))
        assert await submit_command.run(files, force=False) == 0
        await wait_stored(mongo_db, [sha256_hex(d) for d in pdfs], timeout=120)

        wait = prometheus.wait_value
        consumed = 'sum by (stage) (disclosure_messages_consumed_total{topic!~".*dlq"})'
        # every stage's counter has reached both documents in Prometheus (scrapes lag by a second)
        assert await asyncio.to_thread(wait, f"count(({consumed}) >= 2)", 5) == 5
        await asyncio.to_thread(wait, "sum(disclosure_documents_total)", 2)
        stages = {r["metric"]["stage"]: float(r["value"][1]) for r in prometheus.query(consumed)}
        assert {"ingest", "extract", "parse", "validate", "store"} <= set(stages)
        assert all(count >= 2 for count in stages.values()), stages
        # each figure is waited for: a scrape may fall between a stage's counters and its timing
        published = 'sum(disclosure_messages_published_total{topic="disclosure.validated"})'
        assert await asyncio.to_thread(wait, published, 2) == 2
        assert await asyncio.to_thread(wait, 'sum(disclosure_pages_total{stage="extract"})', 4) == 4
        assert prometheus.value("sum(disclosure_documents_total)") == 2
        assert await asyncio.to_thread(wait, 'sum(disclosure_stage_seconds_count{stage="parse"})', 2) >= 2
        assert prometheus.value("sum(disclosure_service_ready)") == 4

        # Stop validate: its group loses its only member, and the alert says so.
        group = f"{namespace}.validate"
        await asyncio.to_thread(pipeline["validate"].stop)
        deadline = time.monotonic() + 60
        while True:
            firing = [
                a
                for a in prometheus.alerts()
                if a["labels"]["alertname"] == "DisclosureConsumerGroupWithoutMembers"
                and a["state"] == "firing"
            ]
            if firing:
                break
            assert time.monotonic() < deadline, prometheus.alerts()
            await asyncio.sleep(1)
        assert [a["labels"]["group"] for a in firing] == [group]
