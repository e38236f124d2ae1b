"""Wall and CPU seconds of a command and every process it starts, reaped or not (Linux).

    uv run python bench/cpu_of.py disclosures process FILE --workers 1

The command runs under a child subreaper, so workers it leaves behind (an older `process` did not
reap its parse worker) are reaped here and their CPU time counted. On a shared machine the CPU
seconds are the figure to compare between runs.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main(command: list[str]) -> None:
    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    while True:  # the orphaned descendants, now ours
        try:
            os.wait()
        except ChildProcessError:
            break
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"wall {wall:.2f} s  cpu {usage.ru_utime + usage.ru_stime:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
