import pytest

from incident_brief.llm import prompts
from incident_brief.errors import ConfigurationError
import hashlib
from pathlib import Path

from incident_brief.llm.schema import (Draft, ExtractedFacts, ExtractedFactsV2, ExtractedFactsV3, ExtractedFactsV4,
                                      ExtractedFactsV5, field_guide, strict_schema)
from incident_brief.llm.validate import BUDGETS


def test_every_prompt_file_loads_and_uses_only_declared_variables():
    prompts.check_all()
    assert prompts.versions() == {"extract": "v5", "draft": "v3"}


# A released prompt is never edited (a change is the next version): the v1 to v4 files as they were released.
RELEASED = {
    "prompts/draft/v1.repair.j2": "21d1e7b7d3621d70f6f6af9a00433f1bfcb50a836a3fbddf7736a5a981edd4cc",
    "prompts/draft/v1.system.j2": "3f2bccb0be8f121122f1aab67e80fd2065411f7767819d0ca6ef2c065640c3a5",
    "prompts/draft/v1.user.j2": "11b4c1e431dacf45d2bac8a9b020563b3a4951e165338bff5f678391324614f2",
    "prompts/extract/v1.system.j2": "fb1c616fd5e06c655ff42c3c1737ac8a5711aadbe00723ecb0e924174838591a",
    "prompts/extract/v1.user.j2": "bc6dbb2d4de7fde9316580e3fbaa6163184b5452b001aff75a33c4864a5db038",
    "prompts/draft/v2.repair.j2": "21d1e7b7d3621d70f6f6af9a00433f1bfcb50a836a3fbddf7736a5a981edd4cc",
    "prompts/draft/v2.system.j2": "3e15ad4cbf39bf4dedc4fd41fb4d23631ced1b98107edd576c4358c54d89f81e",
    "prompts/draft/v2.user.j2": "11b4c1e431dacf45d2bac8a9b020563b3a4951e165338bff5f678391324614f2",
    "prompts/extract/v2.system.j2": "728e1b7db4dc8fcaef132998357e35f6e87c3dbdb4d0199b6bf87d1af1550ec7",
    "prompts/extract/v3.system.j2": "2de0e316452dd5fc4d8e27ccf9f7b1136520e6279d508f05f3ba31966d9c3081",
    "prompts/extract/v3.user.j2": "bc6dbb2d4de7fde9316580e3fbaa6163184b5452b001aff75a33c4864a5db038",
    "prompts/extract/v2.user.j2": "bc6dbb2d4de7fde9316580e3fbaa6163184b5452b001aff75a33c4864a5db038",
    "prompts/extract/v4.system.j2": "e46e1ff8dd1c79ac31b9f5af92eb2cf97588d3dc1dbf09f07de52e090d824d2d",
    "prompts/extract/v4.user.j2": "bc6dbb2d4de7fde9316580e3fbaa6163184b5452b001aff75a33c4864a5db038",
}


def test_released_prompt_versions_are_unchanged():
    root = Path(__file__).resolve().parents[1]
    for name, digest in RELEASED.items():
        assert hashlib.sha256((root / name).read_bytes()).hexdigest() == digest, f"{name} was edited after release"


def test_extraction_asks_for_the_id_the_incident_window_and_other_figures():
    system = prompts.render("extract", "system", marker="NOTES-1", field_guide=field_guide(ExtractedFactsV4))
    assert "- incident_id {value, quote}" in system and "- other_impact_figures [{label, value, unit, quote}, ...]" in system
    assert "The impact window" in system and "the last time the notes say service recovered" in system
    assert "kept monitoring before calling it resolved" in system
    assert "not the time to detect, respond or repair" in system
    assert "final value" in system and "labelled lines" in system
    assert {"incident_id", "other_impact_figures"} <= set(strict_schema(ExtractedFactsV2)["required"])


def test_extraction_v5_asks_for_the_declared_closing_beside_the_end_of_impact():
    system = prompts.render("extract", "system", marker="NOTES-1", field_guide=field_guide(ExtractedFactsV5))
    assert "- closed_at {value, quote}" in system and "declared resolved or closed" in system
    assert "of the outage the notes are about" in system and "a release made days earlier is background" in system
    assert "recovered for users from that outage" in system and "give the one with the zone" in system
    assert "closed_at" in strict_schema(ExtractedFactsV5)["required"]
    assert ExtractedFactsV4.model_validate(ExtractedFactsV5.model_validate(_V5_EMPTY).model_dump(exclude={"closed_at"}))


_V5_EMPTY = {**{k: {"value": None, "quote": None} for k in (
    "title", "severity", "started_at", "detected_at", "resolved_at", "closed_at", "duration_minutes", "users_affected",
    "customer_reports", "what_happened", "root_cause", "incident_id")},
    "status": {"value": "unknown", "quote": None}, "revenue_impact": {"amount": None, "currency": None, "quote": None},
    **{k: [] for k in ("affected_services", "actions_taken", "next_steps_immediate", "next_steps_preventive",
                       "other_impact_figures")}}


def test_missing_variable_is_an_error_not_an_empty_string():
    with pytest.raises(ConfigurationError, match="needs"):
        prompts.render("extract", "user", notes="x", part=1, parts=1)


def test_rendered_prompts_carry_real_values():
    system = prompts.render("draft", "system", plain_terms=[("failover", "switch to the backup system")],
                            budgets=BUDGETS, field_guide=field_guide(Draft), language="German")
    assert "Write in German." in system
    assert "at most 8 items per list" in system and "<built-in" not in system and "None" not in system
    assert '"failover" -> "switch to the backup system"' in system
    extract = prompts.render("extract", "system", marker="NOTES-1", field_guide=field_guide(ExtractedFacts))
    assert "- users_affected {value, quote}: How many users" in extract and "None" not in extract


def test_strict_schema_is_what_strict_structured_output_accepts():
    for model in (ExtractedFacts, ExtractedFactsV2, ExtractedFactsV3, ExtractedFactsV4, ExtractedFactsV5, Draft):
        schema = strict_schema(model)
        assert "$defs" not in schema and "$ref" not in str(schema)

        def walk(node):
            if isinstance(node, dict):
                if node.get("type") == "object":
                    assert node["additionalProperties"] is False
                    assert set(node["required"]) == set(node["properties"])
                for v in node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)
        walk(schema)
    assert "title" in strict_schema(ExtractedFacts)["properties"]
