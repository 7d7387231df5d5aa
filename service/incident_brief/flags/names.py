"""Report fields as the web page labels them: a flag or a question names a field this way, never by its JSON path."""

from __future__ import annotations

FIELD_LABELS = {
    "incident_id": "Incident ID", "title": "Title", "status": "Status", "severity": "Severity",
    "started_at": "Start time", "detected_at": "Detection time", "resolved_at": "End time", "closed_at": "Closed time",
    "duration_minutes": "Duration",
    "affected_services": "Affected services", "what_happened": "What happened", "impact": "Business impact",
    "impact.summary": "Business impact", "impact.users_affected": "Users affected",
    "impact.revenue_impact": "Estimated revenue impact", "impact.customer_reports": "Customer reports",
    "impact.figures": "Other impact figures", "root_cause": "Root cause", "actions_taken": "Actions taken",
    "next_steps": "Next steps", "next_steps.immediate": "Immediate actions",
    "next_steps.preventive": "Preventive measures", "contact": "Contact", "notes": "The notes",
    "engine": "How the report was written", "report": "The whole report", "approval": "Approval",
}


def label(path: str) -> str:
    """The page's name for a field ("Start time" for started_at); an unknown path in words."""
    return FIELD_LABELS.get(path) or path.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def labelled(flags: list) -> list:
    """The flags, each carrying its field's page label (flags made outside the final pass: edits, regenerations)."""
    for flag in flags:
        if flag.label is None:
            flag.label = label(flag.field)
    return flags
