"""The import contracts of pyproject.toml ([tool.importlinter]) hold for the tree, and each one
fails on a deliberately bad import in a copy of the sources."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
SOURCES = {
    "disclosure_shared": REPO / "shared" / "src",
    "disclosure_crawl": REPO / "services" / "crawl" / "src",
    "disclosure_api": REPO / "services" / "api" / "src",
    "disclosure_ingest": REPO / "services" / "ingest" / "src",
    "disclosure_parse": REPO / "services" / "parse" / "src",
    "disclosure_validate": REPO / "services" / "validate" / "src",
    "disclosure_store": REPO / "services" / "store" / "src",
    "disclosure_cli": REPO / "cli" / "src",
}
CONTRACT_NAMES = {
    "services-independent": "The services never import each other",
    "shared-is-the-base": "disclosure_shared imports no service and not the cli",
    "cli-on-top": "No service imports the cli",
    "no-cycles": "No import cycles between sibling modules",
    "validate-layers": "validate: checks above judging above readers",
    "validate-registry-imports-no-check": "validate: the registry and the context import no check",
    "validate-check-families-independent": "validate: check families never import each other",
    "validate-checks-independent": "validate: check modules never import each other",
}


def lint_imports(directory: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    """lint-imports with the pyproject.toml of `directory`; `pythonpath` shadows the installed packages."""
    env = {**os.environ, "COLUMNS": "400"}  # one contract per output line
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def ends_with(line: str, status: str) -> bool:
    """The summary line ends with `status`, maybe followed by "(1 ignored import)": an import the
    contract lists as deliberate (see pyproject.toml)."""
    return re.search(status + r"( \(\d+ ignored imports?\))?$", line.rstrip()) is not None


def broken(output: str) -> list[str]:
    """Ids of the contracts reported broken, by their names on the summary lines."""
    return sorted(
        key
        for key, name in CONTRACT_NAMES.items()
        for line in output.splitlines()
        if line.startswith(name) and ends_with(line, "BROKEN")
    )


def test_the_tree_keeps_every_contract() -> None:
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    kept = [line for line in result.stdout.splitlines() if ends_with(line, "KEPT")]
    assert all(any(line.startswith(name) for line in kept) for name in CONTRACT_NAMES.values())


@pytest.mark.parametrize(
    ("module", "bad_import", "contracts"),
    [
        ("disclosure_validate/stage.py", "import disclosure_parse.stages", ["services-independent"]),
        ("disclosure_ingest/intake.py", "from disclosure_store import repository", ["services-independent"]),
        # Every service imports shared, so through it each would reach validate: independence breaks
        # too, and inside validate every module would reach every check through shared.
        (
            "disclosure_shared/records.py",
            "import disclosure_validate.validation",
            [
                "services-independent",
                "shared-is-the-base",
                "validate-check-families-independent",
                "validate-checks-independent",
                "validate-layers",
                "validate-registry-imports-no-check",
            ],
        ),
        # The cli imports every service, so through it store would reach them all.
        (
            "disclosure_store/stage.py",
            "from disclosure_cli import embedded",
            ["cli-on-top", "services-independent"],
        ),
        # blobs imports events, which imports records: records importing blobs closes a cycle.
        ("disclosure_shared/records.py", "from disclosure_shared import blobs", ["no-cycles"]),
        # validate's shape: a check reaching into another check, of its family or of another one
        (
            "disclosure_validate/checks/narrative/rates.py",
            "from disclosure_validate.checks.narrative import amounts",
            ["validate-checks-independent"],
        ),
        (
            "disclosure_validate/checks/cross_document.py",
            "from disclosure_validate.checks.narrative import rates",
            ["validate-check-families-independent"],
        ),
        # a reader using a check turns the layers upside down, closes a circle (checks read through
        # readers), and ties every check that reads narratives to identities
        (
            "disclosure_validate/readers/narrative.py",
            "from disclosure_validate.checks.within import identities",
            [
                "no-cycles",
                "validate-check-families-independent",
                "validate-checks-independent",
                "validate-layers",
            ],
        ),
        # the registry importing the checks closes the old rulebook <-> rules circle, through which
        # every check reaches every other
        (
            "disclosure_validate/registry.py",
            "import disclosure_validate.checks",
            [
                "no-cycles",
                "validate-check-families-independent",
                "validate-checks-independent",
                "validate-layers",
                "validate-registry-imports-no-check",
            ],
        ),
    ],
)
def test_a_bad_import_breaks_its_contract(
    tmp_path: Path, module: str, bad_import: str, contracts: list[str]
) -> None:
    copy = tmp_path / "src"
    for package, src in SOURCES.items():
        shutil.copytree(src / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    assert lint_imports(tmp_path, pythonpath=copy).returncode == 0  # the copy is as good as the tree

    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{bad_import}  # the deliberate violation\n")
    result = lint_imports(tmp_path, pythonpath=copy)

    assert result.returncode != 0
    assert broken(result.stdout) == contracts, broken(result.stdout)
