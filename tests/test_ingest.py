import json

import pytest

from incident_brief.errors import InputError, InputTooLargeError, UnsupportedInputError
from incident_brief.ingest import from_bytes, from_text, read_path
from incident_brief.offline.engine import summarize


def test_text_is_kept_exactly_so_offsets_point_into_it():
    raw = "Incident notes\r\n\r\nStatus: Resolved\r\nThe payment-api failed.  \n"
    doc = from_text(raw)
    assert doc.text == raw and doc.kind == "text"


def test_evidence_spans_quote_the_source(tmp_path):
    src = read_path("examples/payment-outage.md", 1 << 20)
    report = summarize(src)
    assert report.evidence, "every extracted value carries evidence"
    for field, spans in report.evidence.items():
        for span in spans:
            assert src.text[span.start:span.end] == span.quote, field


def test_utf8_bom_is_dropped_and_invalid_utf8_rejected():
    assert from_bytes("\ufeffStatus: Resolved".encode(), "n", 100).text == "Status: Resolved"
    with pytest.raises(InputError, match="not valid UTF-8"):
        from_bytes(b"caf\xe9 down", "n", 100)


@pytest.mark.parametrize("raw, err, msg", [
    (b"", InputError, "empty"),
    (b"   \n\t ", InputError, "empty"),
    (b"\x00\x01\x02binary", UnsupportedInputError, "binary"),
    (b"x" * 101, InputTooLargeError, "larger than"),
    (b'{"timeline": [', InputError, "malformed JSON"),
    (b'{}', InputError, "holds no text"),
    (b'[]', InputError, "holds no text"),
    (b"[" * 100000 + b"]" * 100000, InputError, "nested too deeply|malformed"),
])
def test_bad_input_gives_one_clear_error(raw, err, msg):
    with pytest.raises(err, match=msg):
        from_bytes(raw, "notes", 100 if len(raw) == 101 else 1 << 20, as_json=raw.lstrip()[:1] in (b"{", b"["))


@pytest.mark.parametrize("raw, kept", [
    (b'["a", "b"]', "- a"),
    (b'{"timeline": "nope"}', "nope"),
    (b'{"timeline": [{"time": "10:00"}]}', "10:00"),
    (b'{"title": {"a": 1}}', "A: 1"),
])
def test_json_in_an_unexpected_shape_is_read_not_refused(raw, kept):
    source = from_bytes(raw, "notes", 1 << 20, as_json=True)
    assert source.kind == "json" and kept in source.text


def test_unsupported_suffix_and_folder(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(UnsupportedInputError, match="unsupported file type"):
        read_path(str(tmp_path / "notes.pdf"), 1 << 20)
    with pytest.raises(InputError, match="is a folder"):
        read_path(str(tmp_path), 1 << 20)
    with pytest.raises(InputError, match="cannot read"):
        read_path(str(tmp_path / "missing.md"), 1 << 20)


def test_json_timeline_is_normalised_into_a_text_document():
    data = {
        "incident_id": "INC-7", "title": "Cache outage", "severity": "SEV2", "status": "resolved",
        "impact": {"users_affected": 1200, "revenue_impact": {"amount": 5000, "currency": "EUR"}, "customer_reports": 4},
        "services": ["cart-cache"],
        "timeline": [{"time": "2025-09-02T16:40:00Z", "text": "Latency starts rising"},
                     {"timestamp": "2025-09-02T17:00:00Z", "message": "Service restored"}, "Postmortem scheduled"],
        "next_steps": {"immediate": ["Re-enable eviction"], "preventive": ["Alert on memory"]},
    }
    doc = from_text(json.dumps(data))
    assert doc.kind == "timeline"
    assert "Incident ID: INC-7" in doc.text and "- 2025-09-02T16:40:00Z - Latency starts rising" in doc.text
    report = summarize(doc)
    assert report.incident_id == "INC-7" and report.severity.value == "high" and report.status.value == "resolved"
    assert report.impact.users_affected == 1200 and report.impact.revenue_impact.currency == "EUR"
    assert report.impact.customer_reports == 4 and report.affected_services == ["cart-cache"]
    assert report.duration_minutes == 20
    assert report.next_steps.immediate == ["Re-enable eviction"] and report.next_steps.preventive == ["Alert on memory"]
    for spans in report.evidence.values():
        for span in spans:
            assert doc.text[span.start:span.end] == span.quote
