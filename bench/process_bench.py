"""`disclosures process` against one raw pdfplumber pass and pypdfium2 text, on one pinned core.

    uv run python bench/process_bench.py [DIR ...] [--core 0] [--no-per-file] [--no-two-cores]
    uv run python bench/process_bench.py --single FILE [--repeat 9] [--core 0] [--against OTHER_CLI]

For each directory (default: the corpus) in one run, pinned to core `--core` (the children inherit
the affinity, so this is `taskset -c 0` for every figure):
  process batch     `disclosures process DIR --workers 1`, start to end (imports, worker start, records)
  process per file  `disclosures process FILE --workers 1` for each PDF, start to end; the slowest
                    file and the largest file's time are printed
  raw pdfplumber    one pass: `extract_text()` + `extract_tables()` per page, each page closed
  pypdfium2 text    `get_textpage().get_text_range()` per page
  two cores         `process DIR` with `--workers 2` pinned to two cores, against the one-core batch
  peak RSS          of one worker process doing every file's CPU work (`process_received`), fresh
With --single, only `disclosures process FILE --workers 1`, start to end, `--repeat` times on the
pinned core: median, fastest and slowest wall and CPU seconds (one run is not a figure on a machine
whose speed varies with its neighbours' load). With --against, another checkout's `disclosures` runs
in turn with this one's, and the median of the paired ratios is printed.
Figures are pages/s and ratios to the raw pass (target: process batch time <= 0.75x raw), with the
CPU seconds of the raw pass and of each process run (its workers included). The machine may be
shared: the load average is printed with the figures; on a busy machine the CPU figures are the
ones to compare (wall time then measures the other loads as much as this one); repeat runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fresh_bytecode import compile_workspace

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
CLI = Path(sys.executable).parent / "disclosures"


def pdfs_under(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*.pdf") if p.is_file())


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def raw_pdfplumber(paths: list[Path]) -> float:
    import pdfplumber

    started = time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
                page.close()
    return time.perf_counter() - started


def pdfium_text(paths: list[Path]) -> float:
    import pypdfium2 as pdfium

    started = time.perf_counter()
    for path in paths:
        document = pdfium.PdfDocument(str(path))
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        document.close()
    return time.perf_counter() - started


CPU_SPENT: list[float] = []
"""CPU seconds (user + system, the run and its workers) of each `run_process`, in order."""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_process(target: Path, workers: int, cli: Path = CLI) -> float:
    """Wall seconds of one `disclosures process` run, start to end (its CPU seconds, the workers'
    included (the run reaps them), are appended to CPU_SPENT: on a shared machine they vary less)."""
    with tempfile.TemporaryDirectory() as out:
        cpu = _children_cpu()
        started = time.perf_counter()
        subprocess.run(
            [str(cli), "process", str(target), "--out", out, "--workers", str(workers)],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wall = time.perf_counter() - started
        CPU_SPENT.append(_children_cpu() - cpu)
        return wall


def worker_peak_rss_mb(paths: list[Path]) -> float:
    """Peak RSS of a fresh interpreter that does every file's CPU work, as a parse worker does."""
    code = (
        "import asyncio, resource, sys\n"
        "from pathlib import Path\n"
        "from disclosure_cli.embedded import process_received\n"
        "from disclosure_ingest.fetching import read_file\n"
        "from disclosure_shared.settings import Limits\n"
        "limits = Limits()\n"
        "for name in sys.argv[1:]:\n"
        "    asyncio.run(process_received(read_file(Path(name), limits), limits))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, paths)], check=True, capture_output=True, text=True
    )
    return int(done.stdout.split()[-1]) / 1024


def rate(pages: int, seconds: float) -> str:
    return f"{pages / seconds:7.1f} pages/s ({seconds:6.2f} s)"


