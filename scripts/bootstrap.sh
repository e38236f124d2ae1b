#!/usr/bin/env bash
# Install what the project needs to run and test, idempotently: uv, the locked workspace, and the
# few Debian packages the tests need (scripts/system-packages.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v uv >/dev/null 2>&1; then
  echo "bootstrap: installing uv from PyPI" >&2
  python3 -m pip install --quiet --disable-pip-version-check "uv>=0.5" >&2
fi
# --locked: fail if uv.lock is stale rather than silently resolving something else.
# --compile-bytecode: every process (the CLI, each service, each parse worker) starts from .pyc
# files, also where PYTHONDONTWRITEBYTECODE keeps Python from writing them itself.
uv sync --locked --all-packages --compile-bytecode --quiet >&2
scripts/compile-sources.sh
scripts/system-packages.sh
