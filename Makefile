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

.PHONY: install run test lint migrate migration check-migrations worker scheduler clean error-table os-packages bench-files

install: $(VENV)/.installed

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	$(PY) -m ipykernel install --prefix $(VENV) --name python3 >/dev/null
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
	$(VENV)/bin/ruff check connecto tests simulation loadtests benchmarks
	$(VENV)/bin/ruff format --check connecto tests simulation loadtests benchmarks

migrate: install
	$(PY) -m connecto migrate

# Generate a migration from model changes: make migration name=add_planets
migration: install
	$(VENV)/bin/aerich migrate --name $(name)

check-migrations: install
	$(PY) -m connecto check-migrations

worker: install
	$(VENV)/bin/taskiq worker connecto.jobs.broker:broker connecto.jobs.tasks

scheduler: install
	$(VENV)/bin/taskiq scheduler connecto.jobs.broker:scheduler connecto.jobs.tasks

clean:
	rm -rf $(VENV) $(TOOLS)

# Upload 10 MB and 500 MB through the presigned flow (embedded S3) and time image processing;
# writes the "Files" section of docs/benchmarks.md.
bench-files: install os-packages
	$(PY) -m benchmarks.files

# Rewrite the README's error table from connecto/errors.py (a test checks they agree).
error-table: install
	$(PY) -c "import re, pathlib; from connecto.errors import markdown_table; p = pathlib.Path('README.md'); s = p.read_text(); start = s.index('| code | HTTP | meaning |'); end = s.index('\n\n', start); p.write_text(s[:start] + markdown_table() + s[end:])"
