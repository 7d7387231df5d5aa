"""Rendering the web page's HTML: Jinja2 with autoescape, bidirectional-override characters stripped from every
value, a form token in every page, and who the visitor is (anonymous without keys, the signed-in key holder with)."""

from __future__ import annotations

from functools import lru_cache

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from incident_brief.compose import NOT_STATED
from incident_brief.server.session import Sessions

# LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM: they can make text read differently than it is stored
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))
ANONYMOUS = "anonymous (web)"


def without_bidi(value):
    return value.translate(BIDI_CONTROLS) if isinstance(value, str) else value


@lru_cache(maxsize=1)
def _env() -> Environment:
    from incident_brief.resources import resource_dir

    return Environment(loader=FileSystemLoader(str(resource_dir("templates"))), undefined=StrictUndefined,
                       autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=True),
                       finalize=without_bidi)


def sessions(request: Request) -> Sessions:
    return request.app.state.sessions


def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    token, fresh = sessions(request).form_token(request)
    who = visitor(request)
    html = _env().get_template(f"web/{name}.html.j2").render(
        not_stated=NOT_STATED, csrf=token, visitor=None if who == ANONYMOUS else who, **context)
    response = HTMLResponse(html, status_code=status)
    sessions(request).set_form_cookie(response, fresh)
    return response


def error(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return page(request, "error", status, title=title, message=message)


def visitor(request: Request) -> str | None:
    """The author recorded for the page's changes: anonymous without keys, else the signed-in holder (or None)."""
    s = sessions(request)
    return s.holder(request) if s.required else ANONYMOUS


def sign_in_first(request: Request) -> Response | None:
    """None when the visitor may use the page; else where to go (GET) or a refusal (POST)."""
    if visitor(request) is not None:
        return None
    if request.method == "GET":
        return RedirectResponse("/ui/login", status_code=303)
    return error(request, 401, "Sign in first", "This service requires an API key: sign in on the start page.")


def form_refused(request: Request, token: str) -> Response | None:
    """None when the form carries this browser's token; else a 403 page (a form posted from another site)."""
    if sessions(request).form_ok(request, token):
        return None
    return error(request, 403, "Form expired",
                 "This form could not be verified (it may come from another site, or the page is old). "
                 "Reload the page and try again.")
