# Design Agent backend — the two commands a newcomer needs:
#   make dev    install everything and run the whole platform locally (foreground)
#   make test   install everything and run ruff, mypy, unit, integration and infra tests
#   make test-localstack   the integration suite again, on LocalStack (started here, no Docker)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SDK := clients/python
TS := clients/typescript
TS_STAMP := $(TS)/node_modules/.installed-stamp
WEB := web
WEB_STAMP := $(WEB)/node_modules/.installed-stamp
WEB_DIST := $(WEB)/dist/index.html
# the browser tests drive this Chromium (tests/browser; Debian's package, installed by `make chromium`)
CHROMIUM ?= /usr/bin/chromium
SWAGGER_UI := functions/gateway/swagger_ui
SWAGGER_STAMP := $(SWAGGER_UI)/node_modules/.installed-stamp
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
export PYTHONDONTWRITEBYTECODE := 1
# as in Lambda, where the shared layer is /opt/python and the function code /var/task
export PYTHONPATH := $(CURDIR)/layers/shared/python:$(CURDIR)

# LocalStack (host mode) runs on Python 3.13, in its own venv: never in the project's
LOCALSTACK_VENV := .venv-localstack
LOCALSTACK_PYTHON ?= $(or $(lastword $(sort $(wildcard $(HOME)/.pyenv/versions/3.13.*/bin/python3))),$(shell command -v python3.13))
LOCALSTACK_STAMP := $(LOCALSTACK_VENV)/.installed-stamp

# where `make dev` keeps its data across restarts (git-ignored; `make reset` deletes it)
LOCAL_DATA := .local-data

.PHONY: dev reset worker demo test test-localstack venv lint typecheck typescript unit integration infra synth bench openapi \
	soak-memory load soak capacity \
	clean check fuzz console chromium browser

# the backend with its tools, then the SDK and its `design-agent` command (editable: clients/python as it is)
$(STAMP): pyproject.toml $(SDK)/pyproject.toml
	@echo "==> Python packages into $(VENV) (about a minute the first time; later runs skip this)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	set -o pipefail; $(BIN)/python -m pip install -e '.[dev]' | { grep -v '^Requirement already satisfied' || true; }
	$(BIN)/python -m pip install --quiet -e $(SDK)
	@touch $(STAMP)

# Swagger UI's script and styles for GET /api/docs (served by the platform itself: no CDN), from npm's lock file
$(SWAGGER_STAMP): $(SWAGGER_UI)/package.json $(SWAGGER_UI)/package-lock.json
	@command -v npm >/dev/null || { echo "Swagger UI's assets come from npm: install Node.js 20+ (apt-get install nodejs npm)"; exit 1; }
	@echo "==> Swagger UI's assets from npm"
	cd $(SWAGGER_UI) && npm ci --no-audit --no-fund --loglevel=error
	@touch $(SWAGGER_STAMP)

venv: $(STAMP) $(SWAGGER_STAMP)

$(LOCALSTACK_STAMP): scripts/localstack-requirements.txt
	@test -n "$(LOCALSTACK_PYTHON)" || { echo "LocalStack needs Python 3.13: make test-localstack LOCALSTACK_PYTHON=/path/to/python3.13"; exit 1; }
	@test -x $(LOCALSTACK_VENV)/bin/python || $(LOCALSTACK_PYTHON) -m venv $(LOCALSTACK_VENV)
	PYTHONPATH= $(LOCALSTACK_VENV)/bin/python -m pip install --quiet --upgrade pip
	@# PYTHONPATH (the project, exported above) would show pip the project's own metadata and its pins
	PYTHONPATH= $(LOCALSTACK_VENV)/bin/python -m pip install --quiet -r scripts/localstack-requirements.txt
	@touch $@

# the TypeScript client's tools (openapi-typescript, tsc) from its lock file, with the machine's npm
$(TS_STAMP): $(TS)/package.json $(TS)/package-lock.json
	cd $(TS) && npm ci --no-audit --no-fund --loglevel=error
	@touch $(TS_STAMP)

# its types are in step with the OpenAPI document, and the client type-checks (tsc --noEmit)
typescript: $(TS_STAMP)
	cd $(TS) && npm run --silent check

# the web console (Vite + TypeScript, over the TypeScript client's source) from its lock file: built when missing
# or older than its sources; the local platform serves web/dist at /console/
$(WEB_STAMP): $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error
	@touch $(WEB_STAMP)

$(WEB_DIST): $(WEB_STAMP) $(WEB)/index.html $(WEB)/vite.config.ts $(WEB)/tsconfig.json \
		$(shell find $(WEB)/src $(TS)/src -type f 2>/dev/null)
	cd $(WEB) && npm run --silent build

