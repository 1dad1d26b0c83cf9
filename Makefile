# One command per chore, the same locally and in CI. `make run` and `make test` set up everything
# they need on a fresh Debian machine: a virtualenv with the pinned requirements, Debian's
# chromium (PNG/SVG export, browser tests) and the pinned npm packages (axe-core audit).
SHELL := /bin/bash
PY := .venv/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup browser pdftools haproxy node run serve test test-fast lint validate coverage schema bench

.venv/installed: requirements.txt requirements-dev.txt
	python3 -m venv .venv
	.venv/bin/pip install --quiet --upgrade pip
	.venv/bin/pip install --quiet -r requirements-dev.txt
	touch $@

browser:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# pdftotext/pdffonts (tests of the briefing PDF) and the font the brief names (chromium embeds it).
pdftools:
	@command -v pdftotext >/dev/null && fc-list | grep -q "DejaVu Sans" || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq poppler-utils fonts-dejavu-core >/dev/null; }
haproxy:
	@command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq haproxy >/dev/null; }

node:
	@if [ -f package-lock.json ]; then npm ci --silent --no-audit --no-fund; fi

setup: .venv/installed browser pdftools haproxy node

run: .venv/installed browser
	.venv/bin/streamlit run dashboard/app.py

# REPLICAS copies of the app on ports PORT+1..PORT+REPLICAS behind HAProxy on PORT, in the foreground
# (Ctrl-C stops all): see README "Serving many readers".
REPLICAS ?= 2
PORT ?= 8080
serve: .venv/installed haproxy
	$(PY) deploy/serve.py --replicas $(REPLICAS) --port $(PORT)

validate: .venv/installed
	$(PY) -m dashboard validate

coverage: .venv/installed
	$(PY) -m dashboard coverage --strict

schema: .venv/installed
	$(PY) -m dashboard schema

lint: .venv/installed
	$(PY) -m ruff check .

test: setup
	$(PY) -m dashboard validate
	$(PY) -m dashboard coverage --strict > /dev/null
	$(PY) -m ruff check .
	$(PY) -m pytest

test-fast: .venv/installed
	$(PY) -m pytest -m "not e2e"

bench: setup
	$(PY) benchmarks/load.py
	$(PY) benchmarks/export.py
