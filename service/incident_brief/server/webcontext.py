"""The report page's content: the report as the executive will read it, each fact and section with its form, flags,
evidence and actions (only those that can do something), the checklist of what is unresolved, and the notes panel."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from incident_brief.audiences.model import AUDIENCES
from incident_brief.audiences.render import fragment
from incident_brief.engines import choose
from incident_brief.flags.names import label
from incident_brief.render import render, view
from incident_brief.schema import DRAFTED, SECTIONS, get_path
from incident_brief.server import checklist, notespanel, webfacts
from incident_brief.server.pages import page
from incident_brief.server.store import Stored

REGENERABLE = frozenset(DRAFTED) | {"title"}
_SHOWN = {"severity": "severity", "status": "status", "started_at": "start", "resolved_at": "end",
          "closed_at": "closed",
          "duration_minutes": "duration", "affected_services": "services", "users_affected": "users",
          "revenue_impact": "revenue", "customer_reports": "reports"}


def can_regenerate(request: Request, stored: Stored, section: str) -> bool:
    """Only where the engine can write something else: a drafted section, not locked, with a model configured or a
    report a model wrote (the offline engine gives an offline report's text again, word for word)."""
    if stored.review_state == "approved" or section in stored.locked or section not in REGENERABLE:
        return False
    return choose("auto", request.app.state.settings) == "llm" or stored.report.engine.name != "offline"


def sections(request: Request, stored: Stored, flags: dict[str, list[str]]) -> dict[str, dict]:
    r, out = stored.report, {}
    for name, (path, kind) in SECTIONS.items():
        value = get_path(r, path)
        out[name] = {"name": name, "label": label(path), "kind": "list" if kind is list else "text", "value": value,
                     "path": path, "edit_text": "\n".join(value) if kind is list else (value or ""),
                     "flags": flags.get(path, []), "evidence": len(r.evidence.get(path, [])),
                     "locked": name in stored.locked, "regenerate": can_regenerate(request, stored, name)}
    return out


def report_page(request: Request, stored: Stored, history: list[dict], *, status: int = 200,
                evidence: str | None = None, fact_error: dict | None = None, notice: str | None = None,
                confirming: bool = False, audience: str = "executive", notes_form: dict | None = None) -> HTMLResponse:
    r = stored.report
    flags: dict[str, list[str]] = {}
    for f in r.review_flags:
        flags.setdefault(f.field, []).append(f.reason)
    shown = view(r)
    facts = webfacts.rows(r, {name: shown[key] for name, key in _SHOWN.items()})
    for row in facts.values():
        row.evidence, row.flags = len(r.evidence.get(row.path, [])), flags.get(row.path, [])
    if fact_error:
        webfacts.refill(facts[fact_error["name"]], fact_error["form"])
    return page(request, "report", status, stored=stored, r=r, v=shown, facts=facts,
                sections=sections(request, stored, flags), history=history, notice=notice,
                checklist=checklist.unresolved(r), notes=notespanel.notes(r, stored.source_text, evidence, request.app.state.settings.restorable()),
                fact_error=fact_error or {}, confirming=confirming, approved=stored.review_state == "approved",
                deliveries=request.app.state.dispatcher.states(stored.id),
                markdown=render(r, "markdown"), notes_form=notes_form or {}, **audience_view(r, audience))


def audience_view(report, audience: str) -> dict:
    """The page's audience switch: the chosen audience and, for customer or engineering, its rendering."""
    chosen = audience if audience in AUDIENCES else "executive"
    shown = Markup(fragment(report, chosen)) if chosen != "executive" else None  # escaped by its template
    return {"audience": chosen, "audiences": AUDIENCES, "audience_html": shown}
