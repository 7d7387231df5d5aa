"""Providers as users run them: the real openai SDK, through our gateway, against a real local HTTP server that
records what it received. Each provider's exact path, query, headers and body shape, and the answer read into
a report; incomplete Azure settings end in a one-line ConfigurationError, never a traceback."""

import json

import pytest

from incident_brief.engines import summarize
from incident_brief.errors import ConfigurationError
from incident_brief.llm.providers import SCHEMA_NOTE
from incident_brief.llm.extract import model as extraction_model
from incident_brief.llm.schema import Draft, strict_schema
from incident_brief.settings import Settings

from .conftest import EXAMPLES, run_cli
from .fakeserver import stage
from .providerfake import RecordingServer
from .test_llm_faults import GOOD_DRAFT, NOTES, facts

NO_ENDPOINT = dict(openai_base_url=None, openai_api_key=None, azure_endpoint=None, azure_deployment=None,
                   azure_api_version=None, azure_api_key=None, structured_output=None)
AZURE = dict(azure_endpoint=None, azure_deployment="briefs-4o", azure_api_version="2024-10-21",
             azure_api_key="azure-key-0123456789")


def good(body: dict) -> str:
    return json.dumps(facts() if stage(body) == "extract" else GOOD_DRAFT)


def report_through(srv: RecordingServer, **over):
    settings = Settings(**{**NO_ENDPOINT, "model": "m", "llm_timeout": 5, "llm_max_retries": 0, **over})
    report = summarize(NOTES, engine="llm", settings=settings)
    assert report.engine.name == "llm" and report.engine.fallback is None and report.engine.fallback_sections == []
    assert report.impact.users_affected == 15420 and report.what_happened == GOOD_DRAFT["what_happened"]
    assert [stage(r.body) for r in srv.received] == ["extract", "draft"]
    return srv.received


def json_schema_format(name: str, schema: dict) -> dict:
    return {"type": "json_schema", "json_schema": {"name": name, "strict": True, "schema": schema}}


def test_openai_json_schema_strict_with_bearer_key():
    with RecordingServer(good) as srv:
        received = report_through(srv, openai_base_url=srv.url, openai_api_key="sk-test-0123456789")
    for r, model in zip(received, (extraction_model(), Draft)):
        assert (r.method, r.path, r.query) == ("POST", "/v1/chat/completions", {})
        assert r.headers["authorization"] == "Bearer sk-test-0123456789" and "api-key" not in r.headers
        assert r.body["response_format"] == json_schema_format(model.__name__, strict_schema(model))
        assert set(r.body) == {"model", "messages", "temperature", "max_tokens", "response_format"}
        assert r.body["model"] == "m" and r.body["temperature"] == 0


def test_azure_deployment_path_api_version_and_api_key_header():
    with RecordingServer(good) as srv:
        received = report_through(srv, provider="azure", **{**AZURE, "azure_endpoint": srv.root})
    for r, model in zip(received, (extraction_model(), Draft)):
        assert r.path == "/openai/deployments/briefs-4o/chat/completions"
        assert r.query == {"api-version": ["2024-10-21"]}
        assert r.headers["api-key"] == "azure-key-0123456789" and "authorization" not in r.headers
        assert r.body["response_format"] == json_schema_format(model.__name__, strict_schema(model))


def test_ollama_v1_json_object_with_the_schema_in_the_prompt_and_no_key():
    with RecordingServer(good) as srv:
        received = report_through(srv, provider="ollama", openai_base_url=srv.url)
    for r, model in zip(received, (extraction_model(), Draft)):
        assert r.path == "/v1/chat/completions" and r.query == {}
        assert r.body["response_format"] == {"type": "json_object"}
        system = r.body["messages"][0]
        assert system["role"] == "system"
        stated = system["content"].rsplit(SCHEMA_NOTE, 1)[1]
        assert json.loads(stated) == strict_schema(model)


