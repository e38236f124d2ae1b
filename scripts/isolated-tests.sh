#!/usr/bin/env bash
# Each workspace member's tests in an environment holding only that member, its declared
# dependencies and its own `dev` group (`uv sync --package`): a module that imports a package its
# member does not declare fails here, where the whole-workspace .venv would hide it.
#
# Integration and corpus tests are deselected (the full suite runs them with every package); they
# are still collected, so their imports are checked too. The environments live in .venv-isolated/
# and are linked from uv's cache, so a rerun costs seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

# package=tests directory
MEMBERS=(
  "disclosure-shared=shared/tests"
  "disclosure-crawl=services/crawl/tests"
  "disclosure-api=services/api/tests"
  "disclosure-ingest=services/ingest/tests"
  "disclosure-parse=services/parse/tests"
  "disclosure-validate=services/validate/tests"
  "disclosure-store=services/store/tests"
  "disclosure-cli=cli/tests"
)
only="${1:-}"

for member in "${MEMBERS[@]}"; do
  package="${member%%=*}"
  tests="${member#*=}"
  if [ -n "$only" ] && [ "$only" != "$package" ]; then
    continue
  fi
  started=$SECONDS
  environment="$PWD/.venv-isolated/$package"
  UV_PROJECT_ENVIRONMENT="$environment" uv sync --locked --package "$package" --quiet
  status=0
  env -u VIRTUAL_ENV "$environment/bin/python" -m pytest "$tests" -q -p no:cacheprovider \
    -m "not integration and not corpus" || status=$?
  if [ "$status" -eq 5 ]; then
    echo "isolated: $package has only integration/corpus tests; they were collected (imports checked)"
  elif [ "$status" -ne 0 ]; then
    echo "isolated: the tests of $package fail with only its declared dependencies" >&2
    exit "$status"
  fi
  echo "isolated: $package passed with only its declared dependencies ($((SECONDS - started)) s)"
done
