"""Who is calling, and the web page's sign-in and form tokens.

- API keys: `Authorization: Bearer KEY`, compared in constant time with every configured key.
- Web sign-in (when keys are set): the sign-in form takes a key and sets an HttpOnly, SameSite=Strict cookie holding
  a session signed with itsdangerous: the holder's name and a digest of the key (never the key). It is accepted like
  the key itself while that key is still configured and the session is younger than `session_hours`.
- Form tokens (CSRF, every mode): a random value in an HttpOnly, SameSite=Strict cookie, and a signed copy of it in
  each form's hidden `csrf` field (double submit with a signature); a page elsewhere can read neither.
"""

from __future__ import annotations

import hashlib
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

SESSION_COOKIE, CSRF_COOKIE = "ib_session", "ib_csrf"


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class Sessions:
    """One per app: the configured keys and the signer (not module state)."""

    def __init__(self, keys: dict[str, str], secret: str | None, max_age: float):
        self.keys = keys  # key -> holder name
        self.by_digest = {digest(k): name for k, name in keys.items()}
        self.max_age = int(max_age)
        self.signer = URLSafeTimedSerializer(secret or secrets.token_urlsafe(32), salt="incident-brief")

    @property
    def required(self) -> bool:
        return bool(self.keys)

    def holder_of_key(self, token: str) -> str | None:
        """The name of the key's holder; compares with every key, in constant time each."""
        name = None
        for key, who in self.keys.items():
            if secrets.compare_digest(token.encode(), key.encode()):
                name = who
        return name

    def holder(self, request: Request) -> str | None:
        """The signed-in holder's name from the session cookie, when valid and the key is still configured."""
        data = self._load(request.cookies.get(SESSION_COOKIE, ""), "session")
        if not isinstance(data, dict) or not isinstance(data.get("k"), str):
            return None
        return self.by_digest.get(data["k"])

    def sign_in(self, response: Response, key: str) -> str | None:
        name = self.holder_of_key(key)
        if name is not None:
            value = self.signer.dumps({"k": digest(key)}, salt="session")
            self._cookie(response, SESSION_COOKIE, value, self.max_age)
        return name

    @staticmethod
    def sign_out(response: Response) -> None:
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")

    def form_token(self, request: Request) -> tuple[str, str | None]:
        """The token for this browser's forms, and the new cookie value to set when the browser has none yet."""
        nonce = request.cookies.get(CSRF_COOKIE, "")
        fresh = None
        if len(nonce) != 43:  # secrets.token_urlsafe(32)
            nonce = fresh = secrets.token_urlsafe(32)
        return self.signer.dumps(nonce, salt="csrf"), fresh

    def set_form_cookie(self, response: Response, fresh: str | None) -> None:
        if fresh:
            self._cookie(response, CSRF_COOKIE, fresh, None)

    def form_ok(self, request: Request, token: str) -> bool:
        nonce = request.cookies.get(CSRF_COOKIE, "")
        signed = self._load(token, "csrf")
        return bool(nonce) and isinstance(signed, str) and secrets.compare_digest(signed.encode(), nonce.encode())

    def _load(self, value: str, salt: str):
        if not value or len(value) > 4096:
            return None
        try:
            return self.signer.loads(value, salt=salt, max_age=self.max_age)
        except BadSignature:
            return None

    @staticmethod
    def _cookie(response: Response, name: str, value: str, max_age: int | None) -> None:
        response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="strict",
                            secure=False)  # loopback http by default; behind TLS the browser still keeps it
