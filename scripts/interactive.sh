#!/usr/bin/env bash
# Counselors: rasa interactive (confirm or correct each prediction) with the action server running.
# Its own Rasa server takes a free port, so it works while `make run` holds 5005.
set -euo pipefail
cd "$(dirname "$0")/.."
export SQLALCHEMY_SILENCE_UBER_WARNING=${SQLALCHEMY_SILENCE_UBER_WARNING:-1}
export PYTHONWARNINGS=${PYTHONWARNINGS:-ignore::DeprecationWarning}
port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
scripts/with_actions.sh .venv/bin/rasa interactive --model "${MODEL:-models/loancoach.tar.gz}" \
  --endpoints endpoints.yml --skip-visualization --port "$port" "$@"
