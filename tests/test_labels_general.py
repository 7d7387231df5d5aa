"""Labelled facts in the layouts and languages notes come in: severity, status, and the section a labelled line
opens (plain-text and Markdown key/value rows, aligned columns, terse 'Cause:' / 'Next:' lines, headings in
German, Spanish, French, Dutch, Portuguese and Italian).

Every note here (and under tests/data/labels/) is written for this test from invented incidents.
"""

from pathlib import Path

import pytest

from incident_brief.headings import section_kind
from incident_brief.ingest import from_text
from incident_brief.offline.engine import summarize
from incident_brief.schema import Severity, Status
from incident_brief.structure import parse, sections_of

DATA = Path(__file__).parent / "data" / "labels"


def report(notes: str):
    return summarize(from_text(notes, "notes", as_json=False))


def note(name: str):
    return report((DATA / name).read_text(encoding="utf-8"))


# --- which section a heading or a row label opens ---

@pytest.mark.parametrize("title, kind", [
    ("Ursache", "root_cause"), ("Fehlerursache", "root_cause"), ("Causa raíz", "root_cause"), ("Oorzaak", "root_cause"),
    ("Causa raiz", "root_cause"), ("Cause", "root_cause"), ("CAUSE", "root_cause"),
    ("Auswirkung", "impact"), ("Impacto", "impact"), ("Impatto", "impact"), ("IMPACT", "impact"),
    ("Maßnahmen", "actions"), ("Acciones", "actions"), ("Actions menées", "actions"), ("Azioni intraprese", "actions"),
    ("DONE", "actions"), ("Fixed", "actions"),
    ("Nächste Schritte", "next_steps"), ("Próximos pasos", "next_steps"), ("Prochaines étapes", "next_steps"),
    ("Vervolgacties", "next_steps"), ("Próximos passos", "next_steps"), ("Prossimi passi", "next_steps"),
    ("TODO (day)", "next_steps"), ("Next", "next_steps"), ("Follow-ups", "next_steps"),
    ("NOT IMPACTED", "unaffected"), ("Nicht betroffen", "unaffected"), ("Unaffected services", "unaffected"),
    ("Zusammenfassung", "summary"), ("Resumen", "summary"), ("Samenvatting", "summary"), ("Riepilogo", "summary"),
    ("Tijdlijn", "timeline"), ("Cronología", "timeline"),
])
def test_heading_kinds(title, kind):
    assert section_kind(title) == kind


@pytest.mark.parametrize("title", ["Next deploy window", "Severity", "Status", "Owner", "Window", "REF", "Notes"])
def test_not_a_section(title):
    assert section_kind(title) is None


def test_key_value_rows_open_sections():
    doc = parse("FIELD   | VALUE\n--------+------\nCAUSE   | a disk filled on db-2\nIMPACT  | 40 orders stuck\n"
                "TODO    | add disk alerts\n")
    assert [(s.kind, s.inline) for s in doc.sections] == [("root_cause", True), ("impact", True), ("next_steps", True)]
    assert doc.text[doc.sections[0].body_start:doc.sections[0].body_end].strip() == "a disk filled on db-2"


def test_markdown_header_row_is_not_a_key_value_row():
    doc = parse("| Remediation | Owner |\n|---|---|\n| add alerts | kim |\n")
    assert sections_of(doc, "next_steps") == []


def test_aligned_rows_need_a_neighbour():
    assert sections_of(parse("Impact    was felt by nobody we know of, said the team.\n\nOther prose.\n"), "impact") == []
    doc = parse("Root cause     a resolver push removed the forwarders\nImpact         212 CI jobs failed\n")
    assert [s.kind for s in doc.sections] == ["root_cause", "impact"]


def test_a_time_alone_is_a_field_not_a_section():
    doc = parse("Impact started: 2025-09-09T11:02:00.000Z\nFixed at: 2025-09-09T11:49:00.000Z\n")
    assert doc.sections == []


