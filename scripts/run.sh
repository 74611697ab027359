#!/usr/bin/env bash
# Starts the action server, the Rasa server (REST + socket.io) on the embedded SQLite store and the
# demo lender page with the chat widget (web/dist, built by `make web`; on localhost only).
# Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
MODEL=${MODEL:-models/loancoach.tar.gz}
WEB_PORT=${WEB_PORT:-8080}
CORS=${CORS_ORIGINS:-http://localhost:8080}
export CORS_ORIGINS=$CORS  # also read by channels.socketio (origin check of the widget's socket)
mkdir -p var
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-3}
export RASA_TELEMETRY_ENABLED=${RASA_TELEMETRY_ENABLED:-false}  # nothing leaves this machine

source scripts/children.sh

.venv/bin/loancoach db upgrade  # our own database at the newest schema (Alembic; README "Personal data")

.venv/bin/rasa run actions --actions actions --port "$ACTIONS_PORT" >var/actions.log 2>&1 &
pids+=($!)
.venv/bin/rasa run --model "$MODEL" --endpoints endpoints.yml --credentials credentials.yml \
  --port "$RASA_PORT" --cors "$CORS" >var/rasa.log 2>&1 &
pids+=($!)
# only the built assets (`make web`: the widget bundle and the demo page), never web/node_modules
.venv/bin/python -m http.server "$WEB_PORT" --bind 127.0.0.1 --directory web/dist >var/web.log 2>&1 &
pids+=($!)
WIDGET_URL="http://localhost:$WEB_PORT/"

echo "Starting the action server (:$ACTIONS_PORT) and Rasa (:$RASA_PORT); logs in var/ ..."
for _ in $(seq 1 180); do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "A server stopped while starting; see var/actions.log, var/rasa.log and var/web.log:" >&2
      tail -n 20 var/actions.log var/rasa.log var/web.log >&2
      exit 1
    fi
  done
  if curl -sf "http://localhost:$RASA_PORT/" >/dev/null && curl -sf "http://localhost:$ACTIONS_PORT/health" >/dev/null; then
    break
  fi
  sleep 1
done

cat <<MSG

LoanCoach is running. Talk to it:
  curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"a","message":"你好"}'
  curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"b","message":"hello"}'
  make shell            (in another terminal: a counselor's console)
  demo lender page      $WIDGET_URL   (English: add ?lang=en; its widget talks to Rasa on :5005)
  widget script         ${WIDGET_URL}loancoach-widget.js   (README "Channels": the one-tag embed)
  socket.io channel     http://localhost:$RASA_PORT/socket.io  (used by the widget)
Conversations are stored in var/rasa_tracker.db, our own records in var/loancoach.db.
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}" || true
