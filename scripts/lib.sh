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
  SANIC_HOST="${ACTION_HOST:-127.0.0.1}" "$VENV_BIN/python" scripts/run_rasa.py run actions --port "$ACTION_PORT" --actions actions >"$1" 2>&1 &
  ACTION_PID=$!
  wait_for "http://localhost:$ACTION_PORT/health" 60 "the action server" || { cat "$1" >&2; return 1; }
}

# rasa_api_args: Rasa's HTTP API stays off unless RASA_API_TOKEN is set; then it requires that token.
rasa_api_args() {
  [ -n "${RASA_API_TOKEN:-}" ] && echo "--enable-api --auth-token $RASA_API_TOKEN" || true
}

# start_rasa_server LOGFILE [extra args]: start it in the background, set RASA_PID, wait until loaded.
start_rasa_server() {
  local log=$1; shift
  # the pages allowed to use it (CORS_ORIGIN, from the Makefile): REST CORS here, socket.io in channels/origins.py
  local cors=()
  [ -n "${CORS_ORIGIN:-}" ] && read -ra cors <<<"--cors $CORS_ORIGIN"
  # shellcheck disable=SC2046  # the token has no spaces
  "$VENV_BIN/python" scripts/run_rasa.py run -m "$MODEL" --port "$RASA_PORT" --credentials credentials.yml \
    --endpoints endpoints.yml "${cors[@]}" $(rasa_api_args) "$@" >"$log" 2>&1 &
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
  for pid in ${RASA_PID:-} ${RASA_PID_2:-} ${ACTION_PID:-} ${WEB_PID:-} ${REDIS_PID:-}; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  RASA_PID="" RASA_PID_2="" ACTION_PID="" WEB_PID="" REDIS_PID=""
  stop_postgres
}

# as_service_user CMD...: run a database server command; PostgreSQL refuses to run as root.
as_service_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_postgres DIR PORT: a throw-away PostgreSQL on 127.0.0.1:PORT with data in DIR,
# superuser "rasa" without password (local test only) and a database "rasa".
start_postgres() {
  local dir=$1 port=$2 bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$bin/initdb" ] || { echo "error: PostgreSQL is not installed (make services)" >&2; return 1; }
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_service_user "$bin/initdb" -D "$dir/data" -U rasa -A trust >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  as_service_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir" start >/dev/null \
    || { cat "$dir/server.log" >&2; return 1; }
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U rasa rasa
  PG_DIR=$dir PG_BIN=$bin
}

stop_postgres() {
  [ -n "${PG_DIR:-}" ] && as_service_user "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null || true
  PG_DIR=""
}

# start_redis PORT: a throw-away Redis on 127.0.0.1:PORT, nothing saved to disk.
start_redis() {
  command -v redis-server >/dev/null || { echo "error: Redis is not installed (make services)" >&2; return 1; }
  redis-server --bind 127.0.0.1 --port "$1" --save "" --appendonly no --daemonize no >"${2:-/dev/null}" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 30); do
    redis-cli -p "$1" ping >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "error: Redis did not start on port $1" >&2; return 1
}