def test_labelled_line_is_a_sentence_of_its_own():
    r = report("handoff\n\napi down 13:05-13:50 UTC\nCause: the gateway certificate expired over the weekend\n"
               "Impact: partner pushes failed\nNext: automate renewal\nstatus: resolved\n")
    assert r.root_cause == "The gateway certificate expired over the weekend."
    assert r.status is Status.resolved
    assert r.next_steps.preventive + r.next_steps.immediate == ["Automate renewal"]


# --- severity in words and in other languages, mapped as the notes state it ---

@pytest.mark.parametrize("line, want", [
    ("SEVERITY     | sev two", Severity.high), ("Severity: high", Severity.high), ("sev one declared", Severity.critical),
    ("Priorität: hoch", Severity.high), ("Schweregrad: kritisch", Severity.critical), ("Prioridad: alta", Severity.high),
    ("alertas de latencia en búsqueda, gravedad crítica", Severity.critical), ("Gravité : majeure", Severity.high),
    ("Messagerie lente depuis 16:20, priorité haute", Severity.high), ("Ernst: kritiek", Severity.critical),
    ("Inlogproblemen klantportaal, prioriteit hoog", Severity.high), ("Severidade: alta", Severity.high),
    ("Incidente spedizioni - gravità alta", Severity.high), ("Priorità: P2", Severity.high),
    ("Prioridad: P1", Severity.critical), ("P2 Störung im Lager", Severity.high), ("Priority: low", Severity.low),
    ("urgency: high | priority: P3 | state: closed", Severity.medium), ("Urgency    hoch\nOwner      kim", Severity.high),
])
def test_severity_words(line, want):
    assert report(f"Warehouse scanners offline\n{line}\n10:05 scanners down\n10:40 fixed\n").severity is want


@pytest.mark.parametrize("line", [
    "Ernst: high load on the db again, can someone look",  # a person's name, not the Dutch label
    "Incidencia de pagos - gravedad por determinar",  # a label with no level
    "Panne messagerie, priorité à définir demain",
])
def test_not_a_severity(line):
    assert report(f"Warehouse scanners offline\n{line}\n10:05 scanners down\n10:40 fixed\n").severity is Severity.unknown


def test_translated_level_needs_no_review_but_a_foreign_major_does():
    flags = [f.reason for f in report("Störung Lager\nPriorität: hoch\n10:05 Scanner aus\n").review_flags if f.field == "severity"]
    assert flags == []
    flags = [f.reason for f in report("Panne stock\nGravité : majeure\n10:05 scanners hors service\n").review_flags
             if f.field == "severity"]
    assert any("majeure" in f for f in flags)


# --- status in other languages, as the story ends ---

@pytest.mark.parametrize("notes, want", [
    ("Lager langsam seit 07:30\n08:10 Index neu aufgebaut\n08:25 Störung entstört\n", Status.resolved),
    ("Lager langsam seit 07:30\n08:10 Index neu aufgebaut\n08:25 Störung noch nicht behoben\n", Status.unknown),
    ("Lager langsam seit 07:30\n08:10 Fix wird morgen behoben\n", Status.unknown),
    ("[10:02] lucia: búsqueda lenta\n[10:40] pablo: nodo reiniciado, mitigado por ahora\n", Status.mitigated),
    ("[10:02] lucia: búsqueda lenta\n[10:40] pablo: mitigado\n[11:30] lucia: incidente solucionado\n", Status.resolved),
    ("Réservations indisponibles\nStatut : rétabli\n", Status.resolved),
    ("Messagerie lente depuis 16:20\n17:05 purge lancée, incident toujours en cours\n", Status.investigating),
    ("Messagerie lente depuis 16:20\n17:05 incident résolu. Analyse des causes en cours.\n", Status.resolved),
    ("Inlogproblemen klantportaal\n09:40 configuratie teruggedraaid\n10:05 storing verholpen\n", Status.resolved),
    ("Facturen niet beschikbaar\nStatus: opgelost\n", Status.resolved),
    ("Checkout com erros\n20:40 problema resolvido\n", Status.resolved),
    ("Etichette non generate\n12:10 etichette di nuovo generate, stato: in osservazione\n", Status.monitoring),
    ("Pagamenti POS rifiutati\nInizio 15:40\nProblema risolto.\n", Status.resolved),
])
def test_status_words(notes, want):
    assert report(notes).status is want


