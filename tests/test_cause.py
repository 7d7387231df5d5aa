"""Root cause chosen by meaning in the shapes notes come in: labels, chat and timeline entries, status updates,
terse handoffs, other languages, corrections; never a symptom, a to-do, a remediation or the response delay."""

from __future__ import annotations

import pytest

from incident_brief.offline.extract import cause
from incident_brief.structure import parse


def _cause(text: str) -> cause.Cause | None:
    return cause.root_cause(parse(text))


@pytest.mark.parametrize("text, expected", [
    # a cause label inside a timeline entry of an export
    ("Timeline (UTC):\n- 2025-01-02T10:00:00Z - Ana: Errors on the API. Cause: the worker pool ran out of "
     "connections after the deploy, so requests queued.\n- 2025-01-02T10:30:00Z - Ana: Resolved.\n",
     "The worker pool ran out of connections"),
    # a discovery lead in a chat message ("found it.")
    ("[9:14 AM] Kim: clients get 429s\n[9:21 AM] Lee: found it. the limiter reads values per second but they "
     "were written per day, so everyone got throttled\n[9:30 AM] Lee: rolled back\n",
     "The limiter reads values per second"),
    # a terse handoff label with '=' ends at the next line
    ("handoff 07:00 — night to day\nqueue full at 03:12, jobs stuck.\ncause = a consumer kept no offset and "
     "reprocessed the same batch for hours.\nstill open: alert on lag.\n",
     "A consumer kept no offset and reprocessed the same batch for hours."),
    # a bare cause heading line inside a description
    ("Description:\nJobs were written twice.\nCause\nThe scheduler retried the whole batch after a time out and "
     "the insert has no idempotency key.\n", "The scheduler retried the whole batch"),
    # a cause label in another language
    ("Betreff: Störung\n\n- Beginn: 09:10\n- Ursache: Das Zertifikat des Renderers war abgelaufen; keine PDFs.\n",
     "Das Zertifikat des Renderers war abgelaufen"),
    # the answer after a bold why-question on the same line
    ("## Questions\n\n**Why did prod get staging values?** The refactor listed the staging overlay after the "
     "production one, so the staging values won.\n", "The refactor listed the staging overlay"),
    # a status update stated as the last word among entries
    ("Timeline:\n- 2025-07-22T09:41:00Z - Identified: We have identified a slow query path and are rebuilding "
     "an index.\n- 2025-07-22T11:30:00Z - Resolved: The slowdown was caused by an index dropped by mistake "
     "during a schema migration.\n", "caused by an index dropped by mistake during a schema migration"),
    # a cause said over two sentences: the consequence points back at it
    ("Earlier this week we detected unauthorized access to the build platform. As a consequence, some "
     "secrets may have been read.\n", "we detected unauthorized access to the build platform"),
    # a failure as agent
    ("A general power failure on Monday at 5:34 makes some of our services unavailable until someone "
     "restarts them.\n", "power failure"),
])
def test_cause_stated_in_many_shapes(text, expected):
    found = _cause(text)
    assert found is not None and expected in found.found.value


def test_symptom_remediation_and_response_delay_are_not_the_cause():
    text = ("Our certificate renewal relied on an external service that has been discontinued.\n\n"
            "The delay in incident response was due to the pager being set up on a new phone.\n\n"
            "Hosting for private packages was affected due to its reliance on the API.\n\n"
            "We have made improvements to alerting, resulting in fewer missed pages.\n")
    assert _cause(text).found.value.startswith("Our certificate renewal relied on an external service")


def test_a_to_do_is_never_the_cause():
    text = ("[8:02 AM] maria: logins failing with 502s\n[8:14 AM] dev: reverting the config push\n"
            "[9:01 AM] maria: follow-ups: add a check that the hostname resolves instead of waiting for alerts\n")
    assert _cause(text) is None


def test_correction_names_the_earlier_guess():
    text = ("## Notes\n\n13:28 — Looks like the certificate on the CDN expired. Checking.\n"
            "13:41 — Certificate is valid until November. Not that.\n"
            "13:57 — Actually the cause is a new edge pool that serves the vendor's default certificate, so "
            "clients fail verification.\n14:22 — Resolved.\n")
    found = _cause(text)
    assert "new edge pool" in found.found.value
    assert found.superseded == "Looks like the certificate on the CDN expired."


def test_not_x_after_all_makes_the_next_sentence_the_cause():
    text = ("Timeline (UTC):\n- 2025-08-04T06:20:00Z - joao: Probably the certificate renewal, checking.\n"
            "- 2025-08-04T07:19:00Z - ines: Not the certificate after all. The ISP moved the uplink to a circuit "
            "with a smaller MTU and the concentrator drops our packets.\n")
    found = _cause(text)
    assert "smaller MTU" in found.found.value and found.superseded.startswith("Probably the certificate renewal")


def test_an_explicit_root_cause_beats_a_five_whys_about_detection():
    text = ("## Why?\n\n1. Why did it fail? Because the key changed per attempt.\n"
            "2. Why did the key change? Because a deploy made it random.\n"
            "3. Why was it not caught sooner? Because we alert on failures only.\n\n"
            "**Root cause:** the idempotency key was random per attempt, so redeliveries became new charges.\n")
    assert _cause(text).found.value.startswith("The idempotency key was random per attempt")


def test_cause_written_as_plain_sentences():
    text = ("[14:25] dev: actually it lines up with the canary push :eyes: the new config sets keepalive to 30s; "
            "the load balancer idle limit is 60s, so stale connections are reused\n")
    assert _cause(text).found.value == ("It lines up with the canary push. The new config sets keepalive to 30s. The "
                                        "load balancer idle limit is 60s, so stale connections are reused.")


def test_last_why_skips_the_detection_question():
    text = ("## Why?\n\n1. Why did it fail? Because the key changed per attempt.\n"
            "2. Why did the key change? Because a deploy made it random.\n"
            "3. Why was it not caught sooner? Because we alert on failures only.\n")
    assert _cause(text).found.value == "Because a deploy made it random."
