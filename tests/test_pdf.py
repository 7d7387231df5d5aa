"""PDF export: every example on one A4 and one Letter page, every section label in the text, page 1 as an image in
tests/artifacts/ (gitignored); a long report continues on page 2 with its title; the CLI and the API export PDFs."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from incident_brief.ingest import from_text, read_path
from incident_brief.labels import HEADINGS, LABELS
from incident_brief.offline.engine import summarize
from incident_brief.schema import NextSteps

from .conftest import EXAMPLES, ROOT, run_cli

pytest.importorskip("weasyprint", reason="PDF export needs the pdf extra (WeasyPrint)")
if not all(shutil.which(tool) for tool in ("pdfinfo", "pdftotext", "pdftoppm")):
    pytest.skip("poppler-utils (pdfinfo, pdftotext, pdftoppm) not installed", allow_module_level=True)

from incident_brief.render_pdf import pdf  # noqa: E402

ARTIFACTS = ROOT / "tests" / "artifacts" / "pdf"
AT = datetime(2024, 1, 15, 14, 23, tzinfo=timezone.utc)
EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_file())
SECTION_LABELS = [LABELS[k] for k in HEADINGS] + [LABELS[k] for k in ("status", "severity", "duration", "services",
                                                                      "root_cause", "actions", "immediate",
                                                                      "preventive", "contact")]


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def page_size(path: Path) -> str:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return next(line for line in info.splitlines() if line.startswith("Page size:"))


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_every_example_is_one_page_with_every_section_label(name, paper):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = summarize(read_path(str(EXAMPLES / name), 1 << 20), generated_at=AT)
    out = ARTIFACTS / f"{name}.{paper}.pdf"
    out.write_bytes(pdf(report, paper))
    assert pages(out) == 1, f"{name} on {paper} takes {pages(out)} pages"
    assert ("A4" if paper == "a4" else "letter") in page_size(out)
    body = " ".join(text(out).split())
    missing = [label for label in SECTION_LABELS if label not in body]
    assert not missing, f"{name}: labels missing from the PDF text: {missing}"
    assert " ".join((report.title or "Not stated").split()) in body
    png = ARTIFACTS / f"{name}.{paper}"
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(out), str(png)], check=True)
    image = png.with_name(png.name + ".png")
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and image.stat().st_size > 5000


def test_a_long_report_continues_cleanly_on_page_two(tmp_path):
    report = summarize(from_text("Title: Queue backlog in the billing pipeline\nSeverity: SEV2\n"), generated_at=AT)
    steps = [f"Step {i}: review the retry budget of worker pool {i} and record the outcome in the tracker"
             for i in range(1, 41)]
    report = report.model_copy(update={"actions_taken": steps, "next_steps": NextSteps(immediate=steps[:20],
                                                                                       preventive=steps[20:])})
    out = tmp_path / "long.pdf"
    out.write_bytes(pdf(report))
    n = pages(out)
    assert n >= 2
    second = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(out), "-"], capture_output=True, text=True,
                            check=True).stdout
    assert "Queue backlog in the billing pipeline" in second, "page 2 names the report it belongs to"
    assert f"Page 2 of {n}" in second
    first = text(out)
    assert "Page 1 of" in first and LABELS["contact"] in " ".join(text(out).split())


def test_cli_writes_a_one_page_pdf(tmp_path):
    out = tmp_path / "report.pdf"
    r = run_cli("summarize", str(EXAMPLES / "login-chat.md"), "--engine", "offline", "--format", "pdf",
                "--paper", "letter", "-o", str(out), "-q")
    assert r.returncode == 0, r.stderr.decode()
    assert out.read_bytes().startswith(b"%PDF-") and pages(out) == 1 and "letter" in page_size(out)


def test_cli_pdf_to_a_pipe(tmp_path):
    r = run_cli("summarize", str(EXAMPLES / "payment-outage.md"), "--engine", "offline", "-f", "pdf", "-q")
    assert r.returncode == 0 and r.stdout.startswith(b"%PDF-")


def test_api_exports_a_pdf(tmp_path):
    from fastapi.testclient import TestClient

    from incident_brief.server.app import create_app
    from incident_brief.settings import Settings

    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'r.db'}"))) as client:
        created = client.post("/v1/reports", json={"notes": (EXAMPLES / "payment-outage.md").read_text()}).json()
        r = client.get(f"/v1/reports/{created['id']}/export", params={"format": "pdf", "paper": "letter"})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF-")
        assert 'filename="INC-2024-001234.pdf"' in r.headers["content-disposition"]
        out = tmp_path / "api.pdf"
        out.write_bytes(r.content)
        assert pages(out) == 1 and "letter" in page_size(out)
        assert client.get(f"/v1/reports/{created['id']}/export", params={"format": "docx"}).status_code == 422
