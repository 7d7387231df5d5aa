#!/usr/bin/env bash
# Fuzz the HTTP API from its own OpenAPI spec with schemathesis (from PyPI) and fail on any 5xx.
#   bench/fuzz_api.sh [MAX_EXAMPLES]
# Starts `incident-brief serve` on a throwaway SQLite file (offline engine), runs schemathesis, stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
st="${SCHEMATHESIS:-schemathesis}"
command -v "$st" >/dev/null || { echo "install schemathesis first: pip install schemathesis" >&2; exit 2; }
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
db=$(mktemp -d)/fuzz.db
env -u OPENAI_BASE_URL -u OPENAI_API_KEY PYTHONPATH=service python3 -m incident_brief serve --port "$port" --db "$db" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
"$st" run "http://127.0.0.1:$port/openapi.json" --checks not_a_server_error --max-examples "${1:-50}" --phases examples,coverage,fuzzing,stateful