# --- whole notes: every labelled fact in its place ---

def test_plain_table_handoff():
    r = note("plain_table_parcels.txt")
    assert (r.severity, r.status) == (Severity.high, Status.mitigated)
    assert r.root_cause.startswith("A schema migration locked")
    assert r.actions_taken == ["Killed the migration", "Replayed the buffered scans"]
    assert r.next_steps.immediate + r.next_steps.preventive == ["Re-run migration in small batches",
                                                                "Add lock time limit to migrations"]
    assert not {"driver app", "customer tracking page"} & {s.lower() for s in r.affected_services}


def test_aligned_columns():
    r = note("aligned_columns_dns.txt")
    assert (r.severity, r.status, r.incident_id) == (Severity.medium, Status.resolved, "NET-0917")
    assert r.root_cause.startswith("A resolver configuration push removed the forwarders")
    assert len(r.next_steps.immediate + r.next_steps.preventive) == 2


def test_terse_cause_impact_next():
    r = note("terse_cause_impact_next.txt")
    assert (r.severity, r.status) == (Severity.high, Status.resolved)
    assert r.root_cause == "The internal gateway certificate expired, nobody got the renewal mail."
    assert r.actions_taken == ["Issued a new certificate and reloaded the gateway server processes"]
    assert r.next_steps.immediate + r.next_steps.preventive == ["Automate certificate renewal", "Alert 14 days before expiry"]


@pytest.mark.parametrize("name, severity, status, cause, actions, steps", [
    ("de_zahlungen.md", Severity.critical, Status.resolved, "Ein abgelaufenes Zertifikat", 2, 2),
    ("de_terse_hoch.txt", Severity.high, Status.resolved, "Fehlender Index", None, 1),
    ("es_pedidos.md", Severity.high, Status.resolved, "Una regla nueva del firewall", 2, 1),
    ("es_chat_mitigado.txt", Severity.critical, Status.resolved, None, None, None),
    ("fr_reservations.md", Severity.high, Status.resolved, "Une mise à jour du pool", 2, 1),
    ("fr_terse_en_cours.txt", Severity.high, Status.investigating, None, None, None),
    ("nl_facturen.md", Severity.critical, Status.resolved, "Een verlopen API-sleutel", None, 2),
    ("nl_terse_hoog.txt", Severity.high, Status.resolved, None, None, None),
    ("pt_checkout.md", Severity.high, Status.resolved, "Um ", None, 1),
    ("it_spedizioni.txt", Severity.high, Status.monitoring, "La nuova versione della libreria PDF", None, 1),
    ("it_pagamenti.txt", Severity.high, Status.resolved, "Il certificato del terminale", 1, 1),
    ("en_words_urgency.txt", Severity.medium, Status.resolved, "A bad synonym file", None, None),
    ("md_kv_de.md", Severity.high, Status.resolved, "Ein fehlerhaftes Zertifikat", None, 2),
    ("bold_es.md", Severity.high, Status.mitigated, "La réplica de lectura", 2, 2),
    ("nl_followups.txt", Severity.critical, Status.resolved, "Een verlopen certificaat", 2, 2),
    ("pt_email.txt", Severity.high, Status.resolved, "O pool de conexões", 1, 1),
])
def test_notes_in_seven_languages(name, severity, status, cause, actions, steps):
    r = note(name)
    assert (r.severity, r.status) == (severity, status)
    if cause:
        assert r.root_cause.startswith(cause) and not {"Próximos", "passi", "|"} & set(r.root_cause.split())
    if actions is not None:
        assert len(r.actions_taken) == actions
    if steps is not None:
        assert len(r.next_steps.immediate + r.next_steps.preventive) == steps
