"""The `disclosures` executable: the command line imported with the garbage collector paused and the
patterns compiled at install read back (pattern_cache), and left without the interpreter's teardown."""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

from disclosure_shared import pattern_cache
from disclosure_shared.startup import collector_paused


def run() -> NoReturn:
    leave(invoke())


def invoke() -> int:
    """Run the command line given in sys.argv; its exit status."""
    pattern_cache.install()
    with collector_paused():
        from disclosure_cli.main import app
    try:
        app()
    except SystemExit as done:
        return exit_status(done.code)
    return 0


def exit_status(code: object) -> int:
    """The status `sys.exit(code)` ends the process with (a message is printed, as Python does)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def leave(status: int) -> NoReturn:
    """End the process now: the exit handlers run and the streams are flushed, as on any exit, but
    the interpreter does not free every module and object one by one first (after `process` on one
    file that teardown is about a tenth of the run, and nothing outlives the process to need it).
    With a thread still running, the usual exit waits for it."""
    if threading.active_count() > 1:
        sys.exit(status)
    atexit._run_exitfuncs()  # logging's shutdown, weakref finalizers (temporary directories), ...
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be written to it
            pass
    os._exit(status)
