"""Flags describe the report as it is shown: after the model fills or fixes a field, no flag contradicts it; every
flag names its field as the page labels it and says what to check in one sentence."""

import json
import re
from pathlib import Path

import pytest

from incident_brief.engines import summarize
from incident_brief.evals.consistency import contradictions
from incident_brief.ingest import from_text, read_path
from incident_brief.schema import Report, Status
from incident_brief.settings import Settings

from .fakeserver import ScriptedServer, stage

ROOT = Path(__file__).resolve().parents[1]
ZOO = [json.loads(line) for line in (ROOT / "eval/datasets/zoo.jsonl").read_text().splitlines() if line.strip()]


def _line_with(text: str, *words: str) -> str | None:
    """A line of the notes that holds every word (the quote a careful model would give)."""
    for line in text.splitlines():
        low = line.lower()
        if all(re.search(rf"(?<!\w){re.escape(w.lower())}(?!\w)", low) for w in words):
            return line.strip()[:300] or None
    return None


def _q(value, quote):
    return {"value": value if quote is not None else None, "quote": quote}


def zoo_facts(expected: dict, notes: str) -> dict:
    """The zoo's expected facts as the model's extraction answer, each with a quote from the notes."""
    status = expected.get("status") or "unknown"
    status_quote = _line_with(notes, status) if status != "unknown" else None
    sev = expected.get("severity_stated")
    sev_label = sev.split(" (")[0].split(": ")[-1] if sev else None
    users = expected.get("users_affected")
    users = users if isinstance(users, (int, float)) else None  # a gold note in words is not a count to quote
    users_quote = next((q for fmt in ("{:,}", "{}") if users is not None
                        and (q := _line_with(notes, fmt.format(users)))), None)
    duration = expected.get("duration_minutes")
    return {
        "title": _q(None, None), "status": {"value": status if status_quote else "unknown", "quote": status_quote},
        "severity": _q(sev_label, _line_with(notes, sev_label) if sev_label else None),
        "started_at": {"value": expected.get("start"), "quote": expected.get("start")},
        "detected_at": _q(None, None),
        "resolved_at": {"value": expected.get("end"), "quote": expected.get("end")},
        "duration_minutes": {"value": duration if isinstance(duration, (int, float)) else None, "quote": ""},
        "affected_services": [], "users_affected": _q(users, users_quote),
        "revenue_impact": {"amount": None, "currency": None, "quote": None},
        "customer_reports": _q(None, None), "what_happened": _q(None, None), "root_cause": _q(None, None),
        "actions_taken": [], "next_steps_immediate": [], "next_steps_preventive": [],
    }


def run_llm(source, extract: dict) -> Report:
    def decide(body):
        return {"content": json.dumps(extract) if stage(body) == "extract" else "{}"}

    with ScriptedServer([decide]) as srv:
        settings = Settings(openai_base_url=srv.url, openai_api_key="k", model="m", llm_timeout=5, llm_max_retries=0,
                            repair_rounds=0)
        return summarize(source, engine="llm", settings=settings)


@pytest.mark.parametrize("case", ZOO, ids=[c["id"] for c in ZOO])
def test_no_flag_contradicts_the_field_it_names_after_the_model(case):
    source = read_path(str(ROOT / case["path"]), 1 << 22)
    report = run_llm(source, zoo_facts(case["expected"], source.text))
    assert report.engine.name == "llm" and report.engine.fallback is None
    assert contradictions(report) == []


def _corpus_cases():
    from incident_brief.evals.datasets import load

    corpus, more = Settings().corpus_dir, Settings().corpus_more_dir
    return [c for name in ("corpus", "corpus-unlabelled", "corpus-more", "corpus-more-unlabelled")
            for c in load(name, ROOT, corpus, more)]


CORPUS = _corpus_cases()


@pytest.mark.skipif(not CORPUS, reason="real-postmortem corpora not found (set INCIDENT_BRIEF_CORPUS_DIR and "
                                       "INCIDENT_BRIEF_CORPUS_MORE_DIR to run these tests)")
@pytest.mark.parametrize("case", CORPUS, ids=[f"{c.dataset}:{c.id}" for c in CORPUS])
def test_no_flag_contradicts_the_field_it_names_on_real_postmortems(case):
    """The gold facts (or, unlabelled, nothing) as the model's answer: the flags of the final report still hold."""
    report = run_llm(case.source, zoo_facts(case.expected, case.source.text))
    assert report.engine.name == "llm" and report.engine.fallback is None
    assert contradictions(report) == []


NOTES_STATUSLESS = """Checkout errors on 2025-03-04
14:02 UTC checkout-api returned errors for card payments
14:10 UTC on-call paged, rollback started
14:54 UTC errors back to baseline, service restored
Duration: 9 days
Root cause: a bad config push to the payment router.
"""


def test_model_filled_status_and_duration_leave_no_stale_flag():
    offline = summarize(from_text(NOTES_STATUSLESS, "notes", as_json=False), engine="offline")
    assert any(f.field == "duration_minutes" for f in offline.review_flags)  # 9 days against a 52-minute window
    extract = zoo_facts({"status": "restored", "start": "2025-03-04T14:02:00Z", "end": "2025-03-04T14:54:00Z",
                         "duration_minutes": 52}, NOTES_STATUSLESS)
    extract["status"] = {"value": "resolved", "quote": "service restored"}
    report = run_llm(from_text(NOTES_STATUSLESS, "notes", as_json=False), extract)
    assert report.status is Status.resolved and report.duration_minutes == 52
    assert not [f for f in report.review_flags if f.field in ("status", "duration_minutes")]
    assert contradictions(report) == []


def test_flags_are_labelled_and_say_what_to_check():
    report = summarize(from_text("The API was slow for a while at 10:00.\n", "notes", as_json=False), engine="offline")
    by_field = {f.field: f for f in report.review_flags}
    assert by_field["status"].label == "Status" and "set the status" in by_field["status"].reason
    assert all(f.label and f.reason[0].isupper() for f in report.review_flags)
    assert contradictions(report) == []
