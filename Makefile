# Nuanxin: `make run` serves the demo, `make test` runs the whole suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run dev serve test lint lock bench clean

# Front-end packages (Leaflet, ECharts, jsQR) come from npm with a lock; Django serves them
# from node_modules as static files (settings.base.STATICFILES_DIRS).
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

$(BIN)/.main-installed: requirements/main.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/main.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(BIN)/.dev-installed: requirements/dev.txt $(BIN)/.main-installed
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	touch $@

# `make run`: DEBUG off, static files collected and served by whitenoise (as in production).
run: $(BIN)/.main-installed node_modules/.installed
	NUANXIN_DEBUG=0 $(BIN)/nuanxin run $(ADDR)

# `make dev`: DEBUG on (Django's debug pages, static files straight from the source folders).
dev: $(BIN)/.main-installed node_modules/.installed
	NUANXIN_DEBUG=1 $(BIN)/nuanxin run $(ADDR)

# The production profile: gunicorn + the job worker on PostgreSQL and Redis (scripts/serve).
serve: $(BIN)/.main-installed node_modules/.installed
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/serve

test: $(BIN)/.dev-installed node_modules/.installed
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/test

lint: $(BIN)/.dev-installed
	$(BIN)/ruff check src tests bench lint
	$(BIN)/mypy
	PYTHONPATH=$(CURDIR) $(BIN)/lint-imports --no-cache

$(BIN)/.bench-installed: requirements/bench.txt $(BIN)/.dev-installed
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/bench.txt
	touch $@

bench: $(BIN)/.bench-installed node_modules/.installed
	@for b in bench/*; do [ -x "$$b" ] && PATH="$(CURDIR)/$(BIN):$$PATH" "$$b"; done; true

# Re-lock after editing pyproject.toml (needs pip-tools in any Python 3.11).
lock:
	pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o requirements/main.txt pyproject.toml requirements/build.in
	pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --extra dev -o requirements/dev.txt pyproject.toml requirements/build.in
	pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --extra bench -c requirements/main.txt -o requirements/bench.txt pyproject.toml requirements/build.in

clean:
	rm -rf $(VENV) var node_modules
