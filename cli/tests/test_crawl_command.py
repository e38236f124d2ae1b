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
