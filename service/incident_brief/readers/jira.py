"""Jira REST issue: key + fields (summary, description — plain or Atlassian document format —, comments)."""

from __future__ import annotations

from typing import Any

from incident_brief.readers.document import Doc, dig, name_of, names

NAME = "jira"


def recognise(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("fields"), dict) and "summary" in data["fields"]


def adf_text(node: Any) -> str:
    """Plain text of an Atlassian document (paragraphs and list items on their own lines)."""
    if isinstance(node, str):
        return node
    if not isinstance(node, dict):
        return ""
    if node.get("type") == "text":
        return node.get("text", "")
    parts = [adf_text(child) for child in node.get("content") or []]
    joiner = "\n" if node.get("type") in ("doc", "bulletList", "orderedList", "listItem", "table", "tableRow") else ""
    text = joiner.join(p for p in parts if p)
    return f"- {text}" if node.get("type") == "listItem" else text


def read(data: Any) -> Doc:
    f, doc = data["fields"], Doc()
    doc.fact("Incident ID", data.get("key"))
    doc.fact("Title", f.get("summary"))
    doc.fact("Priority", name_of(f.get("priority")))
    doc.fact("Status", name_of(f.get("status")))
    doc.fact("Resolution", name_of(f.get("resolution")))
    doc.fact("Created", f.get("created"))
    doc.fact("Resolved", f.get("resolutiondate"))
    doc.paragraph("Description", adf_text(f.get("description")))
    for c in dig(f, "comment", "comments", default=[]) or []:
        if isinstance(c, dict):
            doc.entry(c.get("created"), adf_text(c.get("body")), name_of(c.get("author")))
    doc.items("Affected services", names(f.get("components")))
    doc.items("Labels", f.get("labels") if isinstance(f.get("labels"), list) else [])
    return doc
