#!/usr/bin/env bash
# A counselor's console: rasa shell with the action server running.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/with_actions.sh .venv/bin/rasa shell --model "${MODEL:-models/loancoach.tar.gz}" --endpoints endpoints.yml "$@"
