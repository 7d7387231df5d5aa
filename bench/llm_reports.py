"""The LLM engine on every example and corpus text against a real OpenAI-compatible server.

    bench/llama_server.sh &      # or any endpoint: --base-url, OPENAI_API_KEY
    python bench/llm_reports.py [--base-url URL] [--model NAME] [--max-output-tokens N] [--repair-rounds N]

Prints per report: calls, prompt and completion tokens (the server's count), latency, sections repaired
and fallen back, and prompt tokens against the source's (both counted with tiktoken) to check
prompt <= 1.3 x source + a fixed overhead. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "service"))

from incident_brief.llm import tokens  # noqa: E402
from incident_brief.engines import summarize  # noqa: E402
from incident_brief.ingest import read_path  # noqa: E402
from incident_brief.render import render  # noqa: E402
from incident_brief.settings import Settings, get_settings  # noqa: E402
from incident_brief.llm.validate import unsupported_numbers  # noqa: E402

SECTIONS = 6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-url", default=os.environ.get("OPENAI_BASE_URL", "http://127.0.0.1:8765/v1"))
    ap.add_argument("--model", default=os.environ.get("INCIDENT_BRIEF_MODEL", "smollm2"))
    ap.add_argument("--max-output-tokens", type=int, default=1500)
    ap.add_argument("--repair-rounds", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    args = ap.parse_args()
    settings = Settings(openai_base_url=args.base_url, openai_api_key=os.environ.get("OPENAI_API_KEY") or "sk-local",
                        model=args.model, max_output_tokens=args.max_output_tokens, repair_rounds=args.repair_rounds,
                        llm_timeout=args.timeout, llm_max_retries=0)
    paths = sorted((ROOT / "examples").iterdir()) + sorted((get_settings().corpus_dir / "texts").glob("*.md"))
    paths = paths[:args.limit] if args.limit else paths
    enc = settings.tokenizer or tokens.encoding_name_for(settings.model)
    print(f"endpoint {args.base_url}, model {args.model}, max output {args.max_output_tokens}, "
          f"repair rounds {args.repair_rounds}, tokens counted with {enc}")
    print(f"{'document':38} {'calls':>5} {'prompt':>7} {'compl':>6} {'sec':>6} {'src_tok':>7} {'est_prompt':>10} "
          f"{'over_1.3x':>9} {'repaired':>8} {'fellback':>8} {'bad#':>4}")
    totals = {"repaired": 0, "fallback": 0, "reports": 0, "overheads": []}
    for path in paths:
        source = read_path(str(path), 10 << 20)
        started = time.perf_counter()
        report = summarize(source, engine="llm", settings=settings)
        seconds = time.perf_counter() - started
        e = report.engine
        src_tokens = tokens.count(source.text, enc)
        overhead = e.estimated_prompt_tokens - 1.3 * src_tokens
        markdown = render(report, "markdown")
        prose = "\n".join(l for l in markdown.splitlines() if not l.startswith(("**Report Generated", "**Duration")))
        bad = len(unsupported_numbers(prose, source.text))
        totals["repaired"] += len(e.repaired_sections)
        totals["fallback"] += len(e.fallback_sections)
        totals["reports"] += 1
        totals["overheads"].append(overhead)
        print(f"{path.name[:38]:38} {e.calls:>5} {e.prompt_tokens:>7} {e.completion_tokens:>6} {seconds:>6.1f} "
              f"{src_tokens:>7} {e.estimated_prompt_tokens:>10} {overhead:>9.0f} {len(e.repaired_sections):>8} "
              f"{len(e.fallback_sections):>8} {bad:>4}", flush=True)
    n = totals["reports"] * SECTIONS
    print(f"reports: {totals['reports']}; sections repaired: {totals['repaired']}/{n} ({totals['repaired'] / n:.0%}), "
          f"fallen back: {totals['fallback']}/{n} ({totals['fallback'] / n:.0%})")
    print(f"prompt tokens - 1.3 x source tokens: max {max(totals['overheads']):.0f}, "
          f"min {min(totals['overheads']):.0f} (the fixed overhead)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
