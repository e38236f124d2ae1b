"""Hostile inputs through `disclosures process`: per input, the outcome code, wall time and peak RSS.

    uv run python bench/hostile_bench.py [--seconds 600] [--memory-mb 3072] [--bomb-mib 2048]

Each input runs in a process of its own (the embedded pipeline with one isolated worker), so the
peak RSS printed is that input's: the larger of the driver and its worker. The budgets are the
defaults unless given (README "Budgets"); the good sample PDF runs last, to show the pipeline goes on.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from disclosure_shared.testing.hostile import hostile_inputs

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "qiaokou-bigdata-2023-final-accounts.pdf"
ONE = """
import asyncio, json, resource, sys
from pathlib import Path
from disclosure_cli.embedded import EmbeddedRun
from disclosure_shared.settings import Limits
limits = Limits(document_seconds=float(sys.argv[2]), document_memory_mb=int(sys.argv[3]))
run = EmbeddedRun(limits, Path(sys.argv[4]), workers=1)
outcome = asyncio.run(run.process(sys.argv[1]))
run.cpu.shutdown()
usage = resource.getrusage
peak = max(usage(resource.RUSAGE_SELF).ru_maxrss, usage(resource.RUSAGE_CHILDREN).ru_maxrss)
code = "processed" if outcome.record else (outcome.error or "").split(":", 1)[0]
print(json.dumps({"code": code, "peak_mib": peak // 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0, help="document_seconds budget")
    parser.add_argument("--memory-mb", type=int, default=3072, help="document_memory_mb budget")
    parser.add_argument("--bomb-mib", type=int, default=2048, help="inflated size of the bomb")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        inputs = []
        for item in hostile_inputs(bomb_bytes=args.bomb_mib * 1024 * 1024):
            path = Path(work) / item.name
            path.write_bytes(item.data)
            inputs.append((path, item.expected))
        inputs.append((SAMPLE, "processed"))
        print(f"{'input':24} {'bytes':>10} {'expected':>20} {'code':>20} {'wall s':>7} {'peak MiB':>9}")
        for path, expected in inputs:
            started = time.perf_counter()
            budgets = [str(args.seconds), str(args.memory_mb)]
            done = subprocess.run(
                [sys.executable, "-c", ONE, str(path), *budgets, work + "/out"],
                capture_output=True,
                text=True,
                check=True,
            )
            wall = time.perf_counter() - started
            result = json.loads(done.stdout.strip().splitlines()[-1])
            size = path.stat().st_size
            code, peak = result["code"], result["peak_mib"]
            print(f"{path.name:24} {size:10} {expected:>20} {code:>20} {wall:7.1f} {peak:9}")


if __name__ == "__main__":
    main()
