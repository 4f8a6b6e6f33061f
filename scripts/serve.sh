#!/usr/bin/env bash
# Start the assistant: `serve.sh run` (action server + Rasa server with the REST
# and socket.io channels) or `serve.sh shell [--debug]` (action server + rasa shell).
# Ctrl-C stops both. Run through `make run` / `make shell`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
mkdir -p var/log

trap stop_servers EXIT INT TERM
echo "Starting the action server on port $ACTION_PORT..."
start_action_server var/log/action-server.log

mode=${1:-run}; shift || true
if [ "$mode" = shell ]; then
  "$VENV_BIN/rasa" shell -m "$MODEL" --endpoints endpoints.yml "$@"
else
  echo "Starting the Rasa server on port $RASA_PORT (REST: POST http://localhost:$RASA_PORT/webhooks/rest/webhook)..."
  "$VENV_BIN/rasa" run -m "$MODEL" --port "$RASA_PORT" --credentials credentials.yml \
    --endpoints endpoints.yml "$@"
fi
