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

WEB_STAMP := web/dist/loancoach-widget.js
WEB_SRC   := $(wildcard web/src/* web/demo/*) web/build.mjs

.PHONY: help install lint web run run-scaled shell train validate test test-unit test-redflags test-conversations test-nlu test-model bench clean

help: ## Show this help
	@echo "LoanCoach (贷款明白人) — make targets:"
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-20s\033[0m %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || { scripts/find_python.sh; exit 1; }
	@echo ">> creating $(VENV) with $(PYTHON)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23,<25" "setuptools==70.3.0" wheel
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[assistant,dev]"
	@# Rasa loads actions/, components/ and channels/ by module path from the project folder; they are
	@# not in the wheel, so the project's own venv puts the folder on sys.path (every process: Sanic
	@# workers, scripts, tests).
	$(BIN)/python -c "import site, pathlib; pathlib.Path(site.getsitepackages()[0], 'loancoach-project.pth').write_text('$(CURDIR)\n')"
	@touch $@

install: $(BIN)/.installed ## Create .venv and install LoanCoach with its pinned dependencies

web/node_modules/.installed: web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js 18+ (the web widget needs it)"; exit 1; }
	cd web && npm ci --no-audit --no-fund
	@touch $@

$(WEB_STAMP): web/node_modules/.installed $(WEB_SRC)
	cd web && npm run --silent build

web: $(WEB_STAMP) ## Build the chat widget web/dist/loancoach-widget.js (esbuild, from package-lock.json) and the demo page

train: $(BIN)/.installed ## Train the model if data, config, domain or components changed (content hash)
	scripts/train_if_changed.sh

lint: $(BIN)/.installed ## ruff: lint and format check of the whole tree
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

validate: $(BIN)/.installed ## Check NLU data, stories, rules and domain for consistency
	$(BIN)/rasa data validate --fail-on-warnings

run: train $(WEB_STAMP) ## Install, train if needed, start the action server, Rasa (REST + socket.io) and the widget page (:8080)
	scripts/run.sh

run-scaled: train ## One of several Rasa servers: PostgreSQL + Redis from env vars, SANIC_WORKERS=2 (README "Scaling")
	scripts/run_scaled.sh

shell: train ## Counselors' console: numbered buttons; ARGS="--debug-intents", "--sender ID" (continue), "--replay ID"
	scripts/shell.sh $(ARGS)

interactive: train ## Counselors: rasa interactive (own free port) — confirm or correct each prediction, save as data
	scripts/interactive.sh $(ARGS)

report: $(BIN)/.installed ## Counselors: last 7 days vs the week before, var/report/report.html (+ .md, charts); prints the path
	@$(BIN)/loancoach report --since 7d --out var/report

test-unit: $(BIN)/.installed $(WEB_STAMP) ## Engine, component and action tests (no model needed)
	$(BIN)/python -m pytest -m "not model" -q

# The issue's bars (0.95 / 0.95 / 0.90), met since 2026-12-05 12:52 UTC (README "Ad checker").
REDFLAG_MIN_PRECISION ?= 0.95
REDFLAG_MIN_RECALL ?= 0.95
REDFLAG_MIN_CATEGORY_RECALL ?= 0.90
test-redflags: $(BIN)/.installed ## Ad checker on the blind hold-out: per-category P/R, confusion matrix; fails below the bars
	$(BIN)/python scripts/eval_redflags.py --set blind --check --min-precision $(REDFLAG_MIN_PRECISION) \
	  --min-recall $(REDFLAG_MIN_RECALL) --min-category-recall $(REDFLAG_MIN_CATEGORY_RECALL)

test-conversations: train ## Conversation tests (tests/conversations) with --fail-on-prediction-errors
	$(BIN)/rasa test core --model $(MODEL) --stories tests/conversations --out results/core --fail-on-prediction-errors

# Bars for the NLU hold-outs (scripts/eval_nlu.py): macro F1 per set and F1 of every intent.
NLU_MIN_F1 ?= 0.93
NLU_MIN_INTENT_F1 ?= 0.70
test-nlu: train ## NLU hold-outs (tests/nlu_holdout, tests/nlu_holdout_own_words): fails below the macro F1 bar
	$(BIN)/python scripts/eval_nlu.py --check --min-f1 $(NLU_MIN_F1) --min-intent-f1 $(NLU_MIN_INTENT_F1)

test-model: train $(WEB_STAMP) ## End-to-end tests through the trained agent with a real action server, and the widget in Chromium
	$(BIN)/python -m pytest -m model -q

test: lint test-unit validate train test-conversations test-nlu test-redflags test-model ## The whole suite (what CI runs)
	@echo ">> all tests passed"

# Engine benchmarks: every bench/bench_*.py except the REST one, which runs last (it starts servers).
ENGINE_BENCHES := $(filter-out bench/bench_rest.py,$(wildcard bench/bench_*.py))
# Options for bench/bench_rest.py, e.g. BENCH_ARGS="--messages 10,50,100 --max-seconds 30" for a short run.
BENCH_ARGS ?=

bench: train $(WEB_STAMP) ## Engine benchmarks, then the REST webhook under 1/10/50 users vs a `rasa init` bot (results/bench.md)
	@for b in $(ENGINE_BENCHES); do echo ">> $$b"; $(BIN)/python $$b || exit 1; done
	@echo ">> bench/bench_rest.py $(BENCH_ARGS)"; $(BIN)/python bench/bench_rest.py $(BENCH_ARGS)

clean: ## Remove models, results and caches (keeps .venv and var/)
	rm -rf models results .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -not -path "./$(VENV)/*" -exec rm -rf {} +
