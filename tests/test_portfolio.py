"""The batch portfolio reads as a page: real HTML (no Markdown markers left as text), a per-incident table that links
to each report, a viewport and print styles, counts whose nouns agree in number, and notes' text kept as text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from incident_brief.render import counted, html_page, md_text

from .conftest import run_cli

NOTES = {
    "db-failover.md": "Title: Orders database failover\nIncident ID: INC-9001\nSeverity: SEV1\nStatus: resolved\n"
                      "2025-03-02 10:00 UTC orders-db primary lost its disk; checkout-api returned errors.\n"
                      "2025-03-02 10:45 UTC failover finished, checkout-api recovered.\n",
    "queue.txt": "Severity: low\nStatus: monitoring\nStarted 2025-04-11 08:10 UTC: the email-worker queue grew.\n"
                 "08:40 UTC consumers scaled; backlog draining.\n",
    "tricky.md": "Title: Pipes | and **stars** and <b>tags</b> and [links](http://evil.example)\nSeverity: SEV3\n"
                 "The report-api* failed at 2025-05-01 12:00 UTC and recovered at 12:30 UTC.\n",
}


class Page(HTMLParser):
    """The page's text, its links and its open/close element stack (a <li> outside a list is an error)."""

    def __init__(self):
        super().__init__()
        self.text, self.links, self.stack, self.errors, self.meta = [], [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and not {"ul", "ol"} & set(self.stack):
            self.errors.append("<li> outside a list")
        if tag in ("tr", "td", "th") and "table" not in self.stack:
            self.errors.append(f"<{tag}> outside a table")
        if tag == "a":
            self.links.append(attrs.get("href"))
        if tag == "meta":
            self.meta.append(attrs)
        if tag not in ("meta", "br", "hr", "img"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if "style" not in self.stack:
            self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def no_markdown_left(text: str) -> list[str]:
    return [m for m in ("**", "|---|", "- [", "](", "## ") if m in text]


def batch(tmp_path, notes=NOTES, *extra):
    src, out = tmp_path / "notes", tmp_path / "out"
    src.mkdir()
    for name, text in notes.items():
        (src / name).write_text(text)
    r = run_cli("batch", str(src), "-o", str(out), "--engine", "offline", *extra)
    return r, out


def test_portfolio_is_html_with_a_linked_row_per_incident(tmp_path):
    r, out = batch(tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    html = (out / "portfolio.html").read_text()
    page = parse(html)
    text = " ".join("".join(page.text).split())
    assert not page.errors, page.errors
    assert not no_markdown_left(text), no_markdown_left(text)
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in page.meta
    assert "@media print" in html
    assert set(page.links) == {"db-failover.md", "queue.md", "tricky.md"}
    for header in ("Severity", "Status", "Duration", "Services", "Review"):
        assert f"<th>{header}</th>" in html
    assert "INC-9001" in text and "CRITICAL" in text and "Monitoring" in text and "45 minutes" in text
    assert "3 incidents" in text and "inputs" not in text
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    assert len(rows) == 1 + len(NOTES), "a header and one row per incident"


def test_text_from_notes_stays_text_in_the_portfolio(tmp_path):
    # A manifest as a model-written report could leave it: markers, tags, links and pipes in titles and services.
    from incident_brief.batch import rollup

    summary = {"incident_id": "INC-1 | x", "title": "Pipes | and **stars** and <b>tags</b> and [links](http://evil.example)",
               "severity": "high", "status": "resolved", "duration_minutes": 30, "users_affected": None,
               "revenue": None, "services": ["api*", "<script>s</script>"], "root_cause": None,
               "flags": ["root_cause"], "review": ["Root cause"]}
    (tmp_path / "manifest.jsonl").write_text(json.dumps({"input": "a", "status": "ok", "output": "a b.md",
                                                         "summary": summary}) + "\n")
    rollup.write(tmp_path)
    html = (tmp_path / "portfolio.html").read_text()
    page = parse(html)
    assert page.links == ["a%20b.md", "a%20b.md"], "the table row and the review list link the report, nothing else"
    assert "<b>" not in html and "<script>" not in html and "&lt;b&gt;tags&lt;/b&gt;" in html
    text = " ".join("".join(page.text).split())
    assert "Pipes | and **stars** and <b>tags</b> and [links](http://evil.example)" in text
    assert "api*, <script>s</script>" in text and "INC-1 | x" in text and "Needs review: Root cause" in text
    assert len(re.findall(r"<tr>", html)) == 2, "a | in a title does not split the table"


def test_counts_agree_in_number(tmp_path):
    assert counted(1, "input") == "1 input" and counted(2, "input") == "2 inputs" and counted(0, "incident") == \
        "0 incidents" and counted(1200, "incident") == "1,200 incidents"
    notes = {"one.md": NOTES["queue.txt"], "bad.json": "{not json"}
    r, out = batch(tmp_path, notes)
    assert r.returncode == 3
    text = "".join(parse((out / "portfolio.html").read_text()).text)
    assert "1 incident, and 1 input that could not be read" in " ".join(text.split())
    assert json.loads((out / "portfolio.json").read_text())["incident_list"][0]["report"] == "one.md"


def test_html_page_links_only_when_asked_and_only_relative():
    md = f"[a.md](a.md) [x](http://evil.example/) [j](javascript:alert(1)) [up](../etc/passwd) {md_text('[t](u)')}\n"
    assert "<a " not in html_page(md, "t")
    links = parse(html_page(md, "t", links=True)).links
    assert links == ["a.md"]


def test_non_tty_batch_lines_say_ok_or_failed_and_offline_has_no_token_rows(tmp_path):
    notes = {"good.md": NOTES["db-failover.md"], "bad.json": "{not json"}
    r, out = batch(tmp_path, notes)
    err, summary = r.stderr.decode(), r.stdout.decode()
    lines = [line for line in err.splitlines() if line.startswith("[")]
    assert len(lines) == 2
    assert any(re.search(r"\] good: ok -> good\.md", line) for line in lines), lines
    assert any(re.search(r"\] bad: failed: .+", line) for line in lines), lines
    assert "tokens" not in summary and "failed" in summary and "written" in summary
