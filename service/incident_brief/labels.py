"""The fixed executive report's labels, in one place: the templates print them, the eval checks them."""

LABELS = {
    "report": "Executive Incident Report",
    "incident_id": "Incident ID",
    "title": "Title",
    "generated": "Report Generated",
    "summary": "Executive Summary",
    "status": "Status",
    "severity": "Severity",
    "duration": "Duration",
    "start": "Start",
    "end": "End",
    "closed": "Closed",
    "what_happened": "What Happened",
    "services": "Affected Services",
    "impact": "Business Impact",
    "users": "Users Affected",
    "revenue": "Estimated Revenue Impact",
    "reports": "Customer Reports",
    "resolution": "Resolution Status",
    "root_cause": "Root Cause",
    "actions": "Actions Taken",
    "next_steps": "Next Steps",
    "immediate": "Immediate Actions",
    "preventive": "Preventive Measures",
    "contact": "For Questions",
    "audience_note": "This report is intended for executive leadership and contains business-focused information.",
}

# Which labels are headings in the Markdown report ('#' for the report, '##' for sections); the rest are bold labels.
HEADINGS = {"report": "#", "summary": "##", "what_happened": "##", "impact": "##", "resolution": "##", "next_steps": "##"}


# Lines the report writes from its own clock or the times it read, not figures quoted from the notes: a number
# on them need not be written in the notes (a duration is computed, a time may be converted).
DERIVED = ("generated", "duration", "start", "end", "closed")
# Labels shown only when the report has the value (the incident declared closed after impact ended).
OPTIONAL = ("closed",)


def derived_lines() -> tuple[str, ...]:
    """The Markdown prefixes of the derived lines ("**Duration:**", ...)."""
    return tuple(f"**{LABELS[k]}:**" for k in DERIVED)


def markdown_labels() -> list[str]:
    """Every label as the Markdown report spells it, in report order (the audience note is prose, not a label)."""
    return [f"{HEADINGS[k]} {v}" if k in HEADINGS else f"**{v}:**" for k, v in LABELS.items()
            if k != "audience_note" and k not in OPTIONAL]
