"""`disclosures crawl --process --out DIR` over a fake portal on loopback, run twice."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from disclosure_cli.main import app
from disclosure_crawl.testing import FakePortal, build_small_site, serve


def test_crawl_process_twice_processes_each_disclosure_once(corpus_pdfs: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    with serve(FakePortal()) as portal:
        pdfs = build_small_site(portal, [p.read_bytes() for p in corpus_pdfs[:2]])
        start = f"http://127.0.0.1:{portal.port}/yjs/index.shtml"
        arguments = ["crawl", start, "--process", "--out", str(out), "--allow-private-urls"]
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
    run = state["runs"]["127-0-0-1"]
    assert (run["found"], run["new"], run["unchanged"], run["outcome"]) == (2, 0, 2, "ok")
