# Clinic procedure assistant. `make run` to chat, `make test` to check everything.
# Ports and paths live here (and nowhere else); override like `make run RASA_PORT=5006`.

SHELL := /bin/bash
.DEFAULT_GOAL := help

RASA_PORT   ?= 5005
ACTION_PORT ?= 5055
WEB_PORT    ?= 8080
# the stand-in for the clinic's scheduling system in make test
TEST_WEBHOOK_PORT ?= 5057
# the scale-out test: a second Rasa server, and throw-away PostgreSQL and Redis
RASA_PORT_2 ?= 5006
PG_PORT     ?= 5433
REDIS_PORT  ?= 6380
VENV        ?= .venv
SPACY_MODEL ?= .spacy/en_clinic
MODEL       ?= models/current.tar.gz
# the domain: every file of this directory (Rasa merges them)
DOMAIN      := domain

# the pages allowed to use the assistant (REST CORS and socket.io origins: channels/origins.py)
CORS_ORIGIN ?= http://localhost:$(WEB_PORT) http://127.0.0.1:$(WEB_PORT)

export RASA_PORT ACTION_PORT WEB_PORT TEST_WEBHOOK_PORT RASA_PORT_2 PG_PORT REDIS_PORT SPACY_MODEL MODEL CORS_ORIGIN
export ACTION_SERVER_URL ?= http://127.0.0.1:$(ACTION_PORT)/webhook
export TF_CPP_MIN_LOG_LEVEL ?= 3
export PYTHONWARNINGS ?= ignore
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1

PY   := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
WEBCHAT := web/node_modules/rasa-webchat/lib/index.js

# (the red-flag layer is code that runs at prediction time, not a trained input)
TRAINING_INPUTS := config.yml $(shell find $(DOMAIN) data -type f -name '*.yml') $(SPACY_MODEL)/meta.json

.PHONY: help setup browser services train run shell shell-debug test unit lint types bench clean bookings conversations report

help:
	@echo "make run    set up, train if needed, start the assistant (REST and socket.io on :$(RASA_PORT), web page on :$(WEB_PORT))"
	@echo "make shell  chat in the terminal, as patients would (/stop leaves; make shell-debug shows intents)"
	@echo "make test   set up what is missing, then run every check"
	@echo "make train  retrain the model"
	@echo "make unit   the unit tests only: no servers, no root, no model (under a minute)"
	@echo "make lint   ruff (lint and format check); make types: mypy on the core package clinic/"
	@echo "make bench  speed and memory, ours against Rasa's starter bot (about 10 minutes)"
	@echo "make bookings   list booking requests (ARGS=\"handled REF\", retry, \"export FILE.csv\", purge)"
	@echo "make report     what patients asked, as one HTML page (ARGS=\"--from YYYY-MM-DD --to YYYY-MM-DD\")"
	@echo "make conversations ARGS=purge   delete expired conversations (or ARGS=\"delete SENDER_ID\")"

setup: $(VENV)/.installed $(SPACY_MODEL)/meta.json $(WEBCHAT)

$(WEBCHAT): web/package.json web/package-lock.json
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# Chromium from Debian's packages, for the browser test (no browser download).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# PostgreSQL and Redis from Debian's packages, for the scale-out test.
services:
	@{ ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null; } || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server; }

$(VENV)/.installed: requirements.txt scripts/find_python.sh
	@python=$$(scripts/find_python.sh) && echo "Using $$python" && \
	  { [ -x $(PY) ] || $$python -m venv $(VENV); }
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(SPACY_MODEL)/meta.json: $(VENV)/.installed scripts/build_spacy_pipeline.py $(wildcard data/procedures/*.yml)
	$(PY) scripts/build_spacy_pipeline.py $(SPACY_MODEL)

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	$(PY) scripts/run_rasa.py train --domain $(DOMAIN) --fixed-model-name $(basename $(basename $(notdir $(MODEL)))) --out $(dir $(MODEL))
	@touch $@

train: setup
	@rm -f $(MODEL)
	@$(MAKE) --no-print-directory $(MODEL)

run: setup $(MODEL)
	scripts/serve.sh run

shell: setup $(MODEL)
	scripts/serve.sh shell $(ARGS)

shell-debug: setup $(MODEL)
	scripts/serve.sh shell --debug $(ARGS)

test: setup browser services $(MODEL)
	scripts/test.sh

# The fast loop for a small change: no servers, no apt, no trained model needed.
unit: $(VENV)/.installed $(SPACY_MODEL)/meta.json
	$(PY) -m pytest tests/unit -q -p no:cacheprovider

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: $(VENV)/.installed
	$(VENV)/bin/mypy

# Figures, not a pass/fail test: see bench/bench.py. BENCH_ARGS=--no-train reuses $(MODEL).
bench: setup
	$(PY) bench/bench.py --model $(MODEL) --markdown results/bench/table.md $(BENCH_ARGS)

clean:
	rm -rf models results .spacy test-artifacts

bookings: $(VENV)/.installed
	@$(PY) -m clinic.booking $(ARGS)

report: $(VENV)/.installed
	@$(PY) -m clinic.report $(ARGS)

conversations: $(VENV)/.installed
	@$(PY) -m clinic.conversations $(ARGS)
