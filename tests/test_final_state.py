"""The final state of the story, in every shape: status and figures as the notes end, when the notes correct
themselves; the superseded value is named for a reviewer. The notes are in tests/data/final-state/ (invented
incidents: exports, chat, email, terse timelines, German, French, Portuguese and Italian prose)."""

from datetime import datetime, timezone
from pathlib import Path

import pytest

from incident_brief.ingest import from_text, read_path
from incident_brief.offline.engine import summarize
from incident_brief.schema import Status

NOTES = Path(__file__).parent / "data" / "final-state"
WHEN = datetime(2025, 1, 1, tzinfo=timezone.utc)


def report(name: str):
    return summarize(read_path(str(NOTES / name), 10**6), generated_at=WHEN)


def of_text(text: str):
    return summarize(from_text(text, "notes", as_json=False), generated_at=WHEN)


def flags(r, field: str) -> list[str]:
    return [f.reason for f in r.review_flags if f.field == field]


def figures(r) -> set[tuple[float, str]]:
    return {(f.value, f.unit) for f in r.impact.figures}


@pytest.mark.parametrize("name, status, superseded", [
    ("kds-dinner.md", Status.monitoring, "Closed"),            # a closed field, then "still monitoring thru dinner peak"
    ("webhook-chat.txt", Status.monitoring, "resolved"),       # "deliveries resolved", then "keeping an eye on it"
    ("search-alias.txt", Status.resolved, "investigating"),    # a header above a body that ends "fixed, all good"
    ("payouts-email.txt", Status.mitigated, "resolved"),       # "State: resolved", then "Mitigated, vendor fix pending"
    ("ueberweisungen.txt", Status.monitoring, "erledigt"),     # "vorerst behoben, wir beobachten weiter"
    ("paiements.md", Status.monitoring, "résolu"),             # "toujours sous surveillance jusqu'à demain"
    ("pix.md", Status.mitigated, "fechado"),                   # "mitigado, aguardando correção do fornecedor"
    ("ordini.txt", Status.monitoring, "risolto"),              # "Stiamo ancora monitorando"
    ("jira-labels.json", Status.mitigated, "Done"),            # a Jira status, then a comment "Mitigated by ..."
    ("opsgenie-webhooks.json", Status.monitoring, "closed"),   # a closed alert, then a note "still monitoring"
])
def test_the_story_s_last_status_wins_and_the_superseded_one_is_named(name, status, superseded):
    r = report(name)
    assert r.status is status
    assert any(superseded in reason and "later" in reason for reason in flags(r, "status"))


@pytest.mark.parametrize("text, status", [
    ("[14:40] ana: resolved, reverted the deploy\n[14:45] raj: keeping an eye on it for the next 24h", Status.monitoring),
    ("Incident resolved 14:10. Monitoring for 24h.", Status.monitoring),
    ("Status: investigating\n\nBack to normal at 15:00, all good now.", Status.resolved),
    ("Status: resolved\n\nWorkaround in place, permanent fix pending.", Status.mitigated),
    ("State: closed\n\nMitigated by routing to the backup acquirer, vendor fix pending.", Status.mitigated),
    ("Status: open\n\n11:02 fixed, all good", Status.resolved),
    ("Stato: chiuso\n\n12:40 soluzione temporanea attiva, il fornitore lavora alla correzione.", Status.mitigated),
    ("Status: Resolved\n\n14:00 errors stopped\n15:10 issue recurred, investigating again", Status.investigating),
    ("14:00 fixed. 14:20 errors are back. 14:50 rolled back, resolved.", Status.resolved),
    ("The job had failed again and again before anyone noticed. Resolved Monday 09:10.", Status.resolved),
])
def test_status_shapes(text, status):
    assert of_text(text).status is status


@pytest.mark.parametrize("text, status", [
    ("The outage was resolved at 10:10 and we kept monitoring for 2 hours afterwards.", Status.resolved),
    ("Resolved at 10:10. We should keep an eye on disk usage going forward.", Status.resolved),
    ("Resolved, but errors are back in EU; investigating.", Status.investigating),
    ("Status: resolved\n\nMonitoring, alerting and dashboards worked as designed.", Status.resolved),
    ("Status: behoben\n\nDie Überweisungen werden nicht mehr beobachtet.", Status.resolved),
    ("Status: Resolved\n\nWe added an alert so that the issue does not recur.", Status.resolved),
])
def test_past_plans_and_negations_do_not_walk_the_status_back(text, status):
    assert of_text(text).status is status


def test_a_normal_progression_is_not_flagged():
    r = of_text("09:10 investigating\n09:40 identified\n10:05 monitoring\n10:40 resolved")
    assert r.status is Status.resolved and not flags(r, "status")


