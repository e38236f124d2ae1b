"""Service workers as real OS processes, for integration tests: start, wait ready, kill, restart."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

APPS = {
    "ingest": "disclosure_ingest.app:create_app",
    "parse": "disclosure_parse.app:create_app",
    "validate": "disclosure_validate.app:create_app",
    "store": "disclosure_store.app:create_app",
}
"""The four stage services (crawl is started on its own where a test needs it)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


READY = "FastStream app started successfully"


class Worker:
    """One `python -m disclosure_<service>` process (the containers' start command), logging to its
    own file, with its health server on a free loopback port (`health_url`)."""

    def __init__(self, service: str, env: dict[str, str], log_dir: Path, name: str | None = None) -> None:
        self.service = service
        self.name = name or service
        self.port = free_port()
        self.env = {**env, "DISCLOSURE_OPS__PORT": str(self.port), "DISCLOSURE_OPS__HOST": "127.0.0.1"}
        self.log_path = log_dir / f"{self.name}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.ready_marks = 0

    def start(self, timeout: float = 90.0) -> Worker:
        self.launch()
        self.wait_for(READY, timeout)
        return self

    def launch(self) -> None:
        """Start the process without waiting (start several, then wait for each)."""
        self.ready_marks = self.log().count(READY)
        command = [sys.executable, "-m", f"disclosure_{self.service}"]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT
            )

    @property
    def health_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 90.0) -> None:
        self.wait_for(READY, timeout, count=self.ready_marks + 1)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def wait_for(self, text: str, timeout: float, count: int = 1) -> None:
        deadline = time.monotonic() + timeout
        while self.log().count(text) < count:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.process.returncode}:\n{self.log()[-3000:]}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name}: no {text!r} within {timeout}s:\n{self.log()[-3000:]}")
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, no offset commit; what a crash looks like."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(40)
            except subprocess.TimeoutExpired:
                self.kill()
