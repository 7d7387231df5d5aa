"""The LLM engine drafts the customer and engineering prose from the report's grounded facts, checked like the
executive draft (and, for customers, for leaks); a draft that fails falls back to the offline composition."""

from __future__ import annotations

import json

from incident_brief.audiences.render import compose, render
from incident_brief.engines import draft_audience, summarize
from incident_brief.settings import Settings

from .fakeserver import ScriptedServer
from .test_llm_faults import GOOD_DRAFT, NOTES, facts

CUSTOMER = {"experienced": "Some customers could not complete payments at checkout.",
            "doing": "We fixed the cause and are adding safeguards so this does not happen again."}
ENGINEERING = {"summary": "Server errors on payment-api made card transactions fail at checkout; PostgreSQL "
                          "returned query timeout errors.",
               "root_cause": "Concurrent high-volume transactions during the flash sale caused database deadlocks.",
               "contributing_factors": ["The connection pool was too small for the traffic spike."]}


def _kind(body: dict) -> str:
    system = body["messages"][0]["content"]
    if system.startswith("You extract facts"):
        return "extract"
    if "customer-facing" in system:
        return "customer"
    return "engineering" if "engineering review" in system else "draft"


def _script(**answers):
    answers = {"extract": facts(), "draft": GOOD_DRAFT, **answers}

    def decide(body):
        value = answers[_kind(body)]
        if isinstance(value, list):  # successive answers for this stage
            value = value.pop(0) if len(value) > 1 else value[0]
        return {"content": value if isinstance(value, str) else json.dumps(value)}
    return decide


def _run(srv, audience):
    settings = Settings(openai_base_url=srv.url, openai_api_key="k", model="m", llm_timeout=5, repair_rounds=1)
    report = summarize(NOTES, engine="llm", settings=settings)
    before = len(srv.requests)
    report = draft_audience(report, audience, settings)
    return report, [_kind(b) for b in srv.requests[before:]], srv.requests[before:]


def test_the_model_drafts_the_customer_update_from_customer_safe_facts():
    with ScriptedServer([_script(customer=CUSTOMER)]) as srv:
        report, kinds, sent = _run(srv, "customer")
    assert kinds == ["customer"]
    facts_sent = sent[0]["messages"][1]["content"]
    assert "payment-api" not in facts_sent and "287" not in facts_sent, "the model sees customer words only"
    update = compose(report, "customer")
    assert update.drafted_by == "llm" and update.experienced == CUSTOMER["experienced"]
    assert report.engine.prompt_versions["draft_customer"] == "v1"
    assert json.loads(render(report, "json", "customer"))["audience"] == "customer"


def test_a_leaking_customer_draft_is_repaired_then_used():
    leaking = dict(CUSTOMER, experienced="payment-api on db1.prod.internal failed, costing $287,500.")
    with ScriptedServer([_script(customer=[leaking, CUSTOMER])]) as srv:
        report, kinds, sent = _run(srv, "customer")
    assert kinds == ["customer", "customer"], "one repair round"
    assert "payment-api" in sent[1]["messages"][-1]["content"], "the repair names the leak"
    assert compose(report, "customer").experienced == CUSTOMER["experienced"]


def test_a_customer_draft_that_keeps_leaking_falls_back_to_the_offline_composition():
    leaking = dict(CUSTOMER, doing="Priya from our vendor Stripecloud restarted payment-api.")
    with ScriptedServer([_script(customer=[leaking])]) as srv:
        report, kinds, _ = _run(srv, "customer")
    assert kinds == ["customer", "customer"]
    update = compose(report, "customer")
    assert update.drafted_by == "offline" and "Priya" not in update.doing and "payment-api" not in update.doing
    assert report.engine.audiences["customer"]["fallback"].startswith("offline")


def test_the_model_drafts_the_engineering_write_up_with_terms_kept():
    with ScriptedServer([_script(engineering=ENGINEERING)]) as srv:
        report, kinds, _ = _run(srv, "engineering")
    assert kinds == ["engineering"]
    brief = compose(report, "engineering")
    assert brief.drafted_by == "llm" and "deadlocks" in brief.root_cause and brief.timeline
    assert "payment-api" in render(report, "markdown", "engineering")


def test_an_engineering_draft_with_an_invented_number_falls_back():
    invented = dict(ENGINEERING, summary="payment-api returned 9,999 errors per second on db7.")
    with ScriptedServer([_script(engineering=[invented])]) as srv:
        report, _, _ = _run(srv, "engineering")
    brief = compose(report, "engineering")
    assert brief.drafted_by == "offline" and "9,999" not in brief.summary


def test_executive_makes_no_extra_call_and_keeps_its_prompt_versions():
    with ScriptedServer([_script()]) as srv:
        report, kinds, _ = _run(srv, "executive")
    assert kinds == [] and report.engine.prompt_versions == {"extract": "v5", "draft": "v3"}
    assert report.engine.audiences is None and "audiences" not in report.model_dump(mode="json")["engine"]