@pytest.mark.parametrize("name, expected, earlier", [
    ("exports-camila.txt", {(1246, "exports")}, "900"),      # an early count redone across messages
    ("declines.txt", {(18940, "txns")}, "5,000"),             # "first guess", then "recount ...: 18,940 declined"
    ("labels-carrier.md", {(4310, "labels")}, "2,000"),       # "2k labels", later "4,310 labels in total"
    ("ueberweisungen.txt", {(3870, "überweisungen")}, "2,000"),  # a label line with the outcome first
    ("paiements.md", {(1240, "commandes")}, "600"),
    ("jira-labels.json", {(4310, "labels")}, "2,000"),       # the description's estimate, then a comment's count
])
def test_the_later_figure_wins_and_the_earlier_is_flagged(name, expected, earlier):
    r = report(name)
    assert figures(r) == expected
    assert any(earlier in reason and "later" in reason for reason in flags(r, "impact.figures"))


@pytest.mark.parametrize("text, value, earlier", [
    # a correction told before the first count it corrects: the first count is provisional, the correction stands
    ("Korrektur: 2.150 fehlgeschlagene Zahlungen (nicht 1.500). Erste Zählung: 1.500 fehlgeschlagene Zahlungen.",
     2150, "1,500"),
    ("10:05 Initial tally: 1,100 orders not placed.\n11:30 Revised: 1,480 orders not placed.", 1480, "1,100"),
    ("Stima iniziale: circa 800 ordini persi. Conteggio finale: 1.130 ordini persi.", 1130, "800"),
])
def test_a_provisional_count_never_replaces_a_firm_one(text, value, earlier):
    r = of_text(text)
    assert [f.value for f in r.impact.figures] == [value]
    assert any(earlier in reason for reason in flags(r, "impact.figures"))


def test_figures_in_portuguese_and_italian_prose():
    r = report("pix.md")
    assert figures(r) == {(4812, "pedidos"), (1306, "pedidos")}  # the noun counted, not the product name after it
    assert (r.impact.revenue_impact.amount, r.impact.revenue_impact.currency) == (387000, "BRL")  # "R$ 387 mil"
    assert figures(report("ordini.txt")) == {(2150, "ordini")}


def test_numbers_in_words_and_customer_reports():
    r = report("donors.md")
    assert r.impact.users_affected == 2300
    assert (r.impact.revenue_impact.amount, r.impact.revenue_impact.currency) == (41000, "USD")
    assert r.impact.customer_reports == 85  # "cs has 85 tix" comes first; the 41 complaints are another count
    assert not figures(r)


def test_queues_capacity_thresholds_pods_versions_and_a_wrong_count_are_no_figures():
    r = report("waiting-room.md")
    assert not figures(r)
    assert r.impact.users_affected is None


@pytest.mark.parametrize("text", [
    "Early estimate: 5,000 customers affected. The 5,000 customers figure was wrong (double counted).",
    "The dashboard showed 3,000 failed payments but that number turned out to be inflated by retries.",
    "Die 1.200 fehlgeschlagenen Zahlungen waren doppelt gezählt.",
])
def test_a_count_the_notes_call_wrong_is_none(text):
    r = of_text(text)
    assert not figures(r) and r.impact.users_affected is None


@pytest.mark.parametrize("text, amount", [
    ("Perda estimada de R$ 1,2 milhão em vendas.", (1200000, "BRL")),
    ("We lost US$ 12,000 in sales.", (12000, "USD")),
])
def test_reais_are_never_dollars(text, amount):
    m = of_text(text).impact.revenue_impact
    assert (m.amount, m.currency) == amount


def test_only_the_count_called_wrong_is_dropped():
    r = of_text("Ops said 7,000 orders were stuck but that figure was wrong; 2,100 orders were stuck. Resolved.")
    assert figures(r) == {(2100, "orders")}


@pytest.mark.parametrize("text, expected", [
    ("Rate limit of 500 requests per second was exceeded, 12,000 requests were rejected with 429.",
     {(12000, "requests")}),  # a limit in the clause before is no setting of this number
    ("When the error rate goes above 5%, 300 requests fail per minute.", set()),  # a condition
    ("The waiting room held 40,000 users at peak; we let 2,000 people through the queue every minute.", set()),
    ("Kafka lag reached 50,000 messages. 30 of 120 pods were OOM-killed. Version 2.14 failed to start.", set()),
])
def test_limits_conditions_queues_pods_and_versions(text, expected):
    r = of_text(text)
    assert figures(r) == expected and r.impact.users_affected is None


@pytest.mark.parametrize("text", [
    "About 3,000 users per minute could not log in between 10:00 and 10:20.",
    "Each class has 30 students; 25 students per class could not submit.",
])
def test_a_rate_is_no_count_of_people_affected(text):
    assert of_text(text).impact.users_affected is None


def test_a_wrong_total_is_still_an_outcome():
    assert figures(of_text("340 orders shipped to the wrong address. Resolved.")) == {(340, "orders")}
