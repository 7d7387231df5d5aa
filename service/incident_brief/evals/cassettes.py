"""Readable, scrubbed cassettes (vcrpy): JSON bodies stored decoded, credentials and noise headers dropped.

Used by the tests (pytest-recording) and by `incident-brief eval --cassettes` for replayed LLM runs.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

DROP_REQUEST_HEADERS = ["authorization", "api-key", "x-api-key", "openai-organization", "openai-project", "cookie",
                        "user-agent", "x-stainless-arch", "x-stainless-os", "x-stainless-runtime-version",
                        "x-stainless-package-version", "x-stainless-runtime", "x-stainless-lang",
                        "x-stainless-async", "x-stainless-retry-count", "x-stainless-read-timeout"]
KEEP_RESPONSE_HEADERS = {"content-type", "retry-after"}
MATCH_ON = ["method", "scheme", "host", "port", "path", "json_body"]


def scrub_response(response: dict) -> dict:
    response["headers"] = {k: v for k, v in response["headers"].items() if k.lower() in KEEP_RESPONSE_HEADERS}
    return response


def _decode(body):
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    try:
        return json.loads(body), True
    except (TypeError, ValueError):
        return body, False


class PrettyJsonYaml:
    """vcrpy serializer: request and response bodies that are JSON are stored as YAML structures."""

    @staticmethod
    def serialize(cassette: dict) -> str:
        import yaml

        for i in cassette["interactions"]:
            body, ok = _decode(i["request"]["body"])
            if ok:
                i["request"]["body"], i["request"]["parsed_body"] = None, body
            body, ok = _decode(i["response"]["body"]["string"])
            if ok:
                i["response"]["body"], i["response"]["parsed_body"] = {"string": None}, body
        return yaml.safe_dump(cassette, sort_keys=False, allow_unicode=True, width=120)

    @staticmethod
    def deserialize(text: str) -> dict:
        import yaml

        cassette = yaml.safe_load(text)
        for i in cassette["interactions"]:
            if "parsed_body" in i["request"]:
                i["request"]["body"] = json.dumps(i["request"].pop("parsed_body"))
            if "parsed_body" in i["response"]:
                i["response"]["body"] = {"string": json.dumps(i["response"].pop("parsed_body"))}
        return cassette


def json_body_matcher(r1, r2) -> None:
    b1, ok1 = _decode(r1.body)
    b2, ok2 = _decode(r2.body)
    assert (b1 == b2) if (ok1 and ok2) else (r1.body == r2.body), "request bodies differ"


def configure(vcr) -> None:
    vcr.register_serializer("yaml", PrettyJsonYaml)
    vcr.register_matcher("json_body", json_body_matcher)


@contextmanager
def cassette(path: Path, record: bool):
    """Replay `path` (every interaction must be played), or record it afresh."""
    try:
        import vcr as vcrpy
    except ImportError:
        from incident_brief.errors import ConfigurationError

        raise ConfigurationError("replaying cassettes needs vcrpy and pyyaml: pip install 'incident-brief[eval]'") from None

    if record:
        path.unlink(missing_ok=True)  # a fresh recording, not old interactions plus new ones
    v = vcrpy.VCR(serializer="yaml", filter_headers=DROP_REQUEST_HEADERS, decode_compressed_response=True,
                  before_record_response=scrub_response, match_on=MATCH_ON,
                  record_mode="all" if record else "none")
    configure(v)
    try:
        with v.use_cassette(str(path)) as c:
            yield c
    except vcrpy.errors.CannotOverwriteExistingCassetteException:
        from incident_brief.errors import IncidentBriefError

        raise IncidentBriefError(f"{path}: a model call is not in this cassette (prompts or code changed); "
                                 "re-record it (bench/rerecord.sh)") from None
    if not record and not c.all_played:
        raise AssertionError(f"{path}: recorded interactions were not replayed; re-record it")
