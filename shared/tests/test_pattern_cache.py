"""Patterns built from their recorded code behave as patterns compiled afresh, and the cache is
ignored wherever it cannot be trusted to match the running interpreter."""

from __future__ import annotations

import marshal
import re
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure_shared import pattern_cache

PATTERNS = [
    (r"(?P<year>\d{4})年度?(?P<kind>部门(?:预算|决算))", 0),
    (r"^\s*([一二三四五六七八九十]+)、(.+?)$", re.MULTILINE),
    (r"合计|总计|小计", re.IGNORECASE),
    (rb"/(?:JS|JavaScript)(?![^\s/<>])", 0),
    (r"(\d+(?:\.\d+)?)\s*(万元|元)", re.VERBOSE),
]
TEXTS = ["2023年度部门决算", " 三、部门预算说明\n四、其他", "合计 100.00 万元", "小计", "12.5 元", "无"]


def write_cache(path: Path, written_for: str | None = None) -> None:
    recorded = {(p, int(f)): pattern_cache.compiled(p, int(f)) for p, f in PATTERNS}
    path.write_bytes(marshal.dumps((written_for or pattern_cache.interpreter(), recorded)))


def test_a_pattern_built_from_its_recorded_code_matches_as_a_fresh_one(tmp_path: Path) -> None:
    cache = tmp_path / "patterns.marshal"
    write_cache(cache)
    loaded = pattern_cache.load(cache)
    assert len(loaded) == len(PATTERNS)
    for pattern, flags in PATTERNS:
        final_flags, code, groups, groupindex, indexgroup = loaded[(pattern, int(flags))]
        rebuilt = pattern_cache._sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
        fresh = re._compiler.compile(pattern, flags)  # type: ignore[attr-defined]
        assert (rebuilt.pattern, rebuilt.flags, rebuilt.groups) == (fresh.pattern, fresh.flags, fresh.groups)
        assert dict(rebuilt.groupindex) == dict(fresh.groupindex)
        for text in TEXTS:
            subject = text.encode() if isinstance(pattern, bytes) else text
            assert [m.groups() for m in rebuilt.finditer(subject)] == [
                m.groups() for m in fresh.finditer(subject)
            ]


@pytest.mark.parametrize("damage", ["another interpreter", "not marshal", "not a table", "no file"])
def test_a_cache_that_cannot_be_trusted_is_ignored(tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "patterns.marshal"
    if damage == "another interpreter":
        write_cache(cache, written_for="3.11.0 (another build)")
    elif damage == "not marshal":
        cache.write_bytes(b"not marshal data")
    elif damage == "not a table":
        cache.write_bytes(marshal.dumps(["a", "list"]))
    assert pattern_cache.load(cache) == {}


INSTALLED = """
import re, sys
from pathlib import Path
from disclosure_shared import pattern_cache
count = pattern_cache.install(Path(sys.argv[1]))
fresh = []
original = pattern_cache._installed[0]
def counting(pattern, flags=0):
    fresh.append(pattern)
    return original(pattern, flags)
pattern_cache._installed[0] = counting
recorded = re.compile(r"(?P<year>\\d{4})年度?(?P<kind>部门(?:预算|决算))")
other = re.compile(r"not recorded (\\d+)")
print(count, recorded.match("2023年度部门决算").group("kind"), other.match("not recorded 7").group(1))
"""


def test_install_serves_recorded_patterns_and_compiles_the_others_as_usual(tmp_path: Path) -> None:
    cache = tmp_path / "patterns.marshal"
    write_cache(cache)
    done = subprocess.run(  # a fresh interpreter: `re` keeps its own cache of what it compiled
        [sys.executable, "-c", INSTALLED, str(cache)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == [str(len(PATTERNS)), "部门决算", "7"]


RECORDED = """
import re, sys
from pathlib import Path
from disclosure_shared import pattern_cache
pattern_cache.main(["textwrap", "--", "re:compile", "built (at|during) run time"], Path(sys.argv[1]))
"""


def test_recording_keeps_what_the_imports_and_the_run_compile(tmp_path: Path) -> None:
    cache = tmp_path / "patterns.marshal"
    subprocess.run([sys.executable, "-c", RECORDED, str(cache)], capture_output=True, check=True)
    recorded = pattern_cache.load(cache)
    assert ("built (at|during) run time", 0) in recorded  # the run's
    assert any(isinstance(p, str) and "-{2,}" in p for p, _ in recorded)  # textwrap's, at import
