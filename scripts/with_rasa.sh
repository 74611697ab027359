#!/usr/bin/env bash
# Runs a command with a Rasa server (REST channel) on RASA_PORT for the command's lifetime; the server's
# output, warnings included, goes to $LOG_DIR/rasa-shell-$RASA_PORT.log (LOG_DIR default var). ENDPOINTS
# (default endpoints.yml) names the stores. Used by scripts/shell.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${RASA_PORT:?set RASA_PORT}"
MODEL=${MODEL:-models/loancoach.tar.gz}
log="${LOG_DIR:-var}/rasa-shell-$RASA_PORT.log"
.venv/bin/rasa run --model "$MODEL" --endpoints "${ENDPOINTS:-endpoints.yml}" --credentials credentials.yml \
  -i 127.0.0.1 --port "$RASA_PORT" >"$log" 2>&1 &
rasa_pid=$!
trap 'kill $rasa_pid 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 240); do
  if ! kill -0 "$rasa_pid" 2>/dev/null; then
    echo "The Rasa server stopped while starting:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  curl -sf --max-time 3 "http://localhost:$RASA_PORT/" >/dev/null 2>&1 && break
  sleep 1
done
"$@"
