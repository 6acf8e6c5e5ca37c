# Kepu: `make demo` to try it, `make test` to test it. Both start from a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
DEMO_ADDR ?= 127.0.0.1:8000
# pytest-xdist workers; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2

.PHONY: install demo serve test test-postgres lint check clean

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(DEMO_ADDR)

serve: install
	$(PY) manage.py runserver $(DEMO_ADDR)

test: install
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-postgres: install
	tools/with-postgres $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

check: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

clean:
	rm -rf $(VENV) db.sqlite3 static_collected .pytest_cache .ruff_cache

.PHONY: test-opensearch
# The search suite (relevance, facets, filters, suggestions, bad input, index upkeep)
# against a throwaway OpenSearch 2.19 node; each worker has its own index.
test-opensearch: install
	tools/with-opensearch $(PY) -m pytest -n $(TEST_WORKERS) tests/search $(PYTEST_ARGS)

.PHONY: test-elasticsearch
# The same search suite against a throwaway Elasticsearch 8.19 node (elasticsearch-py client).
test-elasticsearch: install
	tools/with-elasticsearch $(PY) -m pytest -n $(TEST_WORKERS) tests/search $(PYTEST_ARGS)

.PHONY: test-deploy
# gunicorn behind the caching nginx of deploy/ (tests/deploy) and the page cache on Redis;
# both are part of `make test` too.
test-deploy: install
	$(PY) -m pytest -n0 tests/deploy tests/core/test_page_cache.py $(PYTEST_ARGS)
