# Design Agent backend — the two commands a newcomer needs:
#   make dev    install everything and run the whole platform locally (foreground)
#   make test   install everything and run ruff, mypy, unit, integration and infra tests
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
export PYTHONDONTWRITEBYTECODE := 1
# as in Lambda, where the shared layer is /opt/python and the function code /var/task
export PYTHONPATH := $(CURDIR)/layers/shared/python:$(CURDIR)

.PHONY: dev test venv lint typecheck unit integration infra synth bench openapi clean check

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

dev: venv
	$(BIN)/python -m local_platform

check: venv
	$(BIN)/python -m local_platform --check

lint: venv
	$(BIN)/ruff check .

typecheck: venv
	$(BIN)/mypy functions layers/shared/python local_platform infra bench scripts worker

unit: venv
	$(BIN)/python -m pytest tests/unit -q

integration: venv
	$(BIN)/python -m pytest tests/integration -q

infra: venv
	$(BIN)/python -m pytest tests/infra -q

test: venv lint typecheck
	$(BIN)/python -m pytest tests -q

synth: venv
	$(BIN)/python -m infra.cdk.app

bench: venv
	$(BIN)/python -m bench

openapi: venv
	$(BIN)/python -m local_platform.openapi > functions/gateway/openapi.json

clean:
	rm -rf $(VENV) cdk.out .pytest_cache .mypy_cache .ruff_cache
