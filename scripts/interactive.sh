#!/usr/bin/env bash
# Counselors: rasa interactive (confirm or correct each prediction) with the action server running.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/with_actions.sh .venv/bin/rasa interactive --model "${MODEL:-models/loancoach.tar.gz}" \
  --endpoints endpoints.yml --skip-visualization "$@"
