#!/usr/bin/env bash
# Runs a command with the action server up: reuses one already listening on ACTIONS_PORT, else starts
# one for the command's lifetime (log in $LOG_DIR/actions.log, LOG_DIR default var). Used by `make shell`
# and `make interactive`.
set -euo pipefail
cd "$(dirname "$0")/.."
ACTIONS_PORT=${ACTIONS_PORT:-5055}
LOG_DIR=${LOG_DIR:-var}
mkdir -p "$LOG_DIR"
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-3}
export RASA_TELEMETRY_ENABLED=${RASA_TELEMETRY_ENABLED:-false}  # nothing leaves this machine
if ! curl -sf --max-time 3 "http://localhost:$ACTIONS_PORT/health" >/dev/null; then
  .venv/bin/rasa run actions --actions actions --port "$ACTIONS_PORT" >"$LOG_DIR/actions.log" 2>&1 &
  started=$!
  trap 'kill $started 2>/dev/null || true' EXIT INT TERM
  for _ in $(seq 1 180); do curl -sf --max-time 3 "http://localhost:$ACTIONS_PORT/health" >/dev/null && break; sleep 1; done
fi
"$@"
