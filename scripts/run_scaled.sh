#!/usr/bin/env bash
# `make run-scaled` (README "Scaling"): one Rasa server of several, on an existing PostgreSQL (tracker
# store) and Redis (lock store) named by environment variables (endpoints.scaled.yml), with
# SANIC_WORKERS worker processes on one port. Starts a local action server unless ACTION_SERVER_URL
# names one elsewhere. Run it on each host (or with another RASA_PORT) behind a load balancer.
set -euo pipefail
cd "$(dirname "$0")/.."

# Defaults of the variables endpoints.scaled.yml reads (Rasa itself has no ${VAR:-default}).
export TRACKER_DB_HOST=${TRACKER_DB_HOST:-localhost}
export TRACKER_DB_PORT=${TRACKER_DB_PORT:-5432}
export TRACKER_DB_NAME=${TRACKER_DB_NAME:-rasa}
export TRACKER_DB_USER=${TRACKER_DB_USER:-rasa}
export TRACKER_DB_PASSWORD=${TRACKER_DB_PASSWORD:-}
export REDIS_HOST=${REDIS_HOST:-localhost}
export REDIS_PORT=${REDIS_PORT:-6379}
export REDIS_DB=${REDIS_DB:-1}
export REDIS_PASSWORD=${REDIS_PASSWORD:-}
export SANIC_WORKERS=${SANIC_WORKERS:-2}
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
MODEL=${MODEL:-models/loancoach.tar.gz}
CORS=${CORS_ORIGINS:-http://localhost:8080}
export CORS_ORIGINS=$CORS
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-3}
export RASA_TELEMETRY_ENABLED=${RASA_TELEMETRY_ENABLED:-false}  # nothing leaves this machine
mkdir -p var

LOCAL_ACTIONS=$([ -z "${ACTION_SERVER_URL:-}" ] && echo yes || echo no)
export ACTION_SERVER_URL=${ACTION_SERVER_URL:-http://localhost:$ACTIONS_PORT/webhook}

if ! .venv/bin/python scripts/check_stores.py endpoints.scaled.yml; then
  echo "PostgreSQL or Redis is not reachable with these settings (README \"Scaling\"); nothing started." >&2
  exit 1
fi

source scripts/children.sh

if [ "$LOCAL_ACTIONS" = yes ]; then
  [ -n "${DATABASE_URL:-}" ] || echo "note: DATABASE_URL is not set: this host's records go to var/loancoach.db;" \
    "set DATABASE_URL=postgresql://... so that all action servers share them." >&2
  .venv/bin/rasa run actions --actions actions --port "$ACTIONS_PORT" >var/actions-$ACTIONS_PORT.log 2>&1 &
  pids+=($!)
  ACTIONS_HEALTH="http://localhost:$ACTIONS_PORT/health"
else
  ACTIONS_HEALTH="${ACTION_SERVER_URL%/webhook}/health"
fi
.venv/bin/rasa run --model "$MODEL" --endpoints endpoints.scaled.yml --credentials credentials.yml \
  --port "$RASA_PORT" --cors "$CORS" >var/rasa-$RASA_PORT.log 2>&1 &
pids+=($!)

echo "Starting Rasa (:$RASA_PORT, SANIC_WORKERS=$SANIC_WORKERS) with actions at $ACTION_SERVER_URL; logs in var/ ..."
for _ in $(seq 1 300); do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "A server stopped while starting; see var/rasa-$RASA_PORT.log and var/actions-$ACTIONS_PORT.log:" >&2
      tail -n 20 var/rasa-$RASA_PORT.log >&2; [ -f var/actions-$ACTIONS_PORT.log ] && tail -n 20 var/actions-$ACTIONS_PORT.log >&2
      exit 1
    fi
  done
  workers=$(grep -c "Rasa server is up and running" var/rasa-$RASA_PORT.log || true)
  if [ "$workers" -ge "$SANIC_WORKERS" ] && curl -sf "$ACTIONS_HEALTH" >/dev/null; then
    break
  fi
  sleep 1
done
if [ "$workers" -lt "$SANIC_WORKERS" ]; then
  echo "Only $workers of $SANIC_WORKERS Rasa workers started within 300 s; see var/rasa-$RASA_PORT.log." >&2
  exit 1
fi

cat <<MSG

Rasa is running on :$RASA_PORT with $workers worker(s), sharing conversations in
PostgreSQL $TRACKER_DB_HOST:$TRACKER_DB_PORT/$TRACKER_DB_NAME and locks in Redis $REDIS_HOST:$REDIS_PORT/$REDIS_DB.
  curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"a","message":"你好"}'
Start more servers the same way (other hosts, or RASA_PORT=5006 ACTION_SERVER_URL=$ACTION_SERVER_URL)
behind a load balancer; the web widget (socket.io) needs sticky sessions (README "Scaling").
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}" || true
