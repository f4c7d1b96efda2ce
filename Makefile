# Two commands for a fresh machine with only python3 and make: `make run`, `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install data lint typecheck bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Build data (official sources, or the labelled demo dataset when offline) and start the dashboard.
# A failed source must not stop the dashboard: the last good data (or DEMO DATA) keeps serving,
# and the Data quality page says what failed. Hence the leading '-'.
run: $(STAMP)
	-$(BIN)/python -m etl run --fallback-demo $(ETL_ARGS)
	$(BIN)/python -m streamlit run streamlit_app.py --server.headless true $(STREAMLIT_ARGS)

data: $(STAMP)
	$(BIN)/python -m etl run --fallback-demo $(ETL_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy core indicators store etl dashboard streamlit_app.py

## Lint, type-check and run the whole test suite.
test: lint typecheck
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_rpw.py
	$(BIN)/python benchmarks/bench_pages.py
	$(BIN)/python benchmarks/bench_upload.py
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_import.py

clean:
	rm -rf $(VENV) data/clean/* .pytest_cache .mypy_cache .ruff_cache
