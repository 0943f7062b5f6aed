# Two commands: `make demo` runs the portal with a demo council; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEMO_FILE := protocol_portal/council/demo/harbourside.yaml
DEMO_PASSWORD ?= demo-portal-2026
DEMO_PORT ?= 8000
export DJANGO_DEBUG ?= true

.PHONY: demo test install assets bench soak clean-demo

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed; this is " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

install: $(VENV)/.installed

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_council $(DEMO_FILE) --demo-password $(DEMO_PASSWORD)
	$(PY) manage.py seed_demo_activity
	$(PY) manage.py rundemo --port $(DEMO_PORT) --password $(DEMO_PASSWORD)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Rebuild GOV.UK Frontend (needs Node.js and npm; the built files are committed).
assets:
	npm ci --no-audit --no-fund
	npm run build

# Every benchmark on PostgreSQL, one table of ratios against their goals (docs/performance.md).
# BENCH_ARGS=--quick for a smoke run; BENCH_DATABASE_URL names another server.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
bench: install
	$(PY) benchmarks/run_all.py --database-url $(BENCH_DATABASE_URL) $(BENCH_ARGS)

# 100 users submitting and answering enquiries for 2 minutes against gunicorn, PostgreSQL and a real
# Celery worker on Redis, the sweep escalating as they work: zero errors, nothing lost or done twice
# (issue 9, docs/security.md). SOAK_ARGS=--quick for 20 users and 20 seconds.
soak: install
	$(PY) benchmarks/soak.py --database-url $(BENCH_DATABASE_URL) $(SOAK_ARGS)

clean-demo:
	rm -rf var/portal.sqlite3 var/celery var/celerybeat-schedule*
