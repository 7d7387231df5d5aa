#!/usr/bin/env bash
# Load the HTTP API (offline engine) from wrk on loopback for a fixed time; print throughput, latency, errors.
#   bench/load_api.sh [SECONDS] [CONNECTIONS]
# Posts the seed-sized example notes (examples/payment-outage.md) to POST /v1/reports on a fresh SQLite file.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "install wrk first (Debian: apt-get install wrk)" >&2; exit 2; }
secs="${1:-20}"; conns="${2:-8}"
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
dir=$(mktemp -d)
env -u OPENAI_BASE_URL -u OPENAI_API_KEY PYTHONPATH=service python3 -m incident_brief serve --port "$port" --db "$dir/load.db" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
python3 - "$dir/post.lua" <<'PY'
import json, sys, pathlib
body = json.dumps({"notes": pathlib.Path("examples/payment-outage.md").read_text()})
pathlib.Path(sys.argv[1]).write_text(
    'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ' + json.dumps(body) + "\n"
    'done = function(summary, latency, requests)\n'
    '  io.write(string.format("requests %d, errors: connect %d read %d write %d status %d timeout %d\\n",'
    ' summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,'
    ' summary.errors.timeout))\n'
    '  io.write(string.format("throughput %.1f requests/s\\n", summary.requests / (summary.duration / 1e6)))\n'
    '  io.write(string.format("latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\\n",'
    ' latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))\n'
    'end\n')
PY
echo "POST /v1/reports with $(wc -c < examples/payment-outage.md) bytes of notes, ${secs}s, ${conns} connections, 1 server process"
wrk -t 1 -c "$conns" -d "${secs}s" --latency -s "$dir/post.lua" "http://127.0.0.1:$port/v1/reports" | tail -4
