"""The glossary keeps the meaning: a labelled sentence set, and no known meaning change in any report."""

import os
import tomllib
from pathlib import Path

import pytest

from incident_brief.ingest import read_path
from incident_brief.offline.engine import summarize
from incident_brief.offline.plain import default_glossary, doubled_words

DATA = Path(__file__).parent / "data"
SENTENCES = tomllib.loads((DATA / "plain_sentences.toml").read_text())["sentence"]
CHANGES = tomllib.loads((DATA / "plain_meaning_changes.toml").read_text())["change"]
ZOO = sorted(p for p in (Path(__file__).parents[1] / "eval" / "datasets" / "zoo").iterdir() if p.name != "README.md")
G = default_glossary()


def test_the_set_is_large_and_varied():
    assert len(SENTENCES) >= 150
    assert sum(s["expect"] == "unchanged" for s in SENTENCES) >= 25  # names, English words, other languages


@pytest.mark.parametrize("case", SENTENCES, ids=[s["text"][:40] for s in SENTENCES])
def test_labelled_sentence(case):
    want = case["text"] if case["expect"] == "unchanged" else case["expect"]
    got = G.apply(case["text"])
    assert got == want
    assert not doubled_words(got)
    assert not [c["phrase"] for c in CHANGES if c["phrase"].lower() in got.lower()]


def test_a_kept_term_is_explained_at_its_first_use_in_the_report_only():
    w = G.writer()
    first, later = w.apply("Update the runbook for renewals."), w.apply("The runbook was old.")
    assert first == "Update the runbook (the team's step-by-step guide) for renewals."
    assert later == "The runbook was old."
    assert G.apply("The runbook (our guide) was old.") == "The runbook (our guide) was old."


def test_a_term_the_notes_use_as_a_name_is_written_as_that_name():
    notes = "Yesterday the Acme Feature Flags service was down for an hour.\n"
    w = G.writer(notes=notes)
    assert w.apply("Most feature flag requests failed.") == "Most Feature Flag requests failed."
    assert G.jargon_in(w.apply("Most feature flag requests failed.")) == []
    assert G.writer(notes="## Feature Flags\nThe flags failed.").apply("A feature flag failed.") == \
        "A feature switch failed."  # a heading is no name


def test_every_phrase_is_free_of_the_known_meaning_changes():
    # (a term that itself names the kind may keep it: "database shard" is a database partition)
    assert not [(t, c["phrase"]) for t, p in G.terms.items() for c in CHANGES
                if c["phrase"].lower() in p.lower() and c["phrase"].split()[0] not in t]


def _prose(report) -> str:
    return "\n".join(t for t in (report.what_happened, report.root_cause, report.impact.summary,
                                 *report.actions_taken, *report.next_steps.immediate,
                                 *report.next_steps.preventive) if t)


def _meaning_changes(paths: list[Path]) -> list[tuple[str, str]]:
    out = []
    for path in paths:
        text = _prose(summarize(read_path(str(path), 10 << 20))).lower()
        out += [(path.name, c["phrase"]) for c in CHANGES if c["phrase"].lower() in text]
    return out


def test_no_zoo_report_carries_a_known_meaning_change():
    assert len(ZOO) >= 20
    assert _meaning_changes(ZOO) == []


def _corpus(variable: str) -> list[Path]:
    folder = os.environ.get(variable)
    texts = Path(folder) / "texts" if folder else None
    return sorted(texts.glob("*.md")) if texts and texts.is_dir() else []


_ABSENT = "corpus not found (set INCIDENT_BRIEF_CORPUS_DIR / INCIDENT_BRIEF_CORPUS_MORE_DIR)"


@pytest.mark.parametrize("variable", ["INCIDENT_BRIEF_CORPUS_DIR", "INCIDENT_BRIEF_CORPUS_MORE_DIR"])
def test_no_corpus_report_carries_a_known_meaning_change(variable):
    paths = _corpus(variable)
    if not paths:
        pytest.skip(_ABSENT)
    assert _meaning_changes(paths) == []
