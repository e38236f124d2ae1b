"""Entry of an isolated parse worker: `python -m disclosure_parse.worker FD MEMORY_MB` (isolation.py).

It imports the parser before it takes its first document, so documents start warm, then serves
calls on the socket it inherited as FD until the parent closes it.
"""

from __future__ import annotations

import importlib
import sys
from multiprocessing.connection import Connection

from disclosure_parse.isolation import PRELOAD, serve
from disclosure_shared import pattern_cache


def main(argv: list[str]) -> None:
    fd, memory_mb = int(argv[1]), int(argv[2])
    pattern_cache.install()
    for module in PRELOAD:
        importlib.import_module(module)
    serve(Connection(fd), memory_mb)


if __name__ == "__main__":
    main(sys.argv)
