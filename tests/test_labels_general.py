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
