"""Prompt v2 (issue 14, item 5): the incident id and other impact figures the model reads reach the report by
their own quotes; a wrong id or figure is dropped with its reason; the caller's id wins; the draft gets the
impact window and the figures."""

import json

from incident_brief.engines import summarize
from incident_brief.ingest import from_text
from incident_brief.llm.ground import ground
from incident_brief.llm.schema import ExtractedFactsV2
from incident_brief.settings import Settings

from .fakeserver import ScriptedServer, stage
from .security.test_grounding import extracted, q, reasons

NOTES = ("INC-20931 — Hotel bookings failing (all times CET)\n2025-02-03\n"
         "07:45 booking-api starts returning errors for guests\n"
         "08:20 rollback of the pricing change done, bookings recover\n"
         "Impact: an estimated 2.700 Buchungen lost; 12% of searches failed; ~1,300 guests could not book.\n")


def v2(**over) -> ExtractedFactsV2:
    return ExtractedFactsV2.model_validate({**extracted().model_dump(), **over})


def fig(label, value, unit, quote):
    return {"label": label, "value": value, "unit": unit, "quote": quote}


def test_id_and_figures_stated_in_any_notation_are_kept():
    g = ground(v2(incident_id=q("INC-20931", "INC-20931 — Hotel bookings failing"),
                  other_impact_figures=[fig("bookings lost", 2700, "bookings", "2.700 Buchungen lost"),
                                        fig("searches failed", 12, "%", "12% of searches failed")]), NOTES)
    assert g.values["incident_id"] == "INC-20931"
    assert [(f.label, f.value, f.unit) for f in g.values["impact.figures"]] == [
        ("bookings lost", 2700, "bookings"), ("searches failed", 12, "%")]
    assert len(g.spans["impact.figures"]) == 2 and g.dropped == []


def test_a_figure_its_quote_does_not_state_and_an_id_not_in_its_quote_are_dropped_with_reasons():
    g = ground(v2(incident_id=q("INC-99999", "INC-20931 — Hotel bookings failing"),
                  other_impact_figures=[fig("bookings lost", 27000, "bookings", "2.700 Buchungen lost"),
                                        fig("searches failed", 120, "%", "12% of searches failed"),
                                        fig("rooms lost at ghost-hotel-api", 12, "%", "12% of searches failed")]), NOTES)
    assert "incident_id" not in g.values and "impact.figures" not in g.values
    assert reasons(g, "incident_id") == ["the id 'INC-99999' is not in its quote"]
    assert reasons(g, "impact.figures") == [
        "'bookings lost': 27000 is not what the quoted words state",
        "'searches failed': 120 is not what the quoted words state",
        "'rooms lost at ghost-hotel-api': the name 'ghost-hotel-api' is not in the notes"]


def test_a_title_is_not_an_id():
    g = ground(v2(incident_id=q("Hotel bookings failing", "Hotel bookings failing")), NOTES)
    assert reasons(g, "incident_id") == ["'Hotel bookings failing' does not look like an incident id"]


def _answers(extraction: dict, seen: list):
    draft = {"what_happened": "Guests could not book hotels for 35 minutes on 3 February 2025.",
             "impact_summary": "An estimated 2,700 bookings were lost and 12% of searches failed.",
             "root_cause": "", "actions_taken": [], "next_steps_immediate": [], "next_steps_preventive": []}

    def decide(body):
        seen.append(body)
        return {"content": json.dumps(extraction if stage(body) == "extract" else draft)}
    return decide


def _run(url, **kw):
    s = Settings(openai_base_url=url, openai_api_key="k", model="m", llm_timeout=5, llm_max_retries=0)
    return summarize(from_text(NOTES), engine="llm", settings=s, **kw)


def test_the_report_carries_the_models_id_and_figures_and_the_draft_sees_window_and_figures():
    extraction = v2(incident_id=q("INC-20931", "INC-20931"),
                    started_at=q("2025-02-03T07:45:00+01:00", "07:45 booking-api starts returning errors"),
                    resolved_at=q("2025-02-03T08:20:00+01:00", "08:20 rollback of the pricing change done"),
                    other_impact_figures=[fig("bookings lost", 2700, "bookings", "2.700 Buchungen lost")]).model_dump()
    seen = []
    with ScriptedServer([_answers(extraction, seen)] * 2) as srv:
        report = _run(srv.url)
    assert report.incident_id == "INC-20931"
    assert [(f.label, f.value) for f in report.impact.figures] == [("bookings lost", 2700)]
    assert report.evidence["impact.figures"][0].quote == "2.700 Buchungen lost"
    draft_facts = json.loads(seen[1]["messages"][1]["content"].split("\n", 1)[1])
    assert draft_facts["other_figures"] == ["bookings lost: 2,700"]
    # as the notes write them (the report converted them to 06:45 and 07:20 UTC: numbers the notes never write)
    assert draft_facts["started"] == "3 February 2025, 07:45"
    assert draft_facts["ended"] == "3 February 2025, 08:20"
    assert draft_facts["duration"] is None  # 35 minutes is computed, not stated: the report's Duration line shows it
    assert draft_facts["impact_statement"] is None  # the offline figures' statement would contradict the model's
    assert "Write in English." in seen[1]["messages"][0]["content"]


def test_the_callers_id_beats_the_models():
    extraction = v2(incident_id=q("INC-20931", "INC-20931")).model_dump()
    with ScriptedServer([_answers(extraction, [])] * 2) as srv:
        report = _run(srv.url, incident_id="OPS-7")
    assert report.incident_id == "OPS-7"


def test_an_answer_in_the_v1_shape_still_reads():
    v1_shape = extracted().model_dump()
    assert ExtractedFactsV2.model_validate(v1_shape).other_impact_figures == []


def test_services_the_model_missed_are_added_from_the_readers_once_each():
    from incident_brief.llm.assemble import apply_structured
    from incident_brief.offline import engine as offline
    from .conftest import EXAMPLES

    text = (EXAMPLES / "payment-outage.md").read_text()
    report = offline.summarize(from_text(text))
    assert report.affected_services == ["payment-api", "checkout-service", "transaction-processor"]
    g = ground(v2(affected_services=[{"name": "Checkout-Service", "quote": "checkout-service"}]), text)
    apply_structured(report, g, text)
    assert report.affected_services == ["checkout-service", "payment-api", "transaction-processor"]
    spans = report.evidence["affected_services"]
    assert [text[s.start:s.end] for s in spans] == report.affected_services


def test_the_clock_of_an_iso_time_with_seconds_is_its_hour_and_minute():
    from incident_brief.llm.assemble import _CLOCK

    assert [_CLOCK.search(q).group() for q in ("2023-04-10T07:28:41.722Z", "at 9:41 PM", "16.20 Uhr Alarm")] == [
        "07:28", "9:41 PM", "16.20 Uhr"]


def test_a_share_written_as_a_fraction_in_words_is_not_made_a_number_the_notes_lack():
    # "about a third" is not 33.3 %: the report would show a number no span of the notes states (faithful numbers)
    notes = NOTES + "About a third of logins failed; 50% of searches timed out.\n"
    g = ground(v2(other_impact_figures=[fig("logins failed", 33.3, "%", "About a third of logins failed"),
                                        fig("searches timed out", 50, "%", "50% of searches timed out")]), notes)
    assert [(f.label, f.value) for f in g.values["impact.figures"]] == [("searches timed out", 50)]
    assert reasons(g, "impact.figures") == ["'logins failed': 33.3 is not what the quoted words state"]
