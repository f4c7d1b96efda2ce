# Two commands for a fresh machine with only python3 and make: `make run`, `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install compile lock data lint typecheck bench clean

# Pinned versions from requirements.lock, installed by uv (from PyPI, about 10x faster than pip);
# pip installs the same pins when uv cannot be had. UV_NATIVE_TLS: use the system's certificates.
# Bytecode is compiled once here (pip does it by default, uv on --compile-bytecode): where
# PYTHONDONTWRITEBYTECODE is set, as on our CI machines, every process would otherwise compile
# streamlit, polars and altair from source again (about 1.2 s of the first page after a start).
$(STAMP): pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv || true
	if [ -x $(BIN)/uv ] && UV_NATIVE_TLS=1 $(BIN)/uv pip install --python $(BIN)/python --quiet \
	    --compile-bytecode -r requirements.lock -e '.[dev]'; then :; else \
	  $(BIN)/python -m pip install --quiet --upgrade pip && \
	  $(BIN)/python -m pip install --quiet -r requirements.lock -e '.[dev]'; fi
	touch $(STAMP)

# The project's own modules too (seconds; a stale file is recompiled in memory, never wrong).
compile: $(STAMP)
	$(BIN)/python -m compileall -q -j0 core indicators store etl dashboard streamlit_app.py

install: $(STAMP)

## Re-pin requirements.lock to what the current environment runs (after changing pyproject.toml).
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	{ echo "# Pinned versions the test suite passed with (reproducible installs for ministries' IT)."; \
	  echo '# Regenerate after changing pyproject.toml: make lock'; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v '^uv=='; } > requirements.lock

## Build data (official sources, or the labelled demo dataset when offline) and start the dashboard.
# A failed source must not stop the dashboard: the last good data (or DEMO DATA) keeps serving,
# and the Data quality page says what failed. Hence the leading '-'.
run: $(STAMP) compile
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
test: lint typecheck compile
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP) compile
	$(BIN)/python benchmarks/bench_rpw.py
	$(BIN)/python benchmarks/bench_pages.py
	$(BIN)/python benchmarks/bench_upload.py
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_browser.py
	$(BIN)/python benchmarks/bench_load.py

clean:
	rm -rf $(VENV) data/clean/* .pytest_cache .mypy_cache .ruff_cache
