# Connecto: `make run` to serve, `make test` to verify. Everything installs itself first.
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install install-bench run test lint migrate migration check-migrations worker scheduler clean \
	error-table simulate loadtest bench notebooks os-packages bench-files

install: $(VENV)/.installed

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	$(PY) -m ipykernel install --prefix $(VENV) --name python3 >/dev/null
	touch $@

# Locust, JupyterLab and their friends: only the targets below need them, not `make test`.
install-bench: $(VENV)/.installed-bench

$(VENV)/.installed-bench: $(VENV)/.installed
	$(UV) sync --frozen --all-groups
	@command -v wrk >/dev/null && command -v pgbench >/dev/null && command -v redis-benchmark >/dev/null \
		|| (apt-get update -qq && apt-get install -y -qq wrk postgresql-client redis-tools redis-server)
	touch $@

run: install
	$(PY) -m connecto run

# What the file tests need from the OS: a real ClamAV daemon and ffmpeg (installed once).
os-packages:
	@if ! { command -v clamd || test -x /usr/sbin/clamd; } >/dev/null 2>&1 \
		|| ! command -v ffprobe >/dev/null 2>&1; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y clamav-daemon ffmpeg; \
	fi

test: install os-packages
	$(PY) -m connecto check-migrations
	$(PY) -m pytest tests
	$(PY) -m pytest --nbval notebooks/ --nbval-sanitize-with notebooks/sanitize.cfg

lint: install
	$(VENV)/bin/ruff check connecto tests simulation loadtests benchmarks notebooks/*.py
	$(VENV)/bin/ruff format --check connecto tests simulation loadtests benchmarks notebooks/*.py

migrate: install
	$(PY) -m connecto migrate

# Generate a migration from model changes: make migration name=add_planets
migration: install
	$(VENV)/bin/aerich migrate --name $(name)

check-migrations: install
	$(PY) -m connecto check-migrations

# One taskiq worker process per priority queue (see connecto/jobs/worker.py).
worker: install
	$(PY) -m connecto worker

# Exactly one per deployment: periodic jobs and due retries.
scheduler: install
	$(PY) -m connecto scheduler

clean:
	rm -rf $(VENV) $(TOOLS)

# Upload 10 MB and 500 MB through the presigned flow (embedded S3) and time image processing;
# writes the "Files" section of docs/benchmarks.md.
bench-files: install os-packages
	$(PY) -m benchmarks.files

# Rewrite the README's error table from connecto/errors.py (a test checks they agree).
error-table: install
	$(PY) -c "import re, pathlib; from connecto.errors import markdown_table; p = pathlib.Path('README.md'); s = p.read_text(); start = s.index('| code | HTTP | meaning |'); end = s.index('\n\n', start); p.write_text(s[:start] + markdown_table() + s[end:])"

# A synthetic population chatting against a production-shape stack it starts (or URL=...),
# with the correctness check and a report under results/: make simulate USERS=200 DURATION=2m
USERS ?= 100
DURATION ?= 60s
SEED ?= 1
simulate: install
	$(PY) -m simulation --users $(USERS) --duration $(DURATION) --seed $(SEED) $(if $(URL),--url $(URL))

# Locust, headless, against URL (default: a production-shape stack it starts itself);
# Locust's CSV and HTML report land in results/loadtest-<time>/.
SPAWN ?= 20
loadtest: install-bench
	$(PY) -m loadtests.run --users $(USERS) --spawn-rate $(SPAWN) --duration $(DURATION) $(if $(URL),--url $(URL))

# The standard scenarios next to this machine's ceilings -> docs/benchmarks.md (+ .json).
# QUICK=1: shorter runs and smaller scenarios; SYNAPSE=1: also Matrix Synapse for comparison.
bench: install-bench
	$(PY) -m loadtests.bench $(if $(QUICK),--quick) $(if $(SYNAPSE),--synapse) $(if $(ONLY),--only $(ONLY))

# JupyterLab on notebooks/ with the project's kernel, next to a server the notebooks talk to
# (a running one at CONNECTO_URL, else `make run`'s embedded server started here).
notebooks: install-bench
	$(PY) notebooks/lab.py
