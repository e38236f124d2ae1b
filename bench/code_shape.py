"""Shape of a package: module count and lines, the largest module, modules over N lines, functions
over M lines (issue 10's yardstick).

    uv run python bench/code_shape.py services/validate/src/disclosure_validate [--modules N] [--functions M]
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--modules", type=int, default=400, help="module size limit in lines")
    parser.add_argument("--functions", type=int, default=60, help="function size limit in lines")
    args = parser.parse_args()
    for root in args.roots:
        files = sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)
        sizes = [(len(p.read_text(encoding="utf-8").splitlines()), p) for p in files]
        big = sorted(((n, p) for n, p in sizes if n > args.modules), reverse=True)
        long_functions = []
        for path in files:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = (node.end_lineno or node.lineno) - node.lineno + 1
                    if length > args.functions:
                        long_functions.append((length, f"{path.relative_to(root)}:{node.name}"))
        lines, largest = max(sizes)
        print(f"{root}: {len(files)} modules, {sum(n for n, _ in sizes)} lines")
        print(f"  largest module: {largest.relative_to(root)} ({lines} lines)")
        print(f"  modules over {args.modules} lines: {[f'{p.relative_to(root)} ({n})' for n, p in big]}")
        print(f"  functions over {args.functions} lines: {sorted(long_functions, reverse=True)}")


if __name__ == "__main__":
    main()
