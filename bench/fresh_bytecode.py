"""The workspace's own sources compiled before a timing.

With PYTHONDONTWRITEBYTECODE set (as on these machines), a module edited since
`scripts/bootstrap.sh` last compiled the sources is compiled again at every start, in every
process: a timing taken then measures the compiler (about 0.2 s of one file's 2 s, after a day's
edits). The benchmarks compile them first, with the bootstrap's own step.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

COMPILE = Path(__file__).resolve().parents[1] / "scripts" / "compile-sources.sh"


def compile_workspace() -> None:
    """Write the .pyc of every workspace source that lacks a current one (quick when none is stale)."""
    subprocess.run([str(COMPILE)], check=True)
