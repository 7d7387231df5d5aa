"""Affected services as notes name them: product surfaces and features said to fail (several shapes and languages),
capacity and security failures, "due to X being down", "problems with X", "the affected X"; never people, log names,
shouting words, fragments, functions, or systems said to be fine. Every note here is invented."""

import pytest

from incident_brief.evals.match import service_match
from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize

# id: (notes, names that must be listed, names that must not be)
NOTES = {
    'driver-app': (
        '# Routing incident 14 May\n\nFrom 06:10 the driver app shows stop lists in nonsense order after the optimiser release. Dispatch had to call drivers by phone. Rolled back at 07:25, resolved.\n',
        ['driver app'], []),
    'finale-stream': (
        'Sat 21:05 CET: viewers report buffering on the finale stream, mostly on smart TVs. The packager in region B ran out of disk. 21:40 moved traffic to region A, fixed. VOD was never affected.\n',
        ['finale stream'], ['VOD']),
    'matchmaking': (
        "[19:02] kai: matchmaking and the ranked queue are down, players stuck on 'searching'\n[19:10] mo: lobby service fine, api.us is fine\n[19:31] kai: redis failover done, queue back up. resolved\n",
        ['matchmaking', 'ranked queue'], ['api.us', 'lobby']),
    'portal': (
        'Summary: customer account portal showing stale balances for about 2 hours on 3 March. A replica stopped replicating after a disk filled up. Mobile banking: operational.\n',
        ['customer account portal'], ['Mobile banking']),
    'ehr': (
        '## Impact\nClinicians could not open new lab results in the EHR results inbox between 08:00 and 09:30.\n## Cause\nThe HL7 interface engine hit its connection limit.\n',
        ['EHR results inbox', 'HL7 interface engine'], []),
    'nl': (
        'Storing 12 juni: check-ins via de reisapp mislukken sinds 07:40, de poortjes werken wel. Oorzaak: verlopen certificaat op de API-gateway. Opgelost om 08:55.\n',
        ['reisapp'], []),
    'de': (
        'Störung Lager Nord, 2. Juli: Die Sortieranlage steht seit 05:20, Pakete werden von Hand sortiert. Ursache: SPS-Update. Um 07:05 wieder in Betrieb.\n',
        ['Sortieranlage'], []),
    'es': (
        'Incidente 9 de mayo: las transferencias inmediatas fallan desde las 10:12 para clientes de empresa. Causa: certificado caducado en el conector con el banco central. Resuelto 11:03.\n',
        ['transferencias inmediatas'], []),
    'capacity': (
        '# Uploads failing\n\n7:48 AM upload-service starts returning 503s\n8:20 AM the media bucket hit its multipart upload limit\n8:55 AM uploads succeed again\n',
        ['upload-service', 'media bucket'], []),
    'security': (
        '# Security incident: search cluster exposed to the internet\n\nFor six days the search cluster accepted connections from anywhere after a firewall rule was dropped. An API key was leaked from the build server logs. No customer data was read.\n',
        ['search cluster', 'build server'], []),
    'due-to': (
        'Deploys were blocked for two hours due to the artifact registry being down. Rolled back the storage driver and the registry came back at 15:10.\n',
        ['artifact registry'], []),
    'system-head': (
        'Oct 3\n* Our billing sync system went down for several hours during the vendor upgrade.\n- [x] Billing sync service restored\n',
        ['billing sync'], []),
    'problems-with': (
        'We saw problems with accessing the file store, which prevented some users from saving drafts. The affected APIs were the draft save and attachment upload endpoints.\n',
        ['file store'], []),
    'not-services': (
        'INCIDENT 88 - NOT RESOLVED YET\nLB logs show 502s from checkout-web since 10:02. Dana Whitfield paged. Messages are delivered at least once, so retries are safe. pg_cancel_backend(1234) run on the stuck query.\nNOT IMPACTED | payments-api, search-api\n',
        ['checkout-web'], ['LB logs', 'NOT', 'least once', 'Dana Whitfield', 'pg_cancel_backend', 'payments-api', 'search-api']),
}


def _services(notes: str) -> list[str]:
    return summarize(from_text(notes, "n.md", as_json=False)).affected_services


@pytest.mark.parametrize("key", sorted(NOTES))
def test_affected_services_named_and_fine_ones_left_out(key):
    notes, want, never = NOTES[key]
    got = _services(notes)
    assert all(any(service_match(g, w) for g in got) for w in want), got
    assert not any(service_match(g, n) for g in got for n in never), got


def test_a_crowd_of_items_after_the_affected_is_not_a_service():
    got = _services("geo-api returned wrong slots on Sunday. Fixed Monday; rescheduled the affected deliveries.\n")
    assert "deliveries" not in got


def test_no_impact_on_a_name_lists_it_as_unaffected():
    got = _services("The bucket-sync job failed twice overnight. There was no actual impact on the Billing portal.\n")
    assert not any("billing" in g.lower() for g in got)


def test_a_ticket_raised_with_a_vendor_does_not_name_the_vendor():
    got = _services("search-api was down from 10:02. Raised an issue with Acme Cloud at 10:29. Back at 10:50.\n")
    assert "Acme Cloud" not in got and "search-api" in got


def test_a_list_of_parts_before_a_governing_noun_is_not_listed():
    got = _services("# Downloads broken\n\nThe redirect URLs for crate and readme downloads were broken for 13 minutes.\n")
    assert not {"crate", "readme downloads"} & set(got)


def test_an_api_exposed_by_a_module_is_not_a_security_exposure():
    assert "admin functions" not in _services("Most of the admin functions exposed by the helper module were renamed.\n")
