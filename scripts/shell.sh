#!/usr/bin/env bash
# make shell: the counselors' console (`loancoach console`: numbered buttons, --debug-intents,
# --sender ID to continue a saved conversation, --replay ID). It talks to the Rasa server on RASA_PORT
# when one is running (`make run`); otherwise it starts the action server and a Rasa server on a free
# port for the console's lifetime, so it never fights `make run` for port 5005.
set -euo pipefail
cd "$(dirname "$0")/.."
RASA_PORT=${RASA_PORT:-5005}
LOG_DIR=${LOG_DIR:-var}
mkdir -p "$LOG_DIR"
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-3}
export RASA_TELEMETRY_ENABLED=${RASA_TELEMETRY_ENABLED:-false}  # nothing leaves this machine
export SQLALCHEMY_SILENCE_UBER_WARNING=${SQLALCHEMY_SILENCE_UBER_WARNING:-1}

if curl -sf --max-time 3 "http://localhost:$RASA_PORT/webhooks/rest/" >/dev/null 2>&1; then
  echo "Using the Rasa server running on :$RASA_PORT."
  exec .venv/bin/loancoach console --url "http://localhost:$RASA_PORT" "$@"
fi

port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log="$LOG_DIR/rasa-shell-$port.log"
echo "No Rasa server on :$RASA_PORT: starting one on :$port for this console (log: $log) ..."
export RASA_PORT=$port
exec scripts/with_actions.sh scripts/with_rasa.sh .venv/bin/loancoach console --url "http://localhost:$port" "$@"
