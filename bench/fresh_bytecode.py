"""The workspace's own sources compiled before a timing.

With PYTHONDONTWRITEBYTECODE set (as on these machines), a module edited since
`scripts/bootstrap.sh` last compiled the sources is compiled again at every start, in every
process: a timing taken then measures the compiler (about 0.2 s of one file's 2 s, after a day's
edits). The benchmarks compile them first, as the bootstrap does.
"""

from __future__ import annotations

import compileall
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def compile_workspace() -> None:
    """Write the .pyc of every workspace source that lacks a current one (quick when none is stale)."""
    for directory in sorted([ROOT / "shared" / "src", ROOT / "cli" / "src", *ROOT.glob("services/*/src")]):
        compileall.compile_dir(directory, quiet=1, workers=0)
