"""A Statuspage page export (the status API's summary or incidents list) is read as its first incident."""

import json

from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize

INCIDENT = {"id": "k7x2pq9rmn3v", "name": "Card payments failing", "status": "resolved", "impact": "major",
            "created_at": "2025-02-11T09:02:00Z", "resolved_at": "2025-02-11T09:47:00Z",
            "components": [{"name": "Card payments"}],
            "incident_updates": [{"status": "resolved", "body": "Payments are processing normally again.",
                                  "display_at": "2025-02-11T09:47:00Z"},
                                 {"status": "investigating", "body": "Card payments are failing for some shoppers.",
                                  "display_at": "2025-02-11T09:02:00Z"}]}
PAGE = {"id": "pg01zz99aa11", "name": "Shopfront Status", "url": "https://status.shopfront.example"}


def _report(data):
    source = from_text(json.dumps(data), "page.json", as_json=True)
    return source, summarize(source)


def test_summary_export_is_read_as_its_incident_not_the_page():
    source, report = _report({"page": PAGE, "incidents": [INCIDENT]})
    assert source.kind == "statuspage"
    assert report.incident_id == "k7x2pq9rmn3v" and report.title == "Card payments failing"
    assert report.status.value == "resolved"


def test_incidents_list_is_read_as_its_first_incident():
    older = dict(INCIDENT, id="old1old1old1", name="Older incident")
    source, report = _report([INCIDENT, older])
    assert source.kind == "statuspage" and report.incident_id == "k7x2pq9rmn3v"


def test_a_page_without_incidents_is_left_to_the_generic_reader():
    source, _ = _report({"page": PAGE, "incidents": []})
    assert source.kind != "statuspage"
