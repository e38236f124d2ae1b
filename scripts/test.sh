#!/usr/bin/env bash
# The whole test suite: lint, types and import contracts, each member's tests with only its declared
# dependencies (scripts/isolated-tests.sh), then every test level. Integration tests use
# KAFKA_BOOTSTRAP_SERVERS/MONGODB_URI when set, testcontainers when Docker answers, and otherwise
# start a real Kafka broker and FerretDB on loopback through deploy/local/services.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
if [ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
  # Build/download the local services up front so the first test does not wait in silence.
  deploy/local/services.sh install
fi
uv run ruff check .
uv run ruff format --check .
uv run mypy
uv run lint-imports --no-cache --no-logo
if [ "$#" -eq 0 ]; then  # the whole suite; a run narrowed to some tests skips this
  scripts/isolated-tests.sh
fi
uv run pytest "$@"
