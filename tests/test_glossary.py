import re

import pytest

from incident_brief.offline.plain import Glossary, default_glossary, doubled_words

G = default_glossary()


def test_glossary_is_data_with_enough_terms():
    assert len(G) >= 80


def test_no_replacement_reintroduces_a_term():
    # This is what made the seed read "data storage system database access capacity".
    assert G.problems() == []
    naive = Glossary({"database": "data storage system", "connection pool": "database access capacity"})
    assert naive.problems(), "the check must catch the seed's own glossary"


def test_no_replacement_invents_a_number():
    assert [r for r in G.terms.values() if re.search(r"\d", r)] == []


@pytest.mark.parametrize("text, bad", [
    ("Automatic failover delayed due to network partition.", "automatic automatic"),
    ("Error details show deadlocks in payment processing worker.", "processing processing"),
    ("Database connection pool exhausted.", "data storage system database access capacity"),
])
def test_seed_defects_cannot_happen(text, bad):
    out = G.apply(text)
    assert bad not in out.lower()
    assert doubled_words(out) == []
    assert out != text, "the jargon itself should still be explained"


def test_seed_connection_pool_sentence_reads_plainly():
    assert G.apply("Database connection pool exhausted.") == "Database connection capacity exhausted."


def test_repeat_trimming_rescues_even_a_naive_glossary():
    naive = Glossary({"worker": "processing unit", "failover": "automatic backup system activation"})
    assert naive.apply("Conflicts in payment processing worker.") == "Conflicts in payment processing unit."
    assert naive.apply("Automatic failover was delayed.") == "Automatic backup system activation was delayed."


def test_longest_match_wins():
    assert G.apply("Deploy the hotfix after the automatic failover.") == \
        "Deploy the urgent fix after the automatic switch to the backup system."


def test_single_pass_never_replaces_its_own_output():
    for term in G.terms:
        once = G.apply(f"We saw {term} today.")
        assert G.apply(once) == once, term


def test_no_pair_of_terms_produces_doubled_words():
    terms = list(G.terms)
    for a in terms:
        for b in terms:
            text = f"The {a} {b} failed."
            assert len(doubled_words(G.apply(text))) <= len(doubled_words(text)), (a, b)


def test_capitalisation_is_kept():
    assert G.apply("Failover took ten minutes.").startswith("Switch to the backup system")
    assert G.apply("We saw high latency.") == "We saw slow responses."
    assert G.apply("- rollback started").startswith("- Reversal")
    assert G.apply("The DDoS ended.") == "The flood of malicious traffic ended."


def test_articles_are_fixed():
    assert G.apply("We shipped a hotfix.") == "We shipped an urgent fix."
    assert G.apply("An OOM kill followed.") == "An out-of-memory kill followed."
    assert G.apply("It was an SLA breach.") == "It was a service agreement breach."


def test_identifiers_quotes_and_service_names_stay():
    text = 'payment-api, `failover-worker`, db-replica.internal and the "rollback" flag; PostHog Feature Flags service.'
    out = G.apply(text, keep=["PostHog Feature Flags service"])
    assert out == text


def test_jargon_detector_sees_what_apply_would_change():
    assert G.jargon_in("The hotfix fixed the latency.") == ["hotfix", "latency"]
    assert G.jargon_in(G.apply("The hotfix fixed the latency.")) == []


def test_doubled_words_detector():
    assert doubled_words("the the report") == ["the the"]
    assert doubled_words("what it had had before") == []
