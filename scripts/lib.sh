# Shared shell helpers for serve.sh and test.sh (sourced, not run).
# Expects RASA_PORT, ACTION_PORT and MODEL from the Makefile.
VENV_BIN="${VENV_BIN:-.venv/bin}"

# wait_for URL SECONDS NAME: poll until URL answers, or fail after SECONDS.
wait_for() {
  local url=$1 seconds=$2 name=$3
  for _ in $(seq "$seconds"); do
    if "$VENV_BIN/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" 2>/dev/null; then
      return 0
    fi
    sleep 1
  done
  echo "error: $name did not start within ${seconds}s ($url)" >&2
  return 1
}

# start_action_server LOGFILE: start it in the background, set ACTION_PID, wait until healthy.
start_action_server() {
  # on localhost only, unless ACTION_HOST says otherwise (rasa-sdk reads SANIC_HOST)
  SANIC_HOST="${ACTION_HOST:-127.0.0.1}" "$VENV_BIN/rasa" run actions --port "$ACTION_PORT" --actions actions >"$1" 2>&1 &
  ACTION_PID=$!
  wait_for "http://localhost:$ACTION_PORT/health" 60 "the action server" || { cat "$1" >&2; return 1; }
}

# start_rasa_server LOGFILE [extra args]: start it in the background, set RASA_PID, wait until loaded.
start_rasa_server() {
  local log=$1; shift
  "$VENV_BIN/rasa" run -m "$MODEL" --port "$RASA_PORT" --credentials credentials.yml \
    --endpoints endpoints.yml "$@" >"$log" 2>&1 &
  RASA_PID=$!
  wait_for "http://localhost:$RASA_PORT/status" 1 "" 2>/dev/null || true
  for _ in $(seq 180); do
    grep -q "Rasa server is up and running" "$log" && return 0
    kill -0 "$RASA_PID" 2>/dev/null || break
    sleep 1
  done
  echo "error: the Rasa server did not start" >&2; cat "$log" >&2; return 1
}

# stop_servers: stop whatever start_* started.
stop_servers() {
  for pid in ${RASA_PID:-} ${ACTION_PID:-} ${WEB_PID:-}; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  RASA_PID="" ACTION_PID="" WEB_PID=""
}
