"""The `disclosures` executable: the command line imported with the garbage collector paused."""

from __future__ import annotations

from disclosure_shared.startup import collector_paused


def run() -> None:
    with collector_paused():
        from disclosure_cli.main import app
    app()
