"""The key facts on the web page: each fact's row (shown value, form values) and a posted form read into the API's
model (facts.FactsEdit), so the page refuses what the API refuses, with the same message."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from incident_brief.flags.names import label
from incident_brief.schema import Report, Severity, Status, get_path
from incident_brief.server.facts import FACTS, FactsEdit
from incident_brief.server.problems import invalid_fields, validation_detail

CHOICES = {"severity": [s.value for s in Severity], "status": [s.value for s in Status]}
NUMBERS = ("duration_minutes", "users_affected", "customer_reports")
TIMES = ("started_at", "resolved_at", "closed_at")
_GROUPING = str.maketrans("", "", ", _\u00a0\u202f")  # thousands separators a person types: 4,100 or 4 100


@dataclass
class FactRow:
    name: str
    label: str
    path: str
    shown: str  # as the executive reads it
    value: str = ""  # the form's current value (single-value facts)
    lines: str = ""  # services, one per line
    amount: str = ""
    currency: str = ""
    figures: list[dict] = field(default_factory=list)  # label, value, unit per figure, and one empty row to add
    choices: list[str] = field(default_factory=list)
    evidence: int = 0  # quotes from the notes
    flags: list[str] = field(default_factory=list)


def rows(report: Report, shown: dict[str, str]) -> dict[str, FactRow]:
    """Every fact's row; `shown` holds the executive wording (render.view) by fact name."""
    out = {}
    for name, path in FACTS.items():
        value = get_path(report, path)
        row = FactRow(name, label(path), path, shown.get(name, ""), choices=CHOICES.get(name, []))
        if name in CHOICES:
            row.value = value.value
        elif name in TIMES:
            row.value = value.isoformat() if value else ""
        elif name in NUMBERS:
            row.value = "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
        elif name == "affected_services":
            row.lines = "\n".join(value)
        elif name == "revenue_impact" and value is not None:
            row.amount, row.currency = f"{value.amount:.2f}", value.currency
        elif name == "figures":
            row.figures = [{"label": f.label, "value": f"{f.value:g}", "unit": f.unit} for f in value]
        if name == "figures":
            row.figures.append({"label": "", "value": "", "unit": ""})
        out[name] = row
    return out


def posted(name: str, form) -> dict:
    """The API body for one fact from its form (a starlette FormData): blank clears the fact."""
    one = (form.get("value") or "").strip()
    if name in CHOICES or name in TIMES:
        return {name: one or None}
    if name in NUMBERS:
        return {name: one.translate(_GROUPING) or None}
    if name == "affected_services":
        return {name: [" ".join(s.split()) for s in (form.get("lines") or "").splitlines() if s.strip()]}
    if name == "revenue_impact":
        amount, currency = (form.get("amount") or "").strip().translate(_GROUPING), (form.get("currency") or "").strip()
        return {name: {"amount": amount, "currency": currency.upper()} if amount or currency else None}
    figures = zip(form.getlist("figure_label"), form.getlist("figure_value"), form.getlist("figure_unit"))
    return {name: [{"label": " ".join(lb.split()), "value": v.strip().translate(_GROUPING), "unit": u.strip()}
                   for lb, v, u in figures if lb.strip() or v.strip() or u.strip()]}


def validated(data: dict) -> FactsEdit:
    """The API's model of the posted facts; a ValueError carrying the API's 422 detail when it refuses them."""
    try:
        return FactsEdit.model_validate(data)
    except ValidationError as exc:
        raise ValueError(validation_detail(invalid_fields(exc.errors()))) from None


def refill(row: FactRow, form) -> None:
    """A refused form shown again with what the reviewer typed, not the stored value."""
    row.value = str(form.get("value") or "")
    row.lines = str(form.get("lines") or "")
    row.amount, row.currency = str(form.get("amount") or ""), str(form.get("currency") or "")
    if row.name == "figures":
        typed = zip(form.getlist("figure_label"), form.getlist("figure_value"), form.getlist("figure_unit"))
        row.figures = [{"label": lb, "value": v, "unit": u} for lb, v, u in typed]
