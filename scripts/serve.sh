#!/usr/bin/env bash
# Start the assistant: `serve.sh run` (action server, Rasa server with the REST
# and socket.io channels, and the clinic's web page with the chat widget) or
# `serve.sh shell [--debug]` (action server + rasa shell). Ctrl-C stops all.
# Run through `make run` / `make shell`, which set the ports.
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
  exit
fi

if [ -f web/node_modules/rasa-webchat/lib/index.js ]; then
  "$VENV_BIN/python" scripts/serve_web.py --port "$WEB_PORT" --rasa-url "http://localhost:$RASA_PORT" &
  WEB_PID=$!
fi
echo "Starting the Rasa server on port $RASA_PORT (REST: POST http://localhost:$RASA_PORT/webhooks/rest/webhook)..."
export CORS_ORIGIN="${CORS_ORIGIN:-http://localhost:$WEB_PORT}"
# shellcheck disable=SC2046,SC2086  # the origins are separate --cors values
"$VENV_BIN/rasa" run -m "$MODEL" --port "$RASA_PORT" --credentials credentials.yml \
  --endpoints endpoints.yml --cors $CORS_ORIGIN $(rasa_api_args) "$@" &
RASA_PID=$!
wait "$RASA_PID"  # in the background, so that a TERM signal stops everything at once
