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
  # Rasa's server with the clinic's console channel (channels/console.py) on
  # RASA_PORT; --debug shows the channel's compact block per message instead
  # of Rasa's debug log.
  args=()
  for arg in "$@"; do
    if [ "$arg" = --debug ]; then export CLINIC_SHELL_DEBUG=1; else args+=("$arg"); fi
  done
  "$VENV_BIN/python" scripts/run_rasa.py run -m "$MODEL" --endpoints endpoints.yml \
    --interface 127.0.0.1 --port "$RASA_PORT" --connector channels.console.ClinicConsoleInput "${args[@]}"
  exit
fi

if [ -f web/node_modules/rasa-webchat/lib/index.js ]; then
  # its own "serving on" line goes to the log: the address is printed once Rasa answers
  "$VENV_BIN/python" scripts/serve_web.py --port "$WEB_PORT" --rasa-url "http://localhost:$RASA_PORT" >var/log/web.log &
  WEB_PID=$!
fi
echo "Starting the Rasa server on port $RASA_PORT (REST: POST http://localhost:$RASA_PORT/webhooks/rest/webhook)..."
export CORS_ORIGIN="${CORS_ORIGIN:-http://localhost:$WEB_PORT}"
# shellcheck disable=SC2046,SC2086  # the origins are separate --cors values
"$VENV_BIN/python" scripts/run_rasa.py run -m "$MODEL" --port "$RASA_PORT" --credentials credentials.yml \
  --endpoints endpoints.yml --cors $CORS_ORIGIN $(rasa_api_args) "$@" &
RASA_PID=$!
# the page's address once the Rasa server answers (it listens only after loading the model)
if wait_for "http://localhost:$RASA_PORT/" 300 "the Rasa server" && [ -n "${WEB_PID:-}" ]; then
  echo "The assistant is ready: open http://localhost:$WEB_PORT in a browser (Ctrl-C stops it)."
fi
wait "$RASA_PID"  # in the background, so that a TERM signal stops everything at once
