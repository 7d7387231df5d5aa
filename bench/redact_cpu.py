"""CPU time of redaction on adversarial input: runs of each pattern's own characters, 64 KiB to 1 MiB.

    .venv/bin/python bench/redact_cpu.py [--max-kib 1024]

Prints seconds of CPU per family and size, and the worst family at the largest size. Linear patterns grow
4x from one size to the next (x4 input); a quadratic one grows 16x.
"""

from __future__ import annotations

import argparse
import time

from incident_brief.redact import redact

# Runs of the characters each pattern repeats, and the prefixes it starts from.
FAMILIES = ["a-", "a.", "a@", "a@a.", "a ", "1 ", "1-", "1.", "12:00 ", "\n", "a", "A", "aA1/", "a/", "a:", ":",
            "a:a@", "://", "x://a:", "eyJ", "eyJa.", "-----BEGIN PRIVATE KEY-----", "-----BEGIN A", "-", "AKIA",
            "AKIAIOSFODNN7EXAMPLE ", "password ", "password=", "password: '", "key=", "secret=a1", "token: ",
            "Basic ", "Authorization: Basic ", "bearer ", "sig=", "sig=a", "\\\n", "a\\\n", "+1 ", "+1(", "(", "1",
            "DE89 ", "DE89", "123-45-", "ssn ", "ghp_", "xoxb-", "sk-", "https://hooks.slack.com/services/",
            "AccountKey=", "aws_secret=", "aws_session_token=", "FwoGZXIvYXdz", "::", "1:", "a1:", "%", "=", "=="]


def cpu(text: str) -> float:
    start = time.process_time()
    redact(text)
    return time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-kib", type=int, default=1024)
    args = ap.parse_args()
    sizes = [k for k in (64, 256, 1024) if k <= args.max_kib]
    print("family".ljust(36) + "".join(f"{k:>8} KiB" for k in sizes))
    worst = (0.0, "")
    for unit in FAMILIES:
        row = []
        for kib in sizes:
            text = "start " + unit * (kib * 1024 // len(unit)) + " end"
            row.append(cpu(text))
        worst = max(worst, (row[-1], unit))
        print(repr(unit)[:34].ljust(36) + "".join(f"{s:>10.3f}s" for s in row), flush=True)
    print(f"worst at {sizes[-1]} KiB: {worst[1]!r} {worst[0]:.3f} s CPU")


if __name__ == "__main__":
    main()
