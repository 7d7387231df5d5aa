"""Browser-facing safety, as ASGI middleware: security headers on every response, a same-origin check on every
state-changing request, and the trusted-host list (DNS rebinding)."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.middleware.trustedhost import TrustedHostMiddleware

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-frame-options", b"DENY"),
           (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
           (b"cross-origin-opener-policy", b"same-origin")]
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORBIDDEN = (b'{"type":"about:blank","title":"Forbidden","status":403,'
             b'"detail":"cross-site request refused: the Origin is not this service"}')


class SecurityHeaders:
    """CSP (no inline script, no framing), X-Frame-Options, nosniff and Referrer-Policy on every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *((k, v) for k, v in HEADERS if k not in names)]
            await send(message)

        await self.app(scope, receive, sending)


def cross_site(headers: dict[bytes, bytes]) -> bool:
    """True when a browser says the request comes from another site: Sec-Fetch-Site when sent (every current
    browser), else Origin against Host."""
    fetch_site = headers.get(b"sec-fetch-site", b"").decode("latin-1").lower()
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = headers.get(b"origin")
    if origin is None:
        return False  # not a browser, or a same-origin request from one that sends no Origin
    origin_text = origin.decode("latin-1")
    host = headers.get(b"host", b"").decode("latin-1").lower()
    return origin_text == "null" or urlsplit(origin_text).netloc.lower() != host


class SameOrigin:
    """Refuse (403) a POST/PUT/PATCH/DELETE that a browser sends from another origin: with no keys set the API
    needs no credential, so a page elsewhere could otherwise post to it (approve, create) from a visitor's browser."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in UNSAFE and cross_site(dict(scope.get("headers") or [])):
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-type", b"application/problem+json"),
                                    (b"content-length", str(len(FORBIDDEN)).encode())]})
            return await send({"type": "http.response.body", "body": FORBIDDEN})
        return await self.app(scope, receive, send)


def trusted_hosts(app, hosts: list[str]):
    """Starlette's TrustedHostMiddleware: any other Host header gets 400 (a rebinding site's name never matches)."""
    return TrustedHostMiddleware(app, allowed_hosts=hosts, www_redirect=False)
