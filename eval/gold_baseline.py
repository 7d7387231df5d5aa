"""Field-level results of the offline engine against the corpus gold annotations.

    python eval/gold_baseline.py

A shortcut for `incident-brief eval --engine offline --dataset corpus` (the corpus is read from
../shared/corpus or INCIDENT_BRIEF_CORPUS_DIR; without it there is nothing to score).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "service"))

from incident_brief.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["eval", "--engine", "offline", "--dataset", "corpus", *sys.argv[1:]]))
