# Trygg: every set-up step lives here. `make run` and `make test` work on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
VENDOR := static/vendor

.PHONY: run serve test install assets env migrate seed lint format messages bench prodcheck multinode loadtest clean

$(STAMP): pyproject.toml requirements.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

# Makefile is a prerequisite so a changed copy list re-copies on machines that copied before.
$(VENDOR)/.copied: $(NPM_STAMP) Makefile
	mkdir -p $(VENDOR)/designsystemet $(VENDOR)/htmx $(VENDOR)/chartjs
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css $(VENDOR)/designsystemet/index.css
	cp node_modules/@digdir/designsystemet-css/dist/theme/designsystemet.css $(VENDOR)/designsystemet/theme.css
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/htmx.min.js
	cp node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/chartjs/chart.umd.min.js
	# The minified file names its source map; collectstatic's manifest needs the map to exist.
	cp node_modules/chart.js/dist/chart.umd.min.js.map $(VENDOR)/chartjs/chart.umd.min.js.map
	touch $(VENDOR)/.copied

install: $(STAMP) assets env

assets: $(VENDOR)/.copied

# Writes var/.env with fresh keys when it is missing; an existing file keeps its values and
# only gains the secrets a later version added (trygg/core/envfile.py).
env: $(STAMP)
	$(BIN)/python -m trygg.core.envfile var/.env

messages: install
	$(BIN)/python manage.py makemessages --locale sv --ignore '.venv/*' --ignore 'node_modules/*' --no-obsolete --add-location file
	$(BIN)/python manage.py compilemessages --ignore .venv --ignore node_modules -v 0

migrate: install
	$(BIN)/python manage.py compilemessages --ignore .venv --ignore node_modules -v 0
	$(BIN)/python manage.py migrate --no-input -v 0

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed
	@if [ -z "$$DATABASE_URL" ] && ! grep -q '^DATABASE_URL=' var/.env 2>/dev/null; then \
	  echo "Note: SQLite (var/trygg.sqlite3) is for trying Trygg, not for real data."; \
	  echo "      Production runs on PostgreSQL: see Production in README.md."; fi
	PORT=$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Trygg as in production: DEBUG off (only DJANGO_DEBUG=true in the environment turns it on,
# not var/.env's development setting), static files collected and served by WhiteNoise,
# gunicorn with config/gunicorn.conf.py. Over plain http on this machine:
# TRYGG_HTTPS=false make serve.
serve: install
	$(BIN)/python manage.py compilemessages --ignore .venv --ignore node_modules -v 0
	DJANGO_DEBUG=$${DJANGO_DEBUG:-false} $(BIN)/python manage.py collectstatic --no-input -v 0
	DJANGO_DEBUG=$${DJANGO_DEBUG:-false} $(BIN)/python manage.py migrate --no-input -v 0
	DJANGO_DEBUG=$${DJANGO_DEBUG:-false} $(BIN)/gunicorn -c config/gunicorn.conf.py config.wsgi

test: install
	$(BIN)/python manage.py compilemessages --ignore .venv --ignore node_modules -v 0
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run -v 0
	$(BIN)/pytest -n auto --dist loadgroup -q --durations=15 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# `make bench DATABASE=postgres` measures on the local PostgreSQL (database trygg_bench, made if
# missing, emptied on every run) instead of var/bench.sqlite3; BENCH_DATABASE_URL names another.
BENCH_PG := postgres://postgres@127.0.0.1:5432/trygg_bench
bench: install
	$(BIN)/python manage.py compilemessages --ignore .venv --ignore node_modules -v 0
	@if [ "$(DATABASE)" = "postgres" ] && [ -z "$$BENCH_DATABASE_URL" ]; then \
	  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'trygg_bench'" | grep -q 1 \
	    || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE trygg_bench"; \
	  BENCH_DATABASE_URL=$(BENCH_PG) $(BIN)/python -m tests.bench; \
	else $(BIN)/python -m tests.bench; fi

# The README's production install: collectstatic, gunicorn with DEBUG off, a signed-in page.
prodcheck: install
	$(BIN)/python -m tests.production_smoke

# Trygg under load (tests/loadtest/run.py): gunicorn on PostgreSQL (DATABASE_URL, a database of
# its own), locust headless on loopback, about 8 minutes; LOADTEST_DATA=scale for the scale data.
loadtest: install
	$(BIN)/pip install --quiet -c requirements.lock -e '.[load]'
	$(BIN)/python manage.py compilemessages --ignore .venv --ignore node_modules -v 0
	$(BIN)/python -m tests.loadtest.run

# Two app nodes and two task workers on one PostgreSQL (DATABASE_URL, a database of its own):
# shared files, sessions and decisions, a daily job run once, and faults mid-decision.
multinode: install
	$(BIN)/python manage.py compilemessages --ignore .venv --ignore node_modules -v 0
	$(BIN)/python -m tests.multinode

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles
