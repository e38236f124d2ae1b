#!/usr/bin/env bash
# The workspace's own sources are installed editable, outside site-packages, so `uv sync
# --compile-bytecode` does not compile them: compile them here (bootstrap.sh, and the benchmarks
# before they time anything), so that every process starts from .pyc files, also where
# PYTHONDONTWRITEBYTECODE keeps Python from writing them itself.
set -euo pipefail
cd "$(dirname "$0")/.."
uv run --no-sync python -m compileall -q -j 0 shared/src services/*/src cli/src >/dev/null
# The patterns `disclosures process` compiles, compiled once here too
# (shared/src/disclosure_shared/pattern_cache.py): those of its start-up (the command line, the parser
# and the validator), then those built at run time, recorded over the bundled sample.
uv run --no-sync python -m disclosure_shared.pattern_cache disclosure_cli.main disclosure_cli.process_command \
    disclosure_parse.extraction disclosure_parse.structure.parsing disclosure_parse.payload \
    disclosure_validate.validation -- disclosure_cli.embedded:process_here \
    samples/qiaokou-bigdata-2023-final-accounts.pdf >/dev/null
