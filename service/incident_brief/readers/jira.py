"""Jira REST issue: key + fields (summary, description — plain or Atlassian document format —, comments)."""

from __future__ import annotations

import re
from typing import Any

from incident_brief.readers.document import Doc, dig, name_of, names

NAME = "jira"


def _issue(data: Any) -> dict | None:
    """The issue: the object itself, or the first of a search result's "issues"."""
    issues = data.get("issues") if isinstance(data, dict) else None
    issue = issues[0] if isinstance(issues, list) and issues else data
    return issue if isinstance(issue, dict) and isinstance(issue.get("fields"), dict) and "summary" in issue["fields"] else None


def recognise(data: Any) -> bool:
    return _issue(data) is not None


_WIKI_HEADING = re.compile(r"^[ \t]*h[1-6]\.[ \t]+(.+?)[ \t]*$", re.M)
_WIKI_ITEM = re.compile(r"^[ \t]*\*{1,4}[ \t]+(?=\S)", re.M)  # "# item" is left: it reads as a heading in Markdown
_WIKI_BLOCK = re.compile(r"^[ \t]*\{(?:code|noformat|quote|panel)(?::[^}\n]{0,200})?\}[ \t]*$", re.M)


def wiki_text(text: str) -> str:
    """Jira wiki markup as plain text: "h2. Root cause" -> "Root cause:", "* item" -> "- item", block marks out."""
    text = _WIKI_HEADING.sub(lambda m: m[1] if m[1][-1:] in ".:?!" else f"{m[1]}:", text)
    return _WIKI_BLOCK.sub("", _WIKI_ITEM.sub("- ", text))


def adf_text(node: Any) -> str:
    """Plain text of an Atlassian document (paragraphs and list items on their own lines), or of wiki markup."""
    if isinstance(node, str):
        return wiki_text(node) if "h" in node or "*" in node or "#" in node or "{" in node else node
    if not isinstance(node, dict):
        return ""
    kind = node.get("type")
    if kind == "text":
        return node.get("text", "")
    if kind in ("mention", "emoji", "inlineCard", "hardBreak"):  # a name as written; a card's link or an emoji says nothing
        return {"mention": str(dig(node, "attrs", "text") or "").lstrip("@"), "hardBreak": "\n"}.get(kind, "")
    parts = [adf_text(child) for child in node.get("content") or []]
    joiner = _JOINERS.get(kind, "")
    text = joiner.join(p.strip() if joiner == " | " else p for p in parts if p)
    if kind == "heading" and text.strip():
        return text.strip() if text.rstrip()[-1:] in ".:?!" else f"{text.strip()}:"
    return f"- {text}" if kind == "listItem" else text


_JOINERS = {"doc": "\n", "bulletList": "\n", "orderedList": "\n", "listItem": "\n", "table": "\n", "tableRow": " | ",
            "blockquote": "\n", "panel": "\n", "expand": "\n", "layoutSection": "\n", "layoutColumn": "\n"}
_SEVERITY = re.compile(r"(?:sev(?:erity)?[ -]?\d|p[0-4])\b", re.I)


def _value(value: Any) -> str | None:
    """A field's value as written: an option's name, options joined, a date or a number."""
    if isinstance(value, list):
        return ", ".join(v for v in map(_value, value) if v) or None
    if isinstance(value, dict) and value.get("type") == "doc":
        return adf_text(value).strip() or None
    return name_of(value)


def _custom_fields(data: dict, doc: Doc) -> None:
    """customfield_* under the names the export gives them ("names"), else a severity option kept as
    "Severity" and prose kept as notes; other unnamed values (ids, counts, dates) say nothing to a reader."""
    named = data.get("names") if isinstance(data.get("names"), dict) else {}
    for key, raw in data["fields"].items():
        value = _value(raw) if key.startswith("customfield_") else None
        if not value:
            continue
        label = named.get(key)
        if isinstance(label, str) and label.strip():
            (doc.paragraph if len(value) > 120 or "\n" in value else doc.fact)(label.strip(), value)
        elif _SEVERITY.match(value):
            doc.fact("Severity", value)
        elif len(value.split()) >= 4:
            doc.paragraph("Notes", value)


def read(data: Any) -> Doc:
    named = data.get("names") if isinstance(data, dict) else None  # a search result names its fields once
    data = _issue(data)
    data = {**data, "names": data.get("names") or named}
    f, doc = data["fields"], Doc()
    doc.fact("Incident ID", data.get("key"))
    doc.fact("Title", f.get("summary"))
    doc.fact("Priority", name_of(f.get("priority")))
    status, resolution = name_of(f.get("status")), name_of(f.get("resolution"))
    doc.fact("Status", f"{status} ({resolution})" if status and resolution and resolution != status else status or resolution)
    _custom_fields(data, doc)
    doc.fact("Created", f.get("created"))
    doc.fact("Resolved", f.get("resolutiondate"))
    doc.paragraph("Description", adf_text(f.get("description")))
    for c in dig(f, "comment", "comments", default=[]) or []:
        if isinstance(c, dict):
            doc.entry(c.get("created"), adf_text(c.get("body")), name_of(c.get("author")))
    doc.items("Affected services", names(f.get("components")))
    doc.items("Labels", f.get("labels") if isinstance(f.get("labels"), list) else [])
    return doc
