# Clinic procedure assistant. `make run` to chat, `make test` to check everything.
# Ports and paths live here (and nowhere else); override like `make run RASA_PORT=5006`.

SHELL := /bin/bash
.DEFAULT_GOAL := help

RASA_PORT   ?= 5005
ACTION_PORT ?= 5055
TEST_WEBHOOK_PORT ?= 5057  # the stand-in scheduling system in make test
VENV        ?= .venv
SPACY_MODEL ?= .spacy/en_clinic
MODEL       ?= models/current.tar.gz

export RASA_PORT ACTION_PORT TEST_WEBHOOK_PORT SPACY_MODEL MODEL
export ACTION_SERVER_URL ?= http://localhost:$(ACTION_PORT)/webhook
export TF_CPP_MIN_LOG_LEVEL ?= 3
export PYTHONWARNINGS ?= ignore
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1

PY   := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa

TRAINING_INPUTS := config.yml domain.yml $(shell find data -type f -name '*.yml') \
                   components/red_flag_classifier.py actions/red_flags.py $(SPACY_MODEL)/meta.json

.PHONY: help setup train run shell test clean bookings

help:
	@echo "make run    set up, train if needed, start the assistant (REST and socket.io on :$(RASA_PORT))"
	@echo "make shell  chat in the terminal (rasa shell; add ARGS=--debug to see intents)"
	@echo "make test   set up from scratch and run every check"
	@echo "make train  retrain the model"
	@echo "make bookings ARGS=list   the staff tool for booking requests (list, handled, retry, export, purge)"

setup: $(VENV)/.installed $(SPACY_MODEL)/meta.json

$(VENV)/.installed: requirements.txt scripts/find_python.sh
	@python=$$(scripts/find_python.sh) && echo "Using $$python" && \
	  { [ -x $(PY) ] || $$python -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(SPACY_MODEL)/meta.json: $(VENV)/.installed scripts/build_spacy_pipeline.py $(wildcard data/procedures/*.yml)
	$(PY) scripts/build_spacy_pipeline.py $(SPACY_MODEL)

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	$(RASA) train --fixed-model-name $(basename $(basename $(notdir $(MODEL)))) --out $(dir $(MODEL))
	@touch $@

train: setup
	@rm -f $(MODEL)
	@$(MAKE) --no-print-directory $(MODEL)

run: setup $(MODEL)
	scripts/serve.sh run

shell: setup $(MODEL)
	scripts/serve.sh shell $(ARGS)

test: setup $(MODEL)
	scripts/test.sh

clean:
	rm -rf models results .spacy test-artifacts

bookings: $(VENV)/.installed
	$(PY) -m actions.booking $(ARGS)
