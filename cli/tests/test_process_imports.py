"""`disclosures process` starts without the modules only the services and the other commands need
(their imports were a large part of the time a single file takes, start to end)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

NOT_FOR_PROCESS = ("pydantic_settings", "aiokafka", "pymongo", "prometheus_client", "faststream", "httpx")

RUN = """
import sys
import gc
from disclosure_cli.entry import invoke
sys.argv = ["disclosures", "process", sys.argv[1], "--workers", "1", "--out", sys.argv[2]]
assert invoke() == 0
assert gc.isenabled()  # paused for the start-up imports only
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
print("rich.progress" in sys.modules)  # one input: no progress bar
"""


def test_process_loads_no_service_client_nor_pydantic_settings(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("武汉市某区大数据中心2023年部门决算\n一、部门主要职责\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", RUN, str(text), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    modules, progress = result.stdout.splitlines()[-2:]  # after the summary table
    loaded = set(modules.split())
    assert progress == "False"
    assert "disclosure_validate" in loaded and "disclosure_parse" in loaded  # the run did its work here
    assert len(list((tmp_path / "out").glob("*.json"))) == 1
    assert loaded.isdisjoint(NOT_FOR_PROCESS), loaded & set(NOT_FOR_PROCESS)