def bench(directory: Path, core: int, per_file: bool, two_cores: bool) -> None:
    paths = pdfs_under(directory)
    if not paths:
        print(f"{directory}: no PDFs")
        return
    counts = {p: page_count(p) for p in paths}
    pages = sum(counts.values())
    print(f"\n{directory}: {len(paths)} PDFs, {pages} pages; load average {os.getloadavg()}")
    raw_cpu = time.process_time()
    raw_s = raw_pdfplumber(paths)
    raw_cpu = time.process_time() - raw_cpu
    fast_s = pdfium_text(paths)
    batch_s = run_process(directory, 1)
    batch_cpu = CPU_SPENT[-1]
    print(f"  raw pdfplumber text+tables  {rate(pages, raw_s)}  cpu {raw_cpu:6.2f} s")
    print(f"  pypdfium2 text only         {rate(pages, fast_s)}  {raw_s / fast_s:5.1f}x faster than raw")
    print(
        f"  process batch (1 worker)    {rate(pages, batch_s)}  time/raw {batch_s / raw_s:5.2f}"
        f"  cpu {batch_cpu:6.2f} s, cpu/raw cpu {batch_cpu / raw_cpu:5.2f}"
    )
    if per_file:
        timings: dict[Path, tuple[float, float]] = {}
        for path in paths:
            wall = run_process(path, 1)
            timings[path] = (wall, CPU_SPENT[-1])
        total = sum(wall for wall, _ in timings.values())
        total_cpu = sum(cpu for _, cpu in timings.values())
        slowest = max(timings, key=lambda p: timings[p][0])
        largest = max(paths, key=lambda p: counts[p])
        print(
            f"  process per file            {rate(pages, total)}  time/raw {total / raw_s:5.2f}"
            f"  cpu {total_cpu:6.2f} s"
        )
        for label, path in (("slowest", slowest), ("largest", largest)):
            wall, cpu = timings[path]
            print(f"    {label} {path.name[:40]} ({counts[path]} p) {wall:.2f} s (cpu {cpu:.2f} s)")
    if two_cores and (os.cpu_count() or 1) >= 2:
        others = sorted(os.sched_getaffinity(0) | set(range(os.cpu_count() or 1)))
        os.sched_setaffinity(0, {core, next(c for c in others if c != core)})
        try:
            both_s = run_process(directory, 2)
        finally:
            os.sched_setaffinity(0, {core})
        print(f"  process batch, 2 cores      {rate(pages, both_s)}  wall/1-core {both_s / batch_s:5.2f}")
    print(f"  peak RSS of one worker      {worker_peak_rss_mb(paths):7.0f} MiB")
    print(f"  load average after          {os.getloadavg()}")


def single(path: Path, repeat: int, against: Path | None = None) -> None:
    """One file, start to end, `repeat` times; with `against` (another checkout's `disclosures`)
    each run is paired with one of it, in turn, so both meet the machine in the same phase."""
    import statistics

    print(f"{path.name}: {page_count(path)} pages; load average {os.getloadavg()}")
    clis = [("this checkout", CLI)] + ([("against", against)] if against else [])
    walls: dict[str, list[float]] = {label: [] for label, _ in clis}
    cpus: dict[str, list[float]] = {label: [] for label, _ in clis}
    for _ in range(repeat):
        for label, cli in clis:
            walls[label].append(run_process(path, 1, cli))
            cpus[label].append(CPU_SPENT[-1])
    for label, _ in clis:
        for kind, values in (("wall", walls[label]), ("cpu", cpus[label])):
            print(
                f"  {label:13} {kind:4}  median {statistics.median(values):5.2f} s"
                f"  fastest {min(values):5.2f} s  slowest {max(values):5.2f} s  ({repeat} runs)"
            )
    if against:
        for kind, values in (("wall", walls), ("cpu", cpus)):
            ratios = [a / b for a, b in zip(values["this checkout"], values["against"], strict=True)]
            print(f"  paired ratio {kind:4}  median {statistics.median(ratios):.2f}  (this / against)")
    print(f"  load average after          {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directories", nargs="*", type=Path, default=[DEFAULT_CORPUS])
    parser.add_argument("--core", type=int, default=0)
    parser.add_argument("--no-per-file", dest="per_file", action="store_false")
    parser.add_argument("--no-two-cores", dest="two_cores", action="store_false")
    parser.add_argument("--single", type=Path, help="time one file only, start to end")
    parser.add_argument("--repeat", type=int, default=9, help="runs of --single")
    parser.add_argument(
        "--against", type=Path, help="with --single: another checkout's .venv/bin/disclosures, run in turn"
    )
    args = parser.parse_args()
    os.sched_setaffinity(0, {args.core})  # children inherit it: every figure on the same core
    compile_workspace()
    if args.single:
        single(args.single, args.repeat, args.against)
        return
    for directory in args.directories:
        bench(directory, args.core, args.per_file, args.two_cores)


if __name__ == "__main__":
    main()
