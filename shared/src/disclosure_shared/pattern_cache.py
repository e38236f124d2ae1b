"""Regular expressions compiled once per install and read back at start-up, as bytecode is.

Python compiles a pattern in pure Python (`re._parser`, `re._compiler`) in every new process: the
command line's and the parser's and validator's modules compile about 350 as they are imported,
some 13% of the instructions `disclosures process` spends on one file. What the compiler produces
for `_sre.compile` (the matcher's code, a list of ints, and the group names) depends only on the
pattern, its flags and the interpreter. `scripts/compile-sources.sh` records it for the patterns the
start-up modules compile (`python -m disclosure_shared.pattern_cache MODULE ...`), next to the
bytecode; `install()` then gives `re` a compile function that looks each pattern up there first.
A pattern not in the cache, or a cache written by another interpreter, compiles as usual: the cache
changes how fast a pattern is built, never what it matches. The file is trusted as the bytecode
beside it is (both are written at install, into the package's `__pycache__`).
"""

from __future__ import annotations

import importlib
import marshal
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

_sre: Any = importlib.import_module("_sre")  # the matcher, in C: no stubs
_compiler: Any = getattr(re, "_compiler", None)  # CPython's pattern compiler (3.11+)
_parser: Any = getattr(re, "_parser", None)

Compiled = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
"""`_sre.compile`'s arguments after the pattern: flags, code, groups - 1, group index, index group."""

CACHE = Path(__file__).parent / "__pycache__" / f"patterns.{sys.implementation.cache_tag}.marshal"
FORMAT = 1


def interpreter() -> str:
    """What the compiled code depends on besides the pattern: the interpreter and its matcher."""
    return f"{FORMAT}|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}"


def compiled(pattern: str | bytes, flags: int) -> Compiled:
    """What `re._compiler.compile` hands `_sre.compile` for `pattern` (its own steps, in order)."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # named opcodes are ints
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def load(path: Path = CACHE) -> dict[tuple[str | bytes, int], Compiled]:
    """The patterns recorded at `path` for this interpreter; empty when there are none (no file, a
    file of another interpreter or format, an unreadable file)."""
    try:
        with path.open("rb") as cache:
            written_for, patterns = marshal.load(cache)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if written_for != interpreter() or not isinstance(patterns, dict):
        return {}
    return patterns


_installed: list[Callable[..., Any]] = []


def install(path: Path = CACHE) -> int:
    """Let `re` build the patterns recorded at `path` from their recorded code (once per process);
    the number of patterns recorded there."""
    if _compiler is None or _installed:
        return 0
    patterns = load(path)
    if not patterns:
        return 0
    original = _compiler.compile

    def compile_recorded(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str | bytes):
            found = patterns.get((pattern, int(flags)))
            if found is not None:
                final_flags, code, groups, groupindex, indexgroup = found
                return _sre.compile(pattern, final_flags, code, groups, dict(groupindex), indexgroup)
        return original(pattern, flags)

    _installed.append(original)
    _compiler.compile = compile_recorded
    return len(patterns)


def record(modules: Iterable[str], path: Path = CACHE, then: Callable[[], object] | None = None) -> int:
    """Import `modules`, call `then` (a run that compiles the patterns built at run time), and write
    every pattern compiled meanwhile to `path`; how many."""
    if _compiler is None:
        return 0
    seen: dict[tuple[str | bytes, int], Compiled] = {}
    original = _compiler.compile

    def compile_and_note(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str | bytes):
            args = compiled(pattern, int(flags))
            seen[(pattern, int(flags))] = args
            return _sre.compile(pattern, *args)
        return original(pattern, flags)

    _compiler.compile = compile_and_note
    try:
        for module in modules:
            importlib.import_module(module)
        if then is not None:
            then()
    finally:
        _compiler.compile = original
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("wb") as cache:
        marshal.dump((interpreter(), seen), cache)
    partial.replace(path)  # a reader never sees half a file
    return len(seen)


def main(argv: list[str], path: Path = CACHE) -> None:
    """`MODULE ... [-- MODULE:FUNCTION ARGUMENT ...]`: the modules to import, then a function to call
    with string arguments while recording."""
    split = argv.index("--") if "--" in argv else len(argv)
    modules, run = argv[:split], argv[split + 1 :]
    if not modules:
        usage = "python -m disclosure_shared.pattern_cache MODULE ... [-- MODULE:FUNCTION ARGUMENT ...]"
        raise SystemExit(f"usage: {usage}")
    then = None
    if run:
        module, _, function = run[0].partition(":")

        def then() -> object:  # imported while recording: its module's patterns count too
            return getattr(importlib.import_module(module), function)(*run[1:])

    count = record(modules, path, then)
    sys.stdout.write(f"{count} patterns recorded in {path}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
