#!/usr/bin/env bash
# Re-record every cassette against a real local OpenAI-compatible server (SmolLM2-135M on llama-cpp-python).
set -euo pipefail
cd "$(dirname "$0")/.."
bench/llama_server.sh > .llm-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 120); do curl -sf http://127.0.0.1:8765/v1/models >/dev/null && break; sleep 2; done
python -m pytest tests/test_llm_cassettes.py --record-mode=rewrite -q -p no:cacheprovider
OPENAI_BASE_URL=http://127.0.0.1:8765/v1 OPENAI_API_KEY=sk-local INCIDENT_BRIEF_MODEL=smollm2 \
INCIDENT_BRIEF_MAX_OUTPUT_TOKENS=700 INCIDENT_BRIEF_REPAIR_ROUNDS=1 INCIDENT_BRIEF_LLM_TIMEOUT=600 \
INCIDENT_BRIEF_LLM_MAX_RETRIES=0 \
  python -m incident_brief eval --engine llm --dataset examples --dataset adversarial \
    --cassettes eval/cassettes/llm --record --write-baseline eval/baselines/llm.json
