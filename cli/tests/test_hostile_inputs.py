"""The hostile corpus through the embedded pipeline: every input ends in its expected code within its
budget, memory stays bounded, and a good input after them is processed (issue 15)."""

from __future__ import annotations

import resource
import time
from pathlib import Path

from disclosure_cli.embedded import EmbeddedRun, Outcome
from disclosure_shared.settings import Limits
from disclosure_shared.testing.hostile import hostile_inputs

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "qiaokou-bigdata-2023-final-accounts.pdf"
BUDGET_S = 20.0
MiB = 1024 * 1024


def code_of(outcome: Outcome) -> str:
    if outcome.record is not None:
        return "processed"
    return (outcome.error or "").split(":", 1)[0]


async def test_hostile_inputs_end_in_their_codes_within_budget_and_the_good_input_after_them_is_processed(
    tmp_path: Path,
) -> None:
    inputs = hostile_inputs(bomb_bytes=512 * MiB)  # past the 256 MiB stream budget, quicker to build
    paths = []
    for item in inputs:
        path = tmp_path / item.name
        path.write_bytes(item.data)
        paths.append(str(path))
    limits = Limits(document_seconds=BUDGET_S, document_memory_mb=1536)
    run = EmbeddedRun(limits, tmp_path / "out", workers=2)
    finished: dict[str, float] = {}
    started = time.monotonic()
    outcomes = await run.process_all(
        [*paths, str(SAMPLE)], lambda o: finished.setdefault(Path(o.input).name, time.monotonic() - started)
    )
    run.cpu.shutdown()

    codes = {Path(o.input).name: code_of(o) for o in outcomes}
    assert codes == {**{item.name: item.expected for item in inputs}, SAMPLE.name: "processed"}
    active = next(o for o in outcomes if o.input.endswith("active-content.pdf"))
    assert active.record is not None
    assert [f.severity for f in active.record.findings if f.rule == "active-content"] == ["info"]
    # Two workers over the inputs: no input holds a worker past its budget, so all of them (the
    # slowest, the dense pages, is stopped at BUDGET_S) finish within a couple of budgets.
    assert max(finished.values()) < 3 * BUDGET_S + 30, finished
    worker_peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert worker_peak_mib < 1536, worker_peak_mib
