"""The inputs the corpus benchmarks share: the corpus PDFs and, with --seeds, the seed texts of the
shared reference folder beside the repository (../shared), narrowed with --only.

    parser = argparse.ArgumentParser(...)
    add_input_arguments(parser)
    paths = input_paths(parser.parse_args())
"""

from __future__ import annotations

import argparse
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--only", default="", help="only inputs whose path contains this")
    parser.add_argument("--seeds", action="store_true", help="also the seed texts")


def input_paths(args: argparse.Namespace) -> list[Path]:
    """The corpus PDFs (sorted), then the seed texts if asked; exits when nothing is left."""
    paths = sorted(args.corpus.rglob("*.pdf"))
    if args.seeds:
        paths += sorted((SHARED / "seeds").glob("*.txt"))
    paths = [p for p in paths if args.only in str(p)]
    if not paths:
        raise SystemExit(f"no inputs under {args.corpus}" + (f" matching {args.only!r}" if args.only else ""))
    return paths
