"""CPU time per KiB for adversarial runs through the whole offline engine and through redaction.

    .venv/bin/python bench/regex_cpu.py [--sizes 16,64,256,1024] [--family "12:00 "]

Each family is one short unit repeated to the size (KiB). Growth is the CPU time of the largest size over the
smallest, divided by the size ratio: 1.0 is linear, the old quadratic readers showed the size ratio itself.
Target: 1 MiB of every family under 2 s of CPU (see README, Security).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "service"))

from incident_brief.ingest import from_text  # noqa: E402
from incident_brief.offline.engine import summarize  # noqa: E402
from incident_brief.redact import redact  # noqa: E402

FAMILIES = ["\n", "12:00 ", "12 pm ", "[", "a-", "a.", "$5 ", "for 5 min ", "12:00 a\n"]
# Runs of cue phrases: every unit is a match the readers then weigh (names, causes, figures) -- the heaviest input
# per byte for the extractors, beyond the families issue 11 reported.
WORDS = ["A B failed ", "the X was down. ", "due to a bug. ", "could not reach Foo ", "3 orders lost. "]


def cpu(fn, *args) -> float:
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def engine(text: str) -> None:
    summarize(from_text("start " + text + " end", "bench", as_json=False), budget=10_000)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="16,64,256,1024", help="KiB, comma-separated")
    ap.add_argument("--family", action="append", help="a unit to repeat (default: the known families)")
    ap.add_argument("--words", action="store_true", help="also runs of cue phrases (%s)" % ", ".join(map(repr, WORDS)))
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'family':14} {'reader':7} " + " ".join(f"{str(s) + ' KiB':>12}" for s in sizes)
          + f"   growth  (ms/KiB)   s at {sizes[-1]} KiB")
    worst: dict[str, tuple[float, str]] = {}
    for unit in args.family or FAMILIES + (WORDS if args.words else []):
        for name, fn in (("engine", engine), ("redact", redact)):
            per_kib = []
            for size in sizes:
                text = unit * (size * 1024 // len(unit))
                per_kib.append(cpu(fn, text) * 1000 / size)
            growth = per_kib[-1] / per_kib[0] if per_kib[0] else float("nan")
            total = per_kib[-1] * sizes[-1] / 1000
            worst[name] = max(worst.get(name, (0.0, "")), (total, repr(unit)))
            print(f"{unit!r:14} {name:7} " + " ".join(f"{x:12.3f}" for x in per_kib)
                  + f"   {growth:6.2f}   {total:18.2f}", flush=True)
    for name, (total, unit) in worst.items():
        print(f"worst {name}: {unit} at {total:.2f} s of CPU for {sizes[-1]} KiB (target: under 2 s for 1024 KiB)")


if __name__ == "__main__":
    main()