console: $(WEB_DIST)

# Chromium for the browser tests: Debian's package where apt-get exists; anywhere else, a clear failure (the tests
# never skip): install a Chromium yourself and run with CHROMIUM=/path/to/chromium
chromium:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; \
	elif [ "$(CHROMIUM)" = /usr/bin/chromium ] && command -v apt-get >/dev/null; then \
		echo "installing Chromium for the browser tests (apt-get install chromium)"; \
		$$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y --no-install-recommends chromium \
			|| { $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update && \
			     $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y --no-install-recommends chromium; }; \
	else \
		echo "No Chromium at $(CHROMIUM): the browser tests need one (make installs Debian's chromium package" >&2; \
		echo "with apt-get only for the default /usr/bin/chromium). Install Chromium or Chrome and run:" >&2; \
		echo "  make test CHROMIUM=/path/to/chromium" >&2; exit 1; \
	fi

# more flags of `python -m local_platform`: make dev DEV_ARGS="--json-logs --workers 2"
dev: venv console
	$(BIN)/python -m local_platform --data-dir $(LOCAL_DATA) $(DEV_ARGS)

# start clean: forget every account, poster, file and task `make dev` kept
reset:
	rm -rf $(LOCAL_DATA)

# the README's walk-through, top to bottom, against the platform `make dev` runs (curl and jq)
demo: venv
	DATA=$(LOCAL_DATA) PYTHON=$(BIN)/python bash scripts/demo.sh

# another reference worker for the platform `make dev` runs (its address and credentials are in $(LOCAL_DATA))
worker: venv
	$(BIN)/python -m worker --local-data $(LOCAL_DATA)

check: venv
	$(BIN)/python -m local_platform --check

lint: venv
	$(BIN)/ruff check .

typecheck: venv
	$(BIN)/mypy functions layers/shared/python local_platform infra bench scripts worker load $(SDK)/design_agent_sdk

unit: venv
	$(BIN)/python -m pytest tests/unit -q

integration: venv
	$(BIN)/python -m pytest tests/integration -q

# the console content stack deploys web/dist: synthesis needs the build
infra: venv console
	$(BIN)/python -m pytest tests/infra -q

browser: venv console chromium
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest tests/browser -q

test: venv lint typecheck typescript console chromium
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest tests -q

test-localstack: venv $(LOCALSTACK_STAMP)
	$(BIN)/python -m scripts.test_localstack --localstack-python $(LOCALSTACK_VENV)/bin/python

synth: venv console
	$(BIN)/python -m infra.cdk.app

bench: venv
	$(BIN)/python -m bench

# every Schemathesis phase (examples, coverage, fuzzing, stateful), 60 cases per operation, against a platform of its
# own; reports the resident memory of the platform and of each function's worker process (build/fuzz-memory.json)
fuzz: venv
	FUZZ_EXAMPLES=60 FUZZ_PHASES=all $(BIN)/python -m pytest tests/integration/test_api_contract.py -q \
		-o timeout=7200

# simulated users against a platform of its own for LOAD_DURATION_S (120), then the invariants; CHAOS=1 injects faults
# (report: build/load/report.html, summary: build/load/summary.json)
load: venv
	CHAOS=$(CHAOS) LOAD_DURATION_S=$(or $(LOAD_DURATION_S),120) LOAD_USERS=$(or $(LOAD_USERS),8) $(BIN)/python -m load

# a steady load for SOAK_DURATION_S (1800): the platform's memory and the API's latency late against early
soak: venv
	$(BIN)/python -m load --soak --duration $(or $(SOAK_DURATION_S),1800) --users 4 --workers 2

# docs/capacity.md from the measured request counts, the usage profile and load/aws_prices.py
capacity: venv
	$(BIN)/python -m load.capacity

# the memory soak of make test at 10,000 requests (~40 min on 2 cores): figures in build/soak-memory.json
soak-memory: venv
	SOAK_ROUNDS=$(or $(SOAK_ROUNDS),100) $(BIN)/python -m pytest tests/integration/test_memory.py -q

# the OpenAPI document from the code, then the typed clients from the document
openapi: venv $(TS_STAMP)
	$(BIN)/python -m local_platform.openapi > functions/gateway/openapi.json
	$(BIN)/python -m scripts.generate_clients
	cd $(TS) && npm run --silent generate

clean:
	rm -rf $(VENV) $(LOCALSTACK_VENV) cdk.out build .pytest_cache .mypy_cache .ruff_cache $(TS)/node_modules $(WEB)/node_modules $(WEB)/dist
