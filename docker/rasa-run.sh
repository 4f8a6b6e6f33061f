#!/usr/bin/env bash
# Start the Rasa server in a container as scripts/serve.sh does locally: REST and
# socket.io channels (credentials.yml), endpoints.yml, CORS for the page's
# origin, and Rasa's HTTP API only when RASA_API_TOKEN is set (then it needs it).
set -euo pipefail
api=()
[ -n "${RASA_API_TOKEN:-}" ] && api=(--enable-api --auth-token "$RASA_API_TOKEN")
exec rasa run --model "${MODEL:-models/current.tar.gz}" --port 5005 --credentials credentials.yml \
  --endpoints endpoints.yml --cors "${CORS_ORIGIN:?set CORS_ORIGIN to the web page origin}" "${api[@]}" "$@"
