"""Instructions one file costs, start to end in one process: a figure the neighbours' load does not move.

    uv run python bench/single_instructions.py FILE [--valgrind valgrind]

On a shared virtual machine one file's wall and CPU seconds vary by a third from run to run
(process_bench --single prints the spread), which hides a change of a few percent. Valgrind's
callgrind counts the instructions the run executes instead: the same for every run of the same code,
so two commits compare exactly (about 60x slower than a plain run; valgrind is Debian's `valgrind`).
The run is `process`'s work without its worker process (the command kills its idle worker, which so
never writes valgrind's figures): the command line's and the worker's imports as the command does
them, the command line built and its arguments parsed, every stage on the file, its JSON record
written, and the process left as the command leaves it.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from fresh_bytecode import compile_workspace

RUN = """
import importlib, sys
from disclosure_shared import pattern_cache
from disclosure_shared.startup import collector_paused
pattern_cache.install()  # as the command line does
with collector_paused():  # as the command line and its workers' preload import them
    import disclosure_cli.main, disclosure_cli.process_command
    from disclosure_cli.embedded import WORKER_MODULES, process_here
    for module in WORKER_MODULES:
        importlib.import_module(module)
import typer.main
command = typer.main.get_command(disclosure_cli.main.app)  # as app() starts: every command built
command.make_context("disclosures", ["process", sys.argv[1], "--out", sys.argv[2]])  # and parsed
record = process_here(sys.argv[1])
open(sys.argv[2], "w", encoding="utf-8").write(record.model_dump_json(indent=2))
from disclosure_cli.entry import leave
leave(0)  # as the command line ends: no interpreter teardown
"""


def instructions(path: Path, valgrind: str) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        command = [
            valgrind,
            "--tool=callgrind",
            f"--callgrind-out-file={scratch}/callgrind.out",
            sys.executable,
            "-c",
            RUN,
            str(path),
            f"{scratch}/record.json",
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"the run failed:\n{done.stderr[-3000:]}")
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--valgrind", default="valgrind")
    args = parser.parse_args()
    compile_workspace()
    count = instructions(args.file, args.valgrind)
    print(f"{args.file.name}: {count / 1e9:.3f} billion instructions, start to end in one process")


if __name__ == "__main__":
    main()
