"""The incident id as notes write it: a label run, front matter, another language; never part of a longer id."""

import pytest

from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize


@pytest.mark.parametrize("notes, want", [
    ("# Orders stuck\n\nStatus: resolved · Severity: high · Incident ID: OPS-INC-412\n\nOrders queued for 20 minutes.\n",
     "OPS-INC-412"),
    ("# Orders stuck\n\nOwner: kim | Incident ID: 7731 | state: closed\n", "7731"),
    ("---\ntitle: Orders stuck\nincident_id: SHOP-2025-044\nseverity: SEV2\n---\n\n# Summary\n\nOrders stuck.\n",
     "SHOP-2025-044"),
    ("# Commandes bloquées\n\n**Identifiant :** INC-FR-2025-031\n\nLes commandes étaient bloquées.\n", "INC-FR-2025-031"),
    ("# Bestellungen\n\nKennung: VF-2025-118\n\nBestellungen hingen fest.\n", "VF-2025-118"),
])
def test_incident_id_is_read_as_written(notes, want):
    assert summarize(from_text(notes, "n.md", as_json=False)).incident_id == want


def test_front_matter_id_slug_is_not_an_incident_id():
    notes = "---\nid: why-our-builds-were-slow\ntitle: Slow builds\n---\n\n# Summary\n\nBuilds were slow.\n"
    assert summarize(from_text(notes, "n.md", as_json=False)).incident_id is None
