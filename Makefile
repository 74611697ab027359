# LoanCoach — `make help` lists the targets. Two commands set up everything: `make run`, `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
BIN    := $(VENV)/bin
PYTHON ?= $(shell scripts/find_python.sh)
MODEL  := models/loancoach.tar.gz
export TF_CPP_MIN_LOG_LEVEL ?= 3
export PYTHONWARNINGS ?= ignore::DeprecationWarning
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1
# No telemetry or error reports leave this machine.
export RASA_TELEMETRY_ENABLED ?= false

# Everything a trained model depends on: retrain only when one of these changed.
TRAIN_INPUTS := config.yml $(wildcard domain/*.yml) $(shell find data -type f 2>/dev/null) \
                $(wildcard components/*.py) loancoach/segment.py loancoach/language.py loancoach/inputs.py

.PHONY: help install run shell train validate test test-unit test-conversations test-nlu bench clean

help: ## Show this help
	@echo "LoanCoach (贷款明白人) — make targets:"
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-20s\033[0m %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || { scripts/find_python.sh; exit 1; }
	@echo ">> creating $(VENV) with $(PYTHON)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23,<25" "setuptools==70.3.0" wheel
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

install: $(BIN)/.installed ## Create .venv and install LoanCoach with its pinned dependencies

$(MODEL): $(BIN)/.installed $(TRAIN_INPUTS)
	@echo ">> training (data, config, domain or components changed)"
	@mkdir -p models
	@# Rasa's training cache does not see code changes in our components: drop it when code changed.
	@if [ -n "$(filter %.py,$?)" ]; then rm -rf .rasa/cache; fi
	$(BIN)/rasa train --domain domain --data data --config config.yml --out models --fixed-model-name loancoach
	@touch $@

train: $(MODEL) ## Train the model if data, config, domain or components changed

validate: $(BIN)/.installed ## Check NLU data, stories, rules and domain for consistency
	$(BIN)/rasa data validate --domain domain --data data --config config.yml

run: $(MODEL) ## Install, train if needed, start the action server and Rasa (REST + socket.io)
	scripts/run.sh

shell: $(MODEL) ## Counselors: rasa shell with the action server running
	scripts/shell.sh

test-unit: $(BIN)/.installed ## Engine, component and action tests (no model needed)
	$(BIN)/python -m pytest -m "not model" -q

test-conversations: $(MODEL) ## Conversation tests (tests/conversations) with --fail-on-prediction-errors
	$(BIN)/rasa test core --model $(MODEL) --stories tests/conversations --out results/core --fail-on-prediction-errors

test-nlu: $(MODEL) ## NLU evaluation on the hold-out set (tests/nlu_holdout); fails below the macro F1 bar
	$(BIN)/rasa test nlu --model $(MODEL) --nlu tests/nlu_holdout --domain domain --out results/nlu
	$(BIN)/python scripts/check_nlu.py results/nlu/intent_report.json

test-model: $(MODEL) ## End-to-end tests through the trained agent with a real action server
	$(BIN)/python -m pytest -m model -q

test: test-unit validate train test-conversations test-nlu test-model ## The whole suite (what CI runs)
	@echo ">> all tests passed"

bench: $(BIN)/.installed ## Engine benchmarks (speed targets)
	@for b in bench/bench_*.py; do echo ">> $$b"; $(BIN)/python $$b || exit 1; done

clean: ## Remove models, results and caches (keeps .venv and var/)
	rm -rf models results .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -not -path "./$(VENV)/*" -exec rm -rf {} +
