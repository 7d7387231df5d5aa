"""Slot a validated report into the fixed templates (Markdown, HTML) or dump it as JSON."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from incident_brief.compose import NOT_STATED, RESOLUTION, closed_later, duration_text, money
from incident_brief.figures import figure_text
from incident_brief.resources import resource_dir
from incident_brief.schema import Report, Severity, Status
from incident_brief.translations import Translation, translation

FORMATS = ("markdown", "html", "json")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_LINK = re.compile(r"\](?=[(:\[])")  # closes a link or image ([x](url), ![](url), [x][ref]) or a definition ([x]: url)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")  # incl. bidi overrides


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(resource_dir("templates"))),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        keep_trailing_newline=True,
    )
    env.globals["ns"] = lambda value: Markup(' class="not-stated"') if value == NOT_STATED else ""
    return env


def _or_ns(value) -> str:
    return NOT_STATED if value in (None, "", []) else str(value)


def view(report: Report, markdown: bool = False) -> dict:
    """Every value the templates show, formatted, with the not-stated text for gaps."""
    safe = (lambda s: _md_safe(_CONTROL.sub("", s))) if markdown else (lambda s: _CONTROL.sub("", s))
    items = lambda xs: [safe(x) for x in xs] or [NOT_STATED]  # noqa: E731
    imp = report.impact
    return {
        "incident_id": safe(_or_ns(report.incident_id)),
        "title": safe(_or_ns(report.title)),
        "generated": report.generated_at.strftime("%B %d, %Y at %I:%M %p ") + _zone(report.generated_at),
        "status": NOT_STATED if report.status is Status.unknown else report.status.value.capitalize(),
        "severity": NOT_STATED if report.severity is Severity.unknown else report.severity.value.upper(),
        "severity_class": report.severity.value,
        "duration": duration_text(report.duration_minutes),
        "start": _when(report.started_at),
        "end": _when(report.resolved_at, since=report.started_at),
        "closed": _when(report.closed_at, since=report.started_at),
        "closed_later": closed_later(report),  # shown only when it says more than the end
        "what_happened": safe(_or_ns(report.what_happened)),
        "services": safe(", ".join(report.affected_services)) if report.affected_services else NOT_STATED,
        "impact_summary": safe(_or_ns(imp.summary)),
        "users": _or_ns(None if imp.users_affected is None else f"{imp.users_affected:,}"),
        "revenue": _or_ns(None if imp.revenue_impact is None else money(imp.revenue_impact)),
        "reports": _or_ns(None if imp.customer_reports is None else f"{imp.customer_reports:,}"),
        "figures": [{"label": safe(f.label[:1].upper() + f.label[1:]), "value": figure_text(f.value, f.unit, f.label)}
                    for f in imp.figures],
        "resolution": RESOLUTION[report.status],
        "root_cause": safe(_or_ns(report.root_cause)),
        "actions": items(report.actions_taken),
        "immediate": items(report.next_steps.immediate),
        "preventive": items(report.next_steps.preventive),
        "contact": safe(_or_ns(report.contact)),
    }


def _labels(t: Translation) -> dict:
    return {**t.labels, "lang": t.language}


def translated(v: dict, report: Report, t: Translation) -> dict:
    """The view's own words (not stated, status, resolution, date) in the translation's language."""
    if t.language == "en":
        return v
    out = {k: (t.not_stated if x == NOT_STATED else [t.not_stated if i == NOT_STATED else i for i in x]
               if isinstance(x, list) else x) for k, x in v.items()}
    if report.status is not Status.unknown:
        out["status"] = t.status.get(report.status.value, v["status"])
    out["resolution"] = t.resolution.get(report.status.value, v["resolution"])
    if t.generated_format:
        out["generated"] = report.generated_at.strftime(t.generated_format) + " " + _zone(report.generated_at)
    return out


def _when(dt, since=None) -> str:
    """ "2025-04-08 13:15 UTC"; an end on the start's day and zone as "14:05 UTC"; a time without a zone as written."""
    if dt is None:
        return NOT_STATED
    zone = "" if dt.tzinfo is None else " " + _offset(dt)
    same_day = since is not None and since.date() == dt.date() and since.utcoffset() == dt.utcoffset()
    return dt.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M") + zone


def _offset(dt) -> str:
    off = dt.utcoffset()
    if not off:
        return "UTC"
    minutes = int(off.total_seconds() // 60)
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _zone(dt) -> str:
    if dt.tzinfo is None:
        return ""
    off = dt.utcoffset()
    return "UTC" if not off else dt.strftime("UTC%z")


def _md_safe(text: str) -> str:
    """Text from notes or a reviewer's edit must not become live HTML, a link, an image or a new block inside the
    Markdown report: `<` before a tag becomes `&lt;`, a `]` that would close a link or image becomes
    `&rbrack;` (a named entity: a numeric one would put a stray number in the report)."""
    return _LINK.sub("&rbrack;", _TAG.sub("&lt;", " ".join(text.split())))


def render(report: Report, fmt: str = "markdown", language: str | None = None) -> str:
    """The report in one format; labels in `language` (else the language it was written for, else English)."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    t = translation(language or getattr(report.engine, "language", None))
    if fmt == "markdown":
        return _env().get_template("report.md.j2").render(v=translated(view(report, markdown=True), report, t), L=_labels(t))
    if fmt == "html":
        return _env().get_template("report.html.j2").render(v=translated(view(report), report, t), L=_labels(t))
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


@lru_cache(maxsize=2)
def _markdown(links: bool = False) -> MarkdownIt:
    # Text from notes and titles is untrusted: no raw HTML (js-default escapes it), no images, and links only when the
    # page's own Markdown writes them (the portfolio's links to its reports), relative ones only.
    md = MarkdownIt("js-default").disable(["image", "autolink"] if links else ["link", "image", "autolink"])
    if links:
        md.validateLink = lambda url: _RELATIVE.fullmatch(url) is not None and ".." not in url
    return md


_RELATIVE = re.compile(r"[A-Za-z0-9._~%-][A-Za-z0-9._~%/-]*")  # a file beside the page: no scheme, no //host, no ../
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>#!~])")
PAGE_STYLE = ("body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;"
              "max-width:60rem;margin:2rem auto;padding:0 1rem}"
              "table{border-collapse:collapse;margin:.5rem 0;display:block;overflow-x:auto}"
              "th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}"
              "@media print{body{margin:0;max-width:none;font-size:10pt}a{color:inherit;text-decoration:none}"
              "table{display:table;overflow:visible}tr,li{break-inside:avoid}h2{break-after:avoid}}")


def md_text(text: str) -> str:
    """Untrusted text as literal Markdown inline text (a table cell, a link's words): every marker backslash-escaped,
    line breaks folded, control characters dropped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(_CONTROL.sub("", text).split()))


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 input", "2 inputs", "0 incidents": a count and a noun that agree in number."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def html_page(markdown: str, title: str, style: str = "", links: bool = False) -> str:
    """A Markdown page (eval results, a batch portfolio) as one standalone HTML page that fits a phone and prints.
    `links`: the Markdown's own relative links become links (never text from notes: pass it through md_text)."""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
            f"<style>{PAGE_STYLE}{style}</style></head><body>{_markdown(links).render(markdown)}</body></html>\n")
