"""What Happened is written, not copied: notes in many shapes give plain sentences with only the notes' facts."""

import re
from datetime import datetime, timezone

import pytest

from incident_brief.figures import unsupported_numbers
from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize
from incident_brief.offline.happened import tidy

AT = datetime(2024, 1, 1, tzinfo=timezone.utc)

LABEL_RUN = """prio: P2 | state: closed | owner: dana
svc: ledger-api
impact: about 1,200 invoices were issued twice between 08:10 and 08:55 UTC on 3 March 2025.
cause: a retry loop in ledger-api resent invoices after a timeout.
fix: disabled the retry loop and voided the duplicates.
"""

LOG_LINES = """2025-03-03T08:10:02Z ERROR ledger-api request failed status=503 path=/invoices
2025-03-03T08:10:05Z ERROR ledger-api request failed status=503 path=/invoices
2025-03-03T08:12:00Z alice: ledger-api is failing every invoice request with 503 errors since 08:10 UTC.
2025-03-03T08:40:00Z bob: Restarted ledger-api with the previous configuration.
2025-03-03T08:55:00Z alice: error rate back to zero, resolved.
"""

CHAT = """[9:14 AM] Priya: :rotating_light: partners are getting 429 errors on the public API, way below their quota https://grafana.example/d/abc
[9:15 AM] Priya: support has 9 tickets already :fire:
[9:20 AM] Omar: looking. the new rate-limit config halved every quota
[9:31 AM] Omar: Reverted the rate-limit config, 429s gone :tada:
[9:40 AM] Priya: resolved, thanks all
"""

TABLE = """# Orders database failover

| Field | Value |
|---|---|
| Severity | SEV1 |
| Status | Resolved |
| Start | 2025-02-20 10:02 UTC |
| End | 2025-02-20 11:40 UTC |

| Time | Event |
|---|---|
| 10:02 | order-service writes fail with read-only errors |
| 11:35 | Restarted order-service |

## Impact
About 9,300 customers could not place an order.
"""

FAQ = """# Incident FAQ: search outage

**Q: Was my data affected?**
A: No. No customer data was lost or exposed.

**Q: What went wrong?**
A: Search returned errors for every query from 14:00 to 14:45 UTC because the search cluster ran out of disk space.

**Q: What did you do?**
A: We added disk space and restarted the search cluster.
"""

GOOD_SUMMARY = """# Payments delayed

## Summary

On 4 May 2025 between 10:00 and 11:30 UTC card payments were accepted but not captured, so about 2,000 orders
stayed pending. A certificate on the capture service had expired. The team renewed the certificate and replayed
the pending captures.

## Timeline

- 10:00 capture errors start
- 11:30 captures replayed, resolved
"""

SHAPES = {"label run": LABEL_RUN, "log lines": LOG_LINES, "chat": CHAT, "table": TABLE, "faq": FAQ,
          "good summary": GOOD_SUMMARY}


def _happened(text: str) -> str:
    return summarize(from_text(text, "notes", as_json=False), generated_at=AT).what_happened or ""


@pytest.mark.parametrize("shape", SHAPES)
def test_what_happened_is_plain_sentences(shape):
    text = _happened(SHAPES[shape])
    assert text, f"{shape}: the notes say what failed"
    assert "|" not in text, "no table or label run"
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d|\d:\d\d:\d\d", text), "no raw timestamps"
    assert not re.search(r":[a-z_]+:", text), "no emoji codes"
    assert "http" not in text and "<" not in text, "no URLs"
    assert not re.search(r"(?:^|\. )\w[\w ]{0,20}: ", text), "no label lines"
    assert not re.search(r"\[\d{1,2}:\d{2}", text), "no chat stamps"
    assert 1 <= len(re.findall(r"[.!?](?:\s|$)", text)) <= 4 and len(text) <= 600
    assert not unsupported_numbers(text, SHAPES[shape]), "every number comes from the notes"


def test_label_run_states_its_facts():
    text = _happened(LABEL_RUN)
    assert "1,200 invoices were issued twice" in text
    assert "retry loop" in text  # why
    assert "prio" not in text.lower() and "owner" not in text.lower()


def test_log_lines_give_the_failure_and_the_fix():
    text = _happened(LOG_LINES)
    assert text.startswith("Ledger-api is failing every invoice request with 503 errors")
    assert "restarted ledger-api" in text.lower()
    assert "status=503" not in text


def test_chat_gives_the_first_message_cleaned():
    text = _happened(CHAT)
    assert text.startswith("Partners are getting 429 errors on the public API")
    assert "Priya" not in text and "grafana" not in text


def test_table_note_gives_the_impact_not_the_table():
    text = _happened(TABLE)
    assert "9,300 customers could not place an order" in text
    assert "Severity" not in text and "SEV1" not in text


def test_faq_gives_the_answer_that_says_what_failed():
    text = _happened(FAQ)
    assert "Search returned errors for every query from 14:00 to 14:45 UTC" in text
    assert "Q:" not in text and "A:" not in text


def test_good_summary_keeps_its_sentences():
    text = _happened(GOOD_SUMMARY)
    assert text.startswith("On 4 May 2025 between 10:00 and 11:30 UTC card payments were accepted but not captured")
    assert "A certificate on the capture service had expired." in text
    assert "The team renewed the certificate and replayed the pending captures." in text


def test_composed_window_only_with_numbers_the_notes_write():
    notes = "ledger-api failed every request with 503 errors for a while.\nStarted: 2025-03-03T08:10:00Z\nResolved: 2025-03-03T08:55:00Z\n"
    text = _happened(notes)
    assert text.startswith("Ledger-api failed every request with 503 errors")
    assert not unsupported_numbers(text, notes), text


def test_evidence_points_at_the_sentences_used():
    report = summarize(from_text(CHAT, "notes", as_json=False), generated_at=AT)
    quotes = [span.quote for span in report.evidence["what_happened"]]
    assert any("partners are getting 429" in q for q in quotes)


@pytest.mark.parametrize("raw", ["prio: P2 | state: closed | owner: dana", "2025-03-03T08:10:02Z ERROR request failed",
                                 "Timeline, 2025-09-28, times in UTC:", "Is the poller even running?", "TBD",
                                 "ML PLATFORM — INCIDENT HANDOFF =========="])
def test_tidy_refuses_what_is_not_prose(raw):
    assert tidy(raw) is None


def test_tidy_cleans_a_chat_line():
    # the chat time and the speaker's full name are both taken off (clean() reads "[9:14 AM] Priya Shah: " as a prefix)
    assert tidy("[9:14 AM] Priya Shah: :fire: checkout is throwing 502s on every order <https://x.example|View>") == (
        "Checkout is throwing 502s on every order.", "")
