from incident_brief.llm.schema import ExtractedFacts
from incident_brief.llm.salvage import close_json, salvage


def test_close_json_keeps_the_longest_complete_prefix():
    assert close_json('{"a": [1, 2, {"b": "tex') == {"a": [1, 2, {}]}
    assert close_json('noise {"a": {"value": "x", "quote": "y"}, "c": [') == {"a": {"value": "x", "quote": "y"}, "c": []}
    assert close_json('{"a": "unterminated \\" quote') == {}
    assert close_json("no json here") is None


def test_salvage_fills_what_was_never_reached_as_not_stated():
    cut = '{"title": {"value": "Pay", "quote": "Pay"}, "status": {"value": "resolved", "quo'
    facts = salvage(cut, ExtractedFacts)
    assert facts.title.value == "Pay" and facts.status.value == "resolved" and facts.status.quote is None
    assert facts.users_affected.value is None and facts.affected_services == []


def test_salvage_drops_fields_of_the_wrong_shape():
    cut = '{"title": {"value": "Pay", "quote": "Pay"}, "users_affected": {"value": "lots", "quote": "x"}, "affected_services": "api"'
    facts = salvage(cut, ExtractedFacts)
    assert facts.title.value == "Pay" and facts.users_affected.value is None and facts.affected_services == []


def test_a_number_cut_mid_way_is_never_kept():
    # "15" may be the start of "15420": only numbers the answer went past are kept.
    assert close_json('{"a": 1, "b": 154') == {"a": 1}
    assert close_json('{"a": [1, 2') == {"a": [1]}
    assert close_json('{"a": 1.5, "b": true') == {"a": 1.5, "b": True}
    assert close_json('{"a": 12\n') == {"a": 12}
    cut = '{"title": {"value": "Pay", "quote": "Pay"}, "users_affected": {"value": 15'
    assert salvage(cut, ExtractedFacts).users_affected.value is None


def test_a_key_without_its_value_is_dropped():
    assert close_json('{"a": "x", "b"') == {"a": "x"}
    assert close_json('{"a": "x", "b": {"c"') == {"a": "x", "b": {}}


def test_an_answer_that_breaks_off_into_prose_keeps_what_came_before():
    # seen from a small model: a string broken by a raw newline, then prose, then more JSON-looking text
    raw = '{ "title": { "value" : "}\n\n```\n\nThis is a JSON file. The field ","quote" : "value"}, "status": {"value": "x"}'
    assert close_json(raw) == {"title": {}}
    assert close_json('{"a": 1, "b": [2, oops') == {"a": 1, "b": [2]}
