"""Does the HTTP service stall while reports wait on a slow model?

    python bench/serve_latency.py [--latency 1.0] [--creates 8] [--rounds 5] [--probes-per-second 50]

Starts a local OpenAI-compatible server (a real HTTP server on loopback) that answers every call after exactly
L seconds with a valid extraction or draft, then `python -m incident_brief serve` pointed at it. Fires N concurrent
model-backed POST /v1/reports (several rounds) and, while they are in flight, probes GET /healthz continuously. Prints:
  - /healthz p50/p99/max while the creates are in flight (target: p99 < 100 ms), next to the idle figures;
  - the wall time of the N creates against the ideal: model calls per report x L, all N in parallel (target <= 1.5x).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakeserver import ScriptedServer, stage  # noqa: E402  (a scripted server: the network boundary)
from tests.liveserver import free_port  # noqa: E402

from tests.test_llm_faults import GOOD_DRAFT, facts  # noqa: E402  (valid extraction and draft answers for NOTES)

NOTES = (ROOT / "examples" / "payment-outage.md").read_text()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def probe(client: httpx.Client, url: str, until: threading.Event, per_second: float) -> list[float]:
    times = []
    while not until.is_set():
        started = time.perf_counter()
        assert client.get(url + "/healthz").status_code == 200
        times.append((time.perf_counter() - started) * 1000)
        time.sleep(max(0.0, 1 / per_second - times[-1] / 1000))
    return times


def figures(name: str, ms: list[float]) -> str:
    return (f"{name}: {len(ms)} probes, p50 {statistics.median(ms):.1f} ms, p99 {percentile(ms, 99):.1f} ms, "
            f"max {max(ms):.1f} ms")


def start_service(model_url: str, db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "service"), "OPENAI_BASE_URL": model_url, "OPENAI_API_KEY": "bench",
           "INCIDENT_BRIEF_MODEL": "bench-model", "INCIDENT_BRIEF_LLM_MAX_RETRIES": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "incident_brief", "serve", "--port", str(port), "--db", str(db)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(url + "/healthz", timeout=1)
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("the service did not start")


def run(latency: float, creates: int, per_second: float, rounds: int) -> None:
    def answer(body):
        return {"sleep": latency, "content": json.dumps(facts() if stage(body) == "extract" else GOOD_DRAFT)}

    with tempfile.TemporaryDirectory() as tmp, ScriptedServer([answer]) as model:
        proc, url = start_service(model.url, Path(tmp) / "bench.db")
        try:
            with httpx.Client(timeout=60) as client:
                post = lambda: client.post(url + "/v1/reports", json={"notes": NOTES}, timeout=300)  # noqa: E731
                warm = post()  # loads the tokenizer and settles the structured-output mode, outside the timing
                assert warm.status_code == 201 and warm.json()["engine"]["name"] == "llm", warm.text
                idle = probe(client, url, _after(2.0), per_second)
                before = len(model.requests)
                busy, walls, statuses = [], [], set()
                for _ in range(rounds):
                    done = threading.Event()
                    with ThreadPoolExecutor(creates) as pool:
                        started = time.perf_counter()
                        futures = [pool.submit(post) for _ in range(creates)]
                        threading.Thread(target=lambda: ([f.result() for f in futures], done.set()), daemon=True).start()
                        busy += probe(client, url, done, per_second)
                        walls.append(time.perf_counter() - started)
                    statuses |= {f.result().status_code for f in futures}
                calls = (len(model.requests) - before) / creates / rounds
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    ideal = calls * latency
    wall = statistics.median(walls)
    print(f"model latency L = {latency:.2f} s; {rounds} rounds of {creates} concurrent creates, {calls:.0f} model calls "
          f"per report; statuses {sorted(statuses)}")
    print(figures("/healthz idle", idle))
    print(figures(f"/healthz with {creates} creates in flight", busy))
    print(f"wall time of {creates} creates (median of {rounds} rounds, worst {max(walls):.2f} s): {wall:.2f} s; ideal {ideal:.2f} s ({calls:.0f} x L, all in parallel); "
          f"{wall / ideal:.2f}x ideal")


def _after(seconds: float) -> threading.Event:
    event = threading.Event()
    threading.Timer(seconds, event.set).start()
    return event


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency", type=float, default=1.0, help="seconds the model takes per call (default 1.0)")
    ap.add_argument("--creates", type=int, default=8, help="concurrent model-backed creates (default 8)")
    ap.add_argument("--rounds", type=int, default=5, help="rounds of concurrent creates, probed throughout (default 5)")
    ap.add_argument("--probes-per-second", type=float, default=50, help="healthz probe rate (default 50)")
    args = ap.parse_args()
    run(args.latency, args.creates, args.probes_per_second, args.rounds)


if __name__ == "__main__":
    main()
