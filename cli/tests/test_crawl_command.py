"""`disclosures crawl --process --out DIR` over a fake portal on loopback, run twice."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from pymongo.asynchronous.database import AsyncDatabase
from typer.testing import CliRunner

from disclosure_cli.main import app
from disclosure_crawl.state import STATE_COLLECTION, MongoCrawlState
from disclosure_crawl.testing import FakePortal, build_small_site, serve
from disclosure_shared import topics
from disclosure_shared.events import SubmittedEvent
from disclosure_shared.settings import PipelineSettings


def test_crawl_process_twice_processes_each_disclosure_once(corpus_pdfs: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    with serve(FakePortal()) as portal:
        pdfs = build_small_site(portal, [p.read_bytes() for p in corpus_pdfs[:2]])
        start = f"http://127.0.0.1:{portal.port}/yjs/index.shtml"
        portal_file = tmp_path / "local.toml"
        portal_file.write_text(
            f'name = "local"\nstart_urls = ["{start}"]\n'
            '[fetch]\nmin_interval_s = 0\nallowed_networks = ["127.0.0.0/8"]\n',
            encoding="utf-8",
        )
        arguments = ["crawl", str(portal_file), "--process", "--out", str(out)]
        runner = CliRunner()

        first = runner.invoke(app, arguments)
        assert first.exit_code == 0, first.output
        records = sorted(out.glob("*.json"))
        assert len(records) == 2
        sources = {json.loads(p.read_text("utf-8"))["source"]["uri"] for p in records}
        assert sources == {f"http://127.0.0.1:{portal.port}{path}" for path in pdfs}
        written = {p: p.stat().st_mtime_ns for p in records}

        second = runner.invoke(app, arguments)
        assert second.exit_code == 0, second.output

    assert {p: p.stat().st_mtime_ns for p in sorted(out.glob("*.json"))} == written
    assert all(portal.downloads[path] == 1 for path in pdfs)
    state = json.loads((out / ".crawl" / "state.json").read_text("utf-8"))
    run = state["runs"]["local"]
    assert (run["found"], run["new"], run["unchanged"], run["outcome"]) == (2, 0, 2, "ok")


def test_crawl_of_a_bare_url_on_loopback_needs_the_allowance(tmp_path: Path) -> None:
    with serve(FakePortal()) as portal:
        portal.html("/yjs/index.shtml", "<html><body>预决算公开</body></html>")
        start = f"http://127.0.0.1:{portal.port}/yjs/index.shtml"
        arguments = ["crawl", start, "--process", "--out", str(tmp_path)]
        refused = CliRunner().invoke(app, arguments)
        allowed = CliRunner().invoke(app, [*arguments, "--allow-private-urls"])
    assert refused.exit_code == 1 and "blocked-address" in refused.output
    assert allowed.exit_code == 0, allowed.output
    assert portal.hits["/yjs/index.shtml"] == 1


def test_a_bad_portal_file_is_refused_with_its_name(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nstart_urls = ["ftp://x/"]', encoding="utf-8")
    result = CliRunner().invoke(app, ["crawl", str(bad), "--process", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "bad.toml" in result.output


@pytest.mark.integration
async def test_crawl_without_process_submits_to_the_pipeline(
    pipeline_env: dict[str, str],
    mongo_db: AsyncDatabase[dict[str, Any]],
    corpus_pdfs: list[Path],
    tmp_path: Path,
) -> None:
    with serve(FakePortal()) as portal:
        pdfs = build_small_site(portal, [p.read_bytes() for p in corpus_pdfs[:2]])
        portal_file = tmp_path / "local.toml"
        start = f"http://127.0.0.1:{portal.port}/yjs/index.shtml"
        portal_file.write_text(
            f'name = "local"\nstart_urls = ["{start}"]\n[fetch]\nmin_interval_s = 0\n'
            'allowed_networks = ["127.0.0.0/8"]\n',
            encoding="utf-8",
        )
        for _ in range(2):
            result = await asyncio.to_thread(CliRunner().invoke, app, ["crawl", str(portal_file)])
            assert result.exit_code == 0, result.output

    settings = PipelineSettings()
    consumer = AIOKafkaConsumer(
        settings.kafka.topic(topics.SUBMITTED),
        bootstrap_servers=settings.kafka.bootstrap_servers,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    events: list[SubmittedEvent] = []
    try:
        for _ in range(20):  # until nothing more arrives for a while, at most ~20 s
            batch = await consumer.getmany(timeout_ms=1000)
            if not batch and len(events) >= 2:
                break
            events += [SubmittedEvent.model_validate_json(m.value) for ms in batch.values() for m in ms]
    finally:
        await consumer.stop()
    uris = sorted(e.payload.uri or "" for e in events)
    assert uris == sorted(f"http://127.0.0.1:{portal.port}{p}" for p in pdfs)  # once each over two runs
    run = await MongoCrawlState(mongo_db[STATE_COLLECTION]).last_run("local")
    assert run is not None and (run.outcome, run.found, run.new, run.unchanged) == ("ok", 2, 0, 2)
