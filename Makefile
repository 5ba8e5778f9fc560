# Vitrine: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test install lint schema docs migrations bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Vitrine needs Python 3.11 or newer (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	@touch $(STAMP)

install: $(STAMP)

## Serve the demo on http://127.0.0.1:8000 (SQLite in var/, demo data loaded once).
run: install
	$(BIN)/vitrine serve --demo

## Lint and type-check, then every test, spread over TEST_WORKERS processes (pytest-xdist;
## default: one per CPU; TEST_WORKERS=0 runs in one process). DATABASE_URL=postgres://.../test
## runs the suite on PostgreSQL, each worker in a database of its own (test_gw0, test_gw1, ...;
## made if missing).
TEST_WORKERS ?= auto
test: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

## ruff and mypy (graphql_api, schema, resolvers; settings in pyproject.toml [tool.mypy]).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check graphql_api schema resolvers tests
	$(BIN)/mypy

## Catalog benchmark on SQLite and PostgreSQL (127.0.0.1:5432, its own database vitrine_bench),
## writes BENCHMARKS.md. Reuses the loaded data; BENCH_ARGS="--reload" loads afresh,
## BENCH_ARGS="--engine sqlite" runs one engine (see python -m bench.catalog --help).
## Then placeOrder with a 20-line cart (database vitrine_bench_orders), its own section of
## BENCHMARKS.md; ORDERS_BENCH_ARGS for it (see python -m bench.orders --help).
## Then the same page from the response cache and the hit rate of ten buyers (its own database
## vitrine_bench_cache); CACHE_BENCH_ARGS for it (see python -m bench.catalog_cache --help).
## Then the customer import, 10,000 rows on both engines (database vitrine_bench_imports), its
## section of BENCHMARKS.md; IMPORT_BENCH_ARGS="--rows 10000 --rows 100000" adds the large file
## (about ten times as long; see python -m bench.import_customers --help).
## Then the reports over 100,000 order lines (database vitrine_bench_reports), section
## "Reports"; REPORTS_BENCH_ARGS for it (see python -m bench.reports --help). Then the
## storefront's catalog page in each theme on the catalog data set (STOREFRONT_BENCH_ARGS; see
## python -m bench.storefront --help), its own section too.
IMPORT_BENCH_ARGS ?= --rows 10000
bench: install
	$(BIN)/python -m bench.catalog $(BENCH_ARGS)
	$(BIN)/python -m bench.orders $(ORDERS_BENCH_ARGS)
	$(BIN)/python -m bench.catalog_cache $(CACHE_BENCH_ARGS)
	$(BIN)/python -m bench.import_customers $(IMPORT_BENCH_ARGS)
	$(BIN)/python -m bench.reports $(REPORTS_BENCH_ARGS)
	$(BIN)/python -m bench.storefront $(STOREFRONT_BENCH_ARGS)

## Re-export schema.graphql after changing the GraphQL types.
schema: install
	$(BIN)/vitrine export-schema

## Rewrite README.md's generated tables (import columns) from their source.
docs: install
	$(BIN)/python -m tools.write_docs

## Write a migration for model changes: make migrations NAME=add_something
migrations: install
	$(BIN)/tortoise -c graphql_api.db.MIGRATIONS_CONFIG makemigrations $(if $(NAME),-n $(NAME))

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
