"""Root cause stated where notes state it without a "Root cause" heading: inline in chat and log entries, as a
short label in a terse handoff, as a guess when nothing else is said, in German, Spanish, French, Dutch,
Portuguese and Italian; a later correction wins and the earlier guess (or what it rules out) is named.
The notes are in tests/data/cause/ (written for these tests, several shapes: chat logs, PagerDuty and Opsgenie
exports, email, Jira comments, terse handoffs); cases.json gives what each cause must and must not state."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from incident_brief.ingest import from_text, read_path
from incident_brief.offline.engine import summarize
from incident_brief.offline.extract import cause
from incident_brief.structure import parse

DATA = Path(__file__).parent / "data" / "cause"
CASES = json.loads((DATA / "cases.json").read_text(encoding="utf-8"))
AT = datetime(2024, 1, 1, tzinfo=timezone.utc)


def _report(text: str):
    return summarize(from_text(text, "notes", as_json=False), generated_at=AT)


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_the_cause_the_notes_state_is_reported(case):
    source = read_path(DATA / case["file"], 10 ** 6)
    found = cause.root_cause(parse(source.text))
    assert found and case["expect"].lower() in found.found.value.lower()
    for wrong in case["forbid"]:
        assert wrong not in found.found.value
    report = summarize(source, generated_at=AT)
    assert report.root_cause  # the report states it (in plain words)
    flags = [f.reason for f in report.review_flags if f.field == "root_cause"]
    if "superseded" in case:
        assert any(case["superseded"] in reason for reason in flags), flags
    else:
        assert not any("corrected" in reason for reason in flags), flags


def test_what_the_author_does_next_is_not_part_of_the_cause():
    text = ("[03:10] ana: exports failing\n"
            "[03:25] ana: cause: the 4.1 worker image ships without the CA bundle, so TLS to the bucket fails; rolling back\n")
    found = cause.root_cause(parse(text)).found.value
    assert found.endswith("so TLS to the bucket fails.") and "rolling" not in found


def test_an_alert_or_a_symptom_in_a_log_is_not_the_cause():
    text = ("10:02 salta alerta (tiempo de respuesta 30 s superado) en pagos-api\n"
            "10:05 los clientes ven errores al pagar\n10:30 reiniciado pagos-api, todo normal\n")
    assert _report(text).root_cause is None


def test_an_observation_opened_by_looks_like_is_not_a_guess_at_the_cause():
    text = ("[13:05] rafa: looks like nothing has been processed since 09:40\n"
            "[13:20] rafa: looks like the API is slow again\n[14:00] rafa: all sorted\n")
    assert _report(text).root_cause is None


def test_a_guess_is_the_cause_only_until_a_correction():
    text = ("[08:00] li: checkout 500s\n[08:10] li: looks like the payment SDK 9.1 drops the idempotency header\n"
            "[08:40] li: actually the cause is the new WAF rule stripping custom headers, SDK is fine\n")
    found = cause.root_cause(parse(text))
    assert "WAF rule stripping custom headers" in found.found.value
    assert found.superseded.startswith("The payment SDK 9.1 drops") or "payment SDK 9.1" in found.superseded


@pytest.mark.parametrize("text, expected", [
    ("Die Störung wurde verursacht durch einen Cronjob, der die Sitzungstabelle jede Nacht leerte.", "Cronjob"),
    ("Le service est tombé à cause d'une mise à jour du noyau sur les nœuds de base de données.", "mise à jour du noyau"),
    ("La caída fue causada por una migración que bloqueó la tabla de facturas durante veinte minutos.", "migración"),
    ("De storing werd veroorzaakt door een verlopen certificaat op de load balancer.", "verlopen certificaat"),
    ("O serviço parou por causa de um disco cheio no servidor de filas após a rotação de logs falhar.", "disco cheio"),
    ("Il disservizio è stato causato da un aggiornamento del driver di rete sui nodi di calcolo.", "aggiornamento del driver"),
])
def test_cause_cues_in_other_languages(text, expected):
    found = cause.root_cause(parse("Incident\n\n" + text + "\n"))
    assert found and expected in found.found.value
