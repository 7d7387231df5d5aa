"""Each audience's rendering of one report: the executive report (the fixed template, unchanged), the customer
update and the engineering write-up, in Markdown, HTML or JSON (with an `audience` field).

A model's drafted prose for an audience (kept in `engine.audiences`) replaces the composed wording only while it
still passes the audience's checks against the report as it is now; otherwise the composition is shown."""

from __future__ import annotations

import json
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from incident_brief.audiences import customer, engineering
from incident_brief.audiences.leaks import leaks
from incident_brief.audiences.model import AUDIENCES, DEFAULT, CustomerUpdate, EngineeringBrief
from incident_brief.compose import NOT_STATED
from incident_brief.render import FORMATS, md_text, render as render_executive
from incident_brief.resources import resource_dir
from incident_brief.schema import Report

# the prose a model may draft per audience (the rest stays composed: times, status, owners, due dates)
DRAFTED: dict[str, tuple[str, ...]] = {"customer": ("experienced", "doing"),
                                       "engineering": ("summary", "root_cause", "contributing_factors")}


def check_audience(audience: str) -> str:
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; choose one of {', '.join(AUDIENCES)}")
    return audience


def numbers_allowed(update: CustomerUpdate) -> str:
    """The text a customer update's numbers may come from: its times."""
    return update.when


def compose(report: Report, audience: str) -> CustomerUpdate | EngineeringBrief:
    """The customer or engineering rendering's content, a model's draft over the composition where it still holds."""
    composed = customer.compose(report) if check_audience(audience) == "customer" else engineering.compose(report)
    drafted = (report.engine.audiences or {}).get(audience) or {}
    values = {k: drafted[k] for k in DRAFTED.get(audience, ()) if drafted.get(k)}
    if not values:
        return composed
    merged = type(composed).model_validate({**composed.model_dump(), **values, "drafted_by": "llm"})
    if isinstance(merged, CustomerUpdate):
        text = "\n".join(str(values[k]) for k in values)
        if leaks(text, report, numbers_allowed(composed)):
            return composed
    return merged


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(resource_dir("templates"))), undefined=StrictUndefined,
                      autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
                      keep_trailing_newline=True)
    env.filters["md"] = md_text
    env.globals["NOT_STATED"] = NOT_STATED
    return env


def render(report: Report, fmt: str = "markdown", audience: str = DEFAULT) -> str:
    """The report for this audience; the executive one is exactly `render.render`."""
    if check_audience(audience) == "executive":
        return render_executive(report, fmt)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    content = compose(report, audience)
    if fmt == "json":
        return json.dumps(content.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    ext = "md" if fmt == "markdown" else "html"
    return _env().get_template(f"{audience}.{ext}.j2").render(c=content)


def fragment(report: Report, audience: str) -> str:
    """The audience's HTML rendering as one <article> for a page to show (escaped by its template)."""
    page = render(report, "html", audience)
    start, end = page.find("<article"), page.rfind("</article>")
    return page[start:end + len("</article>")] if 0 <= start < end else ""
