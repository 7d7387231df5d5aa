"""Batch speed against a model endpoint with fixed latency, and memory as inputs grow.

    python bench/batch_throughput.py [--latency 1.0] [--concurrency 8] [--reports 48] [--rss-inputs 10000]

1. Starts a local OpenAI-compatible server (a real HTTP server on loopback) that answers every call after
   exactly L seconds, runs `incident-brief batch --engine llm -c C` over small notes, and prints the wall time
   against the ideal: model calls x L / C (target <= 1.2x).
2. Runs an offline batch over a generated .jsonl of N small inputs in a child process and prints its peak RSS,
   next to the same for N/10 inputs: memory should stay flat as inputs grow.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "service"))

from tests.fakeserver import ScriptedServer, stage  # noqa: E402  (a scripted server: the network boundary)

NOTE = "Severity: SEV3\n2025-03-04\n09:05 UTC deploy of search-api\n09:12 UTC alerts fire\n09:40 UTC rolled back\n10:20 UTC resolved\n"
FACTS = {k: {"value": None, "quote": None} for k in ("title", "severity", "started_at", "detected_at", "resolved_at",
                                                   "duration_minutes", "users_affected", "customer_reports",
                                                   "what_happened", "root_cause")}
FACTS.update(status={"value": "resolved", "quote": "10:20 UTC resolved"}, revenue_impact={"amount": None, "currency": None, "quote": None},
             affected_services=[{"name": "search-api", "quote": "search-api"}], actions_taken=[], next_steps_immediate=[],
             next_steps_preventive=[])
DRAFT = {"what_happened": "Search was slow after a release.", "impact_summary": "Search users saw slow results.",
         "root_cause": "", "actions_taken": ["Reversed the release."], "next_steps_immediate": [], "next_steps_preventive": []}


def latency_run(latency: float, concurrency: int, reports: int) -> None:
    def answer(body):
        return {"sleep": latency, "content": json.dumps(FACTS if stage(body) == "extract" else DRAFT)}

    with tempfile.TemporaryDirectory() as tmp, ScriptedServer([answer]) as srv:
        src = Path(tmp) / "notes.jsonl"
        src.write_text("".join(json.dumps({"id": f"n{i:04d}", "notes": NOTE}) + "\n" for i in range(reports)))
        import asyncio

        from incident_brief.batch.run import run
        from incident_brief.settings import Settings

        settings = Settings(openai_base_url=srv.url, openai_api_key="bench", model="bench-model", llm_max_retries=0)
        from incident_brief.llm import tokens

        tokens.encoding(tokens.encoding_name_for(settings.model))  # load once, outside the timing
        started = time.perf_counter()
        asyncio.run(run(str(src), Path(tmp) / "out", "markdown", concurrency, "llm", settings))
        wall = time.perf_counter() - started
        calls = len(srv.requests)
    ideal = calls * latency / concurrency
    print(f"latency L={latency}s, concurrency C={concurrency}, reports={reports}, model calls={calls}")
    print(f"wall {wall:.2f}s vs ideal {ideal:.2f}s (calls x L / C): {wall / ideal:.2f}x")


def rss_run(inputs: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "notes.jsonl"
        with src.open("w") as fh:
            for i in range(inputs):
                fh.write(json.dumps({"id": f"n{i:05d}", "notes": NOTE.replace("search-api", f"svc-{i % 50}-api")}) + "\n")
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
        env["PYTHONPATH"] = str(ROOT / "service")
        script = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, "
                  "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", script, sys.executable, "-m", "incident_brief", "batch", str(src), "-o",
                              str(Path(tmp) / "out"), "--engine", "offline", "-q", "-c", "4"],
                             env=env, check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        kib = int(out.stdout.strip().splitlines()[-1])
        print(f"{inputs:>6} inputs: peak RSS {kib / 1024:.1f} MiB, {seconds:.1f}s ({inputs / seconds:.0f} reports/s)")
        return kib


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency", type=float, default=1.0)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--reports", type=int, default=48)
    ap.add_argument("--rss-inputs", type=int, default=10000)
    args = ap.parse_args()
    latency_run(args.latency, args.concurrency, args.reports)
    small = rss_run(max(1, args.rss_inputs // 10))
    large = rss_run(args.rss_inputs)
    print(f"peak RSS ratio {args.rss_inputs} vs {args.rss_inputs // 10} inputs: {large / small:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
