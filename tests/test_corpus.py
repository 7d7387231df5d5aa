"""Every real postmortem in the corpus yields a report, and no report states a number its source lacks."""

import json
from pathlib import Path

import pytest

from incident_brief.labels import derived_lines
from incident_brief.cli import main
from incident_brief.ingest import read_path
from incident_brief.offline.engine import summarize
from incident_brief.render import render
from incident_brief.llm.validate import unsupported_numbers

from .conftest import corpus_texts

TEXTS = corpus_texts()
DERIVED = derived_lines()  # the report's own time; a duration may be computed, a time converted


def _reason():
    return "real-postmortem corpus not found (set INCIDENT_BRIEF_CORPUS_DIR to ../shared/corpus)"


@pytest.mark.skipif(not TEXTS, reason=_reason())
@pytest.mark.parametrize("path", TEXTS, ids=[p.stem[:40] for p in TEXTS])
def test_corpus_text_yields_report_with_only_source_numbers(path, capsys):
    _report_has_only_source_numbers(path, capsys)


def _report_has_only_source_numbers(path, capsys):
    assert main(["summarize", str(path), "-q"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Executive Incident Report")
    source = read_path(str(path), 10 << 20)
    prose = "\n".join(line for line in markdown.splitlines() if not line.startswith(DERIVED))
    assert unsupported_numbers(prose, source.text) == []


@pytest.mark.skipif(not TEXTS, reason=_reason())
def test_corpus_reports_json_numbers_and_evidence_trace_to_source():
    for path in TEXTS:
        source = read_path(str(path), 10 << 20)
        report = summarize(source)
        data = json.loads(render(report, "json"))
        impact = data["impact"]
        figures = [impact["users_affected"], impact["customer_reports"],
                   (impact["revenue_impact"] or {}).get("amount")]
        assert unsupported_numbers(" ".join(str(f) for f in figures if f is not None), source.text) == [], path.name
        for field, spans in report.evidence.items():
            for span in spans:
                assert source.text[span.start:span.end] == span.quote, (path.name, field)


def test_unsupported_numbers_detector():
    assert unsupported_numbers("15,420 users and $287,500.00", "15420 users, revenue 287.5k") == []
    assert unsupported_numbers("15 users", "15,420 users") == ["15"]


def _more_texts():
    from incident_brief.evals.corpus import texts
    from incident_brief.settings import Settings

    folder = Settings().corpus_more_dir  # INCIDENT_BRIEF_CORPUS_MORE_DIR, else ../shared/corpus-more
    return folder, texts(folder)


MORE_DIR, MORE = _more_texts()
_MORE_REASON = f"second corpus not found at {MORE_DIR} (set INCIDENT_BRIEF_CORPUS_MORE_DIR to ../shared/corpus-more)"


@pytest.mark.skipif(not MORE, reason=_MORE_REASON)
@pytest.mark.parametrize("path", MORE, ids=[p.stem[:40] for p in MORE])
def test_corpus_more_text_yields_report_with_only_source_numbers(path, capsys):
    _report_has_only_source_numbers(path, capsys)


@pytest.mark.skipif(not MORE, reason=_MORE_REASON)
def test_corpus_more_evidence_traces_to_source_and_gold_loads():
    from incident_brief.evals.datasets import load

    for path in MORE:
        source = read_path(str(path), 10 << 20)
        for field, spans in summarize(source).evidence.items():
            for span in spans:
                assert source.text[span.start:span.end] == span.quote, (path.name, field)
    labelled = load("corpus-more", Path("."), Path("/nonexistent"), MORE_DIR)
    unlabelled = load("corpus-more-unlabelled", Path("."), Path("/nonexistent"), MORE_DIR)
    assert len(labelled) + len(unlabelled) == len(MORE) and labelled
    assert all("status" in c.expected and c.expected.get("root_cause_match") == "any" for c in labelled)
