import pytest

from incident_brief.llm import prompts
from incident_brief.errors import ConfigurationError
from incident_brief.llm.schema import Draft, ExtractedFacts, field_guide, strict_schema
from incident_brief.llm.validate import BUDGETS


def test_every_prompt_file_loads_and_uses_only_declared_variables():
    prompts.check_all()
    assert prompts.versions() == {"extract": "v1", "draft": "v1"}


def test_missing_variable_is_an_error_not_an_empty_string():
    with pytest.raises(ConfigurationError, match="needs"):
        prompts.render("extract", "user", notes="x", part=1, parts=1)


def test_rendered_prompts_carry_real_values():
    system = prompts.render("draft", "system", plain_terms=[("failover", "switch to the backup system")],
                            budgets=BUDGETS, field_guide=field_guide(Draft))
    assert "at most 8 items per list" in system and "<built-in" not in system and "None" not in system
    assert '"failover" -> "switch to the backup system"' in system
    extract = prompts.render("extract", "system", marker="NOTES-1", field_guide=field_guide(ExtractedFacts))
    assert "- users_affected {value, quote}: How many users" in extract and "None" not in extract


def test_strict_schema_is_what_strict_structured_output_accepts():
    for model in (ExtractedFacts, Draft):
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
