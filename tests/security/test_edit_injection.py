"""Finding 11: Markdown links and images could be injected through a reviewer's edit (or the notes)."""

import pytest
from fastapi.testclient import TestClient
from markdown_it import MarkdownIt

from incident_brief.server.app import create_app
from incident_brief.settings import Settings

from ..conftest import EXAMPLES

PAYLOADS = ["Read [the details](http://evil.example/phish) now.", "Status ![](http://evil.example/pixel.gif) ok.",
            "Escaped [x\\](http://evil.example/a) link.", "[ref]: http://evil.example/def", "See [a][ref] here.",
            "<a href='http://evil.example'>x</a> <img src=http://evil.example/p>"]


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'md.db'}"))) as c:
        yield c


def full_markdown(text: str) -> str:
    """How a wiki or chat tool would show the Markdown export: CommonMark with links and images on."""
    return MarkdownIt("commonmark").render(text)


@pytest.mark.parametrize("section", ["what_happened", "actions_taken"])
def test_edits_never_become_live_links_or_images(client, section):
    rid = client.post("/v1/reports", json={"notes": (EXAMPLES / "payment-outage.md").read_text()}).json()["id"]
    r = client.patch(f"/v1/reports/{rid}/sections/{section}",
                     json={"text": PAYLOADS if section == "actions_taken" else " ".join(PAYLOADS)})
    assert r.status_code == 200, r.text
    markdown = client.get(f"/v1/reports/{rid}/export?format=markdown").text
    shown = full_markdown(markdown)
    assert "evil.example" in shown, "the text itself stays visible"
    assert "<a " not in shown and "<img" not in shown, shown
    html = client.get(f"/v1/reports/{rid}/export?format=html").text
    assert "href=\"http://evil" not in html and "href='http://evil" not in html and "<img" not in html
    assert "[the details](http://evil.example/phish)" in shown, "shown as the text the reviewer typed"
