"""The `disclosures` command as an operator runs it, for the integration tests of the operator's
commands (dlq, reprocess, status, submit)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Mapping


async def disclosures(*args: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`disclosures ARGS` in a process of its own, with the test's environment plus `env`, its
    output captured; a wide terminal, so that printed tables do not wrap."""
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "disclosure_cli.main", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "250", **(env or {})},
    )
