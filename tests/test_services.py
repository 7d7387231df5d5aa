"""Affected services: labelled lists anywhere, failure cue families, and the names that must stay out."""

from incident_brief.offline.extract.services import same_name, services
from incident_brief.structure import parse


def names(text: str) -> list[str]:
    found = services(parse(text))
    return found.value if found else []


def test_labelled_line_anywhere_is_read_as_a_list():
    got = names("Ticket TK-7\nPriority: P3\nAffected services: ledger-sync, billing portal and payouts\n\nSome text.\n")
    assert got[:3] == ["ledger-sync", "billing portal", "payouts"]


def test_itsm_and_component_labels():
    assert "Warehouse API" in names("Number: INC0042\ncmdb_ci: Warehouse API\nState: Closed\n")
    assert "Checkout Web" in names("Components: Checkout Web\nStatus: major_outage\n")


def test_status_page_component_reported_operational_is_not_affected():
    got = names("Components: Mail Relay\nStatus: major_outage\nComponents: Help Center\nStatus: operational\n")
    assert "Mail Relay" in got and "Help Center" not in got


def test_unaffected_list_below_affected_list_stays_out():
    got = names("Affected:\n- tally-api\n- quote-worker\n\nUnaffected:\n- fax-gateway\n\nDone:\n- restarted the pods\n")
    assert got == ["tally-api", "quote-worker"]


def test_prose_after_a_service_label_is_not_a_list():
    got = names("Services: the proxy was not configured to require a password, so anyone could connect to it\n")
    assert not any(len(n.split()) > 6 for n in got)


def test_cue_families_give_descriptive_names():
    text = ("# Outage notes\n\nCustomers could not reach the partner portal for an hour. "
            "We saw errors on the ledger export as well. The orders-api and stock-api were failing.\n")
    got = [n.lower() for n in names(text)]
    assert "partner portal" in got and "ledger export" in got
    assert "orders-api" in got and "stock-api" in got


def test_names_called_unaffected_are_not_listed():
    text = ("The quote-engine was down from 10:02 to 10:40 and quote-engine errors paged twice. "
            "The pricing-cache looked totally fine, and the Help Center was not affected. invoice-api untouched.\n")
    got = names(text)
    assert "quote-engine" in got
    assert not {"pricing-cache", "Help Center", "invoice-api"} & set(got)


def test_near_misses_are_not_services():
    text = ("The failed connection attempts piled up. Shipments delayed: 120. Builds of the crates failed overnight. "
            "We added a follow-up item; the service-wide outage ended in eu-west-1. write_entry failed again.\n")
    got = [n.lower() for n in names(text)]
    assert not {"connection attempts", "shipments", "crates", "follow-up", "service-wide", "eu-west-1", "write_entry"} & set(got)


def test_kebab_identifier_in_title_or_repeated():
    assert "vault-proxy" in names("Title: vault-proxy: tunnel flapping\n\nNotes follow.\n")
    assert "tile-render" in names("We rolled tile-render back. Then tile-render was redeployed.\n")
    assert "read-only" not in names("The disk went read-only. Still read-only at noon.\n")


def test_same_name_ignores_case_hyphens_the_and_service():
    assert same_name("the Image-CDN", "image cdn")
    assert same_name("sftp-ingest service", "SFTP ingest")
    assert not same_name("search", "search-indexer")


def test_title_names_the_failing_system():
    assert "Push notifications" in names("Title: Push notifications not delivered (iOS, then Android)\n\nSince 15:40 users get none.\n")
    assert "checkout" in names("# Incident: checkout slowness (draft)\n\nsomething is slow\n")
    got = names("# Intermittent TLS errors on api.example.test\n\nSome clients fail.\n")
    assert "api.example.test" in got


def test_a_title_without_a_failure_names_nothing():
    assert names("# Simultaneous launches on Tuesday\n\nA quiet day.\n") == []


def test_not_delivered_is_a_failure_not_a_negation():
    assert "Invoice emails" in names("# Notes\n\nInvoice emails not delivered since 09:00 for every tenant.\n")


def test_opening_failure_sentence_names_its_subject():
    text = "Ana: Product search has been returning stale results since 13:15.\nLater the queue drained.\n"
    assert "Product search" in names(text)


def test_terse_notes_asides_and_plus():
    got = names("sessions redis (cache-sessions-02) ran out of memory 03:12, ppl logged out of web + app. sev2.\n")
    assert {"sessions redis", "web", "app"} <= set(got)


def test_pods_name_their_system_and_non_english_cues():
    assert "coredns" in names("- 00:04 - bo: coredns pods are in CrashLoopBackOff, OOMKilled. coredns memory too low\n")
    got = names("- Ursache: invoice-mailer und das Kundenportal konnten keine PDFs mehr erzeugen.\n")
    assert "Kundenportal" in got
    assert any("application mobile" in n for n in names("- 07h42 : les réservations échouent sur l'application mobile\n"))


def test_an_authors_list_of_several_is_not_padded_with_the_opening_sentence():
    text = ("# Outage\n\nA rise in errors made card transactions fail at checkout.\n\n"
            "Affected services: pay-api, cart-service\n")
    assert names(text) == ["pay-api", "cart-service"]
