"""The `disclosures` executable leaves without the interpreter's teardown: what it prints and writes
must still all be there, and its exit status must be the command's."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure_cli.entry import exit_status
from disclosure_shared import pattern_cache

TEXT = "武汉市某区大数据中心2023年部门决算\n一、部门主要职责\n"


def disclosures() -> str:
    found = shutil.which("disclosures", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("the `disclosures` console script is not installed beside this interpreter")
    return found


def test_piped_output_and_records_survive_the_quick_exit(tmp_path: Path) -> None:
    inputs = []
    for n in range(3):  # distinct bytes: three records, and a summary row for each
        path = tmp_path / f"d{n}.txt"
        path.write_text(TEXT + f"（{n}）\n", encoding="utf-8")
        inputs.append(str(path))
    done = subprocess.run(
        [disclosures(), "process", *inputs, "--workers", "1", "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "out").glob("*.json"))) == 3
    # stdout is a pipe here, so block-buffered: the summary is whole only if it was flushed
    assert all(f"d{n}.txt" in done.stdout for n in range(3)), done.stdout


def test_a_failed_input_still_exits_with_status_one(tmp_path: Path) -> None:
    done = subprocess.run(
        [disclosures(), "process", str(tmp_path / "missing.pdf"), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "missing.pdf" in done.stderr


def test_exit_status_follows_sys_exit() -> None:
    assert exit_status(None) == 0
    assert exit_status(3) == 3
    assert exit_status("a message") == 1


COVERED = """
import re, sys
from disclosure_shared import pattern_cache
assert pattern_cache.install(), "no pattern cache: run scripts/compile-sources.sh"
missed = []
known = pattern_cache.load()
recorded = re._compiler.compile
def caller():
    frame = sys._getframe(2)
    while frame.f_code.co_filename.endswith(("re/__init__.py", "re/_compiler.py")):
        frame = frame.f_back
    return frame.f_code.co_filename
def noting(pattern, flags=0):
    compiled = recorded(pattern, flags)
    ours = "/disclosure_" in caller()
    if ours and isinstance(pattern, (str, bytes)) and (pattern, int(flags)) not in known:
        missed.append(pattern)
    return compiled
re._compiler.compile = noting
import disclosure_cli.main, disclosure_cli.process_command
from disclosure_cli.embedded import WORKER_MODULES
from disclosure_parse.isolation import PRELOAD
import importlib
for module in PRELOAD + WORKER_MODULES:
    importlib.import_module(module)
print(missed)
"""


def test_the_installed_cache_covers_the_start_up_of_process() -> None:
    """scripts/compile-sources.sh records the modules `process` imports at start-up: the command line
    and what its workers preload. A module added there without being added to the script shows here.
    Only the workspace's own patterns are checked: a few of the standard library's are built anew in
    each process (tokenize's lists string prefixes from a set, in hash order)."""
    if not pattern_cache.CACHE.exists():
        pytest.fail(f"{pattern_cache.CACHE} is missing: scripts/bootstrap.sh (compile-sources.sh) writes it")
    done = subprocess.run([sys.executable, "-c", COVERED], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_progress_bar_only_for_several_inputs() -> None:
    import io

    from rich.console import Console

    from disclosure_cli.embedded import Outcome
    from disclosure_cli.process_command import progress_bar

    console = Console(file=io.StringIO(), force_terminal=True, width=80)
    with progress_bar(console, 1) as done:
        assert done is None
    with progress_bar(console, 2) as done:
        assert done is not None
        done(Outcome("a.pdf"))
        done(Outcome("b.pdf"))
    assert "b.pdf" in console.file.getvalue()  # type: ignore[attr-defined]