@pytest.mark.parametrize("mode", ["json_schema", "guided_json"])
def test_vllm_response_format_or_guided_json_per_setting(mode):
    with RecordingServer(good) as srv:
        received = report_through(srv, provider="vllm", openai_base_url=srv.url, openai_api_key="vllm-token-0123",
                                  structured_output=None if mode == "json_schema" else mode)
    for r, model in zip(received, (extraction_model(), Draft)):
        assert r.path == "/v1/chat/completions"
        if mode == "json_schema":  # the provider's default
            assert r.body["response_format"] == json_schema_format(model.__name__, strict_schema(model))
            assert "guided_json" not in r.body
        else:
            assert r.body["guided_json"] == strict_schema(model) and "response_format" not in r.body
        assert SCHEMA_NOTE not in r.body["messages"][0]["content"]


def test_llamacpp_json_object_carries_the_schema_and_the_prompt_is_untouched():
    with RecordingServer(good) as srv:
        received = report_through(srv, provider="llamacpp", openai_base_url=srv.url)
    for r, model in zip(received, (extraction_model(), Draft)):
        assert r.path == "/v1/chat/completions"
        assert r.body["response_format"] == {"type": "json_object", "schema": strict_schema(model)}
        assert SCHEMA_NOTE not in r.body["messages"][0]["content"]


def test_the_default_stays_the_generic_server_probe():
    s = Settings(**NO_ENDPOINT)
    assert s.provider == "openai" and s.output_mode == "auto" and not s.llm_configured
    assert s.endpoint == "https://api.openai.com/v1"
    assert Settings(**{**NO_ENDPOINT, "provider": "ollama"}).endpoint == "http://localhost:11434/v1"
    assert Settings(**{**NO_ENDPOINT, "provider": "ollama"}).llm_configured, "choosing a provider means using it"


@pytest.mark.parametrize("blank, named", [
    ("azure_endpoint", "AZURE_OPENAI_ENDPOINT"), ("azure_deployment", "INCIDENT_BRIEF_AZURE_DEPLOYMENT"),
    ("azure_api_version", "OPENAI_API_VERSION"), ("azure_api_key", "AZURE_OPENAI_API_KEY")])
def test_incomplete_azure_settings_are_a_configuration_error(blank, named):
    complete = {**NO_ENDPOINT, **AZURE, "azure_endpoint": "https://r.openai.azure.com", "provider": "azure"}
    settings = Settings(**{**complete, blank: None})
    with pytest.raises(ConfigurationError, match=named) as err:
        summarize(NOTES, engine="llm", settings=settings)
    assert "\n" not in str(err.value)
    Settings(**complete).check_provider()  # complete: no error


def test_azure_api_version_before_structured_outputs_is_refused_for_json_schema():
    old = Settings(**{**NO_ENDPOINT, **AZURE, "azure_endpoint": "https://r.openai.azure.com", "provider": "azure",
                      "azure_api_version": "2024-02-01"})
    with pytest.raises(ConfigurationError, match="INCIDENT_BRIEF_STRUCTURED_OUTPUT=json_object"):
        old.check_provider()
    old.model_copy(update={"structured_output": "json_object"}).check_provider()


def test_cli_says_what_azure_lacks_without_a_traceback():
    env = {"INCIDENT_BRIEF_PROVIDER": "azure", "AZURE_OPENAI_ENDPOINT": "https://r.openai.azure.com",
           "AZURE_OPENAI_API_KEY": "", "OPENAI_API_VERSION": "", "INCIDENT_BRIEF_AZURE_DEPLOYMENT": ""}
    done = run_cli("summarize", str(EXAMPLES / "payment-outage.md"), "--engine", "llm", env=env)
    stderr = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in stderr and done.stdout == b""
    assert stderr.startswith("incident-brief: error: INCIDENT_BRIEF_PROVIDER=azure needs "
                             "INCIDENT_BRIEF_AZURE_DEPLOYMENT, OPENAI_API_VERSION, AZURE_OPENAI_API_KEY")
