"""A bounded fuzz of extraction and parsing: mutated PDFs end in pages or in a project error.

CI runs a fixed, derandomized set of examples; `FUZZ_EXAMPLES=5000 uv run pytest
services/parse/tests/test_fuzz.py` runs longer on demand.
"""

from __future__ import annotations

import asyncio
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_parse.fuzzing import parse_any_bytes
from disclosure_parse.isolation import Budget, IsolatedRunner
from disclosure_shared.errors import InputRejected
from disclosure_shared.testing.hostile import text_page_pdf
from disclosure_shared.testing.pdfs import text_pdf

SEEDS = [
    text_pdf(["2024年部门预算", "公开01表 收支总表 单位：万元\n收入总计 100.00"]),
    text_page_pdf(["2024 budget", "total 100.00"]),
]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
RUNNER = IsolatedRunner(1, Budget(wall_s=20, memory_mb=1024))
PROJECT_CODES = {cls.code for cls in InputRejected.__subclasses__()} | {"worker-crashed"}


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        how = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if how == "flip":
            data[at] = draw(st.integers(0, 255))
        elif how == "cut":
            del data[at:]
        elif how == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        else:
            del data[at : at + draw(st.integers(1, 64))]
        data = data or bytearray(b"%")
    return bytes(data)


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(mutated())
def test_mutated_pdfs_end_in_pages_or_a_project_error(data: bytes) -> None:
    try:
        outcome = asyncio.run(RUNNER(parse_any_bytes, data))
    except InputRejected as exc:  # a budget the worker enforced (timeout, too-complex)
        outcome = exc.code
    assert outcome == "parsed" or outcome in PROJECT_CODES, outcome
