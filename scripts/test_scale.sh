#!/usr/bin/env bash
# Two Rasa servers sharing one PostgreSQL tracker store and one Redis lock store,
# as behind a load balancer. PostgreSQL and Redis (Debian's packages, `make
# services`) run on 127.0.0.1 with throw-away data. Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
mkdir -p results var/log
trap stop_servers EXIT INT TERM

scratch=$(mktemp -d /tmp/clinic-scale.XXXXXX)
chmod 755 "$scratch"
start_postgres "$scratch/postgres" "$PG_PORT"
start_redis "$REDIS_PORT" var/log/test-redis.log
export TRACKER_STORE_URL="postgresql://rasa@127.0.0.1:$PG_PORT/rasa"
export LOCK_STORE_URL="redis://127.0.0.1:$REDIS_PORT/1"
export BOOKING_DB_URL="sqlite:///$PWD/results/test-scale-bookings.db"

"$VENV_BIN/python" -m pytest tests/scale/test_lock_store.py -q -rN
# the staff report on a PostgreSQL tracker store (its test week is long past: no overlap)
REPORT_PG_URL="$TRACKER_STORE_URL" "$VENV_BIN/python" -m pytest tests/unit/test_report.py -q -rN -k postgresql

start_action_server var/log/test-scale-action-server.log
RASA_PORT=$RASA_PORT_2 start_rasa_server var/log/test-scale-rasa-2.log
RASA_PID_2=$RASA_PID
start_rasa_server var/log/test-scale-rasa-1.log
RASA_URLS="http://localhost:$RASA_PORT,http://localhost:$RASA_PORT_2" \
  "$VENV_BIN/python" -m pytest tests/scale/test_replicas.py -q -rN
# privacy on PostgreSQL: no contact details after a booking, deletion, expiry (last: it purges)
RASA_URLS="http://localhost:$RASA_PORT,http://localhost:$RASA_PORT_2" \
  "$VENV_BIN/python" -m pytest tests/scale/test_privacy_postgres.py -q -rN
stop_servers
rm -rf "$scratch"
