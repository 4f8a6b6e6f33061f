#!/usr/bin/env bash
# Every check of the project, in order; run through `make test` (which sets up
# the venv, the spaCy pipeline and the model first). Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
mkdir -p results var/log
trap stop_servers EXIT INT TERM

step() { echo; echo "=== $* ==="; }
# patients' own phrasings (tests/evaluation, README "Patients' own phrasings"). Scores at the end of
# the fifth session (2026-11-30). The understanding issue's goal, 0.90 (PATIENTS_TEST_GOAL), gates
# the frozen test halves of sets 7, 8 and 10 (0.941, 0.924 and 0.941; set 10's measured once, at
# the end, like set 9's: 0.894). The older test halves: 0.877 (set 1), 0.881 (set 2), 0.890
# (set 4), 0.840 (set 5), 0.889 (set 6). Dev sets: 1.000, 0.988, 0.991, 0.958, 0.944, 1.000,
# 0.951, 0.984, 0.956 (sets 1-9), 0.980 (lay confusions), 0.898 (set 10, never tuned on; floor
# 0.86). The floors below sit just under those scores.
PATIENTS_DEV_FLOOR=0.90
PATIENTS_TEST_GOAL=0.90
PATIENTS_TEST_FLOOR=0.86
PATIENTS_TEST_5_FLOOR=0.82

step "1/8 rasa data validate"
"$VENV_BIN/rasa" data validate --domain domain --data data --quiet

step "2/8 lint (ruff), types (mypy on clinic/), unit tests (knowledge, grounding, actions, red flags, booking)"
"$VENV_BIN/ruff" check .
"$VENV_BIN/ruff" format --check .
"$VENV_BIN/mypy"
"$VENV_BIN/python" -m pytest tests/unit -q

step "3/8 conversation tests (rasa test core, real action server)"
# the booking store and the clinic's scheduling system, for the tests only
export BOOKING_DB_URL="sqlite:///$PWD/results/test-bookings.db"
export BOOKING_WEBHOOK_URL="http://127.0.0.1:$TEST_WEBHOOK_PORT/bookings"
export TRACKER_STORE_URL="sqlite:///$PWD/results/test-tracker.db"
rm -f results/test-bookings.db results/test-tracker.db
start_action_server var/log/test-action-server.log
"$VENV_BIN/rasa" test core -m "$MODEL" --stories tests/test_stories.yml \
  --endpoints endpoints.yml --fail-on-prediction-errors --out results/core --quiet
echo "conversation tests passed: $(grep -c '^- story:' tests/test_stories.yml) stories"

step "4/8 NLU evaluation on held-out phrasings (macro F1 >= 0.90)"
"$VENV_BIN/rasa" test nlu -m "$MODEL" --domain domain --nlu tests/nlu/holdout.yml --out results/nlu --quiet >/dev/null
"$VENV_BIN/python" scripts/check_nlu_report.py results/nlu 0.90
# the fallback action on the rankings this model produces for the held-out and patient phrasings
"$VENV_BIN/python" -m pytest tests/model -q

step "5/8 red-flag evaluation"
"$VENV_BIN/python" scripts/evaluate_red_flags.py "$MODEL"

step "6/8 REST and socket.io conversations, bad input, HTTP API, action server down, Rasa restart, staff shell (real servers)"
# first with Rasa's HTTP API switched on by a token (a throw-away one), later without it
export RASA_API_TOKEN="test-$RANDOM$RANDOM"
start_rasa_server var/log/test-rasa-server.log
RASA_URL="http://localhost:$RASA_PORT" "$VENV_BIN/python" -m pytest tests/integration -q
echo "--- patients' own phrasings: inputs with no English content, the dev sets, the frozen test halves (scores only)"
for set in ood_inputs ood_inputs_2; do
  RASA_URL="http://localhost:$RASA_PORT" "$VENV_BIN/python" scripts/evaluate_phrasings.py ood "tests/evaluation/$set.yml"
done
for set in patients_dev patients_dev_2 patients_dev_3 patients_dev_4 patients_dev_5 patients_dev_6 patients_dev_7 \
  patients_dev_8 patients_dev_9 patients_dev_lay; do
  RASA_URL="http://localhost:$RASA_PORT" "$VENV_BIN/python" scripts/evaluate_phrasings.py patients \
    "tests/evaluation/$set.yml" --min-score "$PATIENTS_DEV_FLOOR"
done
# the fourteen examples of the understanding issue, all right (a regression check)
RASA_URL="http://localhost:$RASA_PORT" "$VENV_BIN/python" scripts/evaluate_phrasings.py patients \
  tests/evaluation/issue_examples.yml --min-score 1.0
# set 10's dev half has not been tuned on yet: scores only, so that it stays unread until someone does
for set in patients_test patients_test_2 patients_test_4 patients_test_6 patients_test_9 patients_dev_10; do
  RASA_URL="http://localhost:$RASA_PORT" "$VENV_BIN/python" scripts/evaluate_phrasings.py patients \
    "tests/evaluation/$set.yml" --frozen --min-score "$PATIENTS_TEST_FLOOR"
done
RASA_URL="http://localhost:$RASA_PORT" "$VENV_BIN/python" scripts/evaluate_phrasings.py patients \
  tests/evaluation/patients_test_5.yml --frozen --min-score "$PATIENTS_TEST_5_FLOOR"
for set in patients_test_7 patients_test_8 patients_test_10; do
  RASA_URL="http://localhost:$RASA_PORT" "$VENV_BIN/python" scripts/evaluate_phrasings.py patients \
    "tests/evaluation/$set.yml" --frozen --min-score "$PATIENTS_TEST_GOAL"
done
unset RASA_API_TOKEN
echo "--- the action server goes down, then comes back"
kill "$ACTION_PID" && wait "$ACTION_PID" 2>/dev/null || true
RASA_URL="http://localhost:$RASA_PORT" ACTION_SERVER=down "$VENV_BIN/python" -m pytest tests/faults -q -rN
start_action_server var/log/test-action-server.log
RASA_URL="http://localhost:$RASA_PORT" ACTION_SERVER=up "$VENV_BIN/python" -m pytest tests/faults -q -rN
echo "--- the Rasa server restarts mid-conversation"
RASA_URL="http://localhost:$RASA_PORT" RASA_RESTART=before "$VENV_BIN/python" -m pytest tests/faults -q -rN
kill "$RASA_PID" && wait "$RASA_PID" 2>/dev/null || true
start_rasa_server var/log/test-rasa-server.log
RASA_URL="http://localhost:$RASA_PORT" RASA_RESTART=after "$VENV_BIN/python" -m pytest tests/faults -q -rN
RASA_URL="http://localhost:$RASA_PORT" RASA_API=off "$VENV_BIN/python" -m pytest tests/integration/test_http_api.py -q -rN
stop_servers
echo "--- the staff shell (make shell) in a pseudo-terminal, on RASA_PORT_2 while RASA_PORT (5005) is taken"
SHELL_BUSY_PORT=$RASA_PORT RASA_PORT=$RASA_PORT_2 "$VENV_BIN/python" -m pytest tests/shell -q -rN

step "7/8 scale-out: two Rasa servers sharing PostgreSQL and Redis"
scripts/test_scale.sh

step "8/8 the chat widget and the staff report in a real browser (headless Chromium, Playwright)"
"$VENV_BIN/python" -m pytest tests/browser -q
