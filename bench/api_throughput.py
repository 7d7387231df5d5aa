"""API throughput on PostgreSQL with 1 and with 4 worker processes (offline engine).

    python bench/api_throughput.py [--workers 1,4] [--clients 8] [--seconds 20] [--postgres-url URL]

Needs a PostgreSQL server: --postgres-url or INCIDENT_BRIEF_TEST_POSTGRES_URL (an admin URL; `.ci/postgres.sh start
DIR` prints one). For each worker count it creates a fresh database, starts `incident-brief serve --workers N` on a
free loopback port, and has C concurrent clients POST the fixed example note (examples/payment-outage.md) to
/v1/reports for S seconds. Prints reports/s and p50/p95 latency per worker count; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.databases import fresh_postgres  # noqa: E402
from tests.liveserver import free_port  # noqa: E402

NOTES = (ROOT / "examples" / "payment-outage.md").read_text()


def start(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "service"), "INCIDENT_BRIEF_DATABASE_URL": url,
           "INCIDENT_BRIEF_ALLOWED_HOSTS": ""}
    proc = subprocess.Popen([sys.executable, "-m", "incident_brief", "serve", "--workers", str(workers),
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=5).status_code == 200:
                time.sleep(5 if workers > 1 else 0)  # the other workers finish starting
                return proc, base
        except httpx.TransportError:
            time.sleep(0.3)
    raise SystemExit("the service did not start")


def load(base: str, clients: int, seconds: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                r = http.post("/v1/reports", json={"notes": NOTES})
                elapsed = time.perf_counter() - started
                with lock:
                    if r.status_code == 201:
                        latencies.append(elapsed)
                    else:
                        errors[0] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0]


def measure(workers: int, clients: int, seconds: float) -> str:
    with fresh_postgres() as url:
        proc, base = start(url, workers)
        try:
            load(base, clients, 2)  # warm-up: connections, caches
            latencies, errors = load(base, clients, seconds)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(60)
    q = statistics.quantiles(latencies, n=100)
    return (f"workers={workers}: {len(latencies) / seconds:.1f} reports/s, p50 {q[49] * 1000:.0f} ms, "
            f"p95 {q[94] * 1000:.0f} ms, {errors} errors ({clients} clients, {seconds:.0f} s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", default="1,4")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--postgres-url")
    args = ap.parse_args()
    if args.postgres_url:
        os.environ["INCIDENT_BRIEF_TEST_POSTGRES_URL"] = args.postgres_url
    if not os.environ.get("INCIDENT_BRIEF_TEST_POSTGRES_URL"):
        raise SystemExit("set INCIDENT_BRIEF_TEST_POSTGRES_URL or pass --postgres-url (.ci/postgres.sh start DIR)")
    for n in (int(w) for w in args.workers.split(",")):
        print(measure(n, args.clients, args.seconds), flush=True)


if __name__ == "__main__":
    main()
