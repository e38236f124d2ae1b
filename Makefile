# Entry points; each target installs what it needs first (scripts/bootstrap.sh is idempotent).
.PHONY: demo test lint bench services-start services-stop

demo:  ## Process the bundled sample disclosure in embedded mode (no servers) into out/
	@scripts/bootstrap.sh
	uv run disclosures process samples/qiaokou-bigdata-2023-final-accounts.pdf --out out/

test:  ## Lint, type-check and run every test (starts Kafka + FerretDB on loopback when needed)
	@scripts/test.sh

lint:  ## Style, types and the import contracts of pyproject.toml ([tool.importlinter])
	@scripts/bootstrap.sh
	uv run ruff check . && uv run ruff format --check . && uv run mypy && uv run lint-imports --no-cache --no-logo

bench:  ## Benchmarks (print figures and ratios)
	@scripts/bootstrap.sh
	uv run python bench/pipeline_bench.py

services-start:  ## Start Kafka + FerretDB on loopback; prints the exports to eval
	@deploy/local/services.sh start

services-stop:
	@deploy/local/services.sh stop
