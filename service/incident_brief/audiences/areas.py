"""What customers see of a system: a service name read for the product area it serves ("payment-api" -> payments,
"sso-gateway" -> sign-in), in customer words. A name with no such word gives nothing: internal names are never
shown to customers, only the areas; with none known the update says "some of our services"."""

from __future__ import annotations

import re

# stem families (several languages) -> the area in customer words; first family that a word starts with wins
_FAMILIES: tuple[tuple[tuple[str, ...], str | None], ...] = (
    (("payroll", "vpn", "intranet", "ldap", "internal"), None),  # what staff use, not customers
    (("payout", "settlement"), "payouts"),
    (("checkout", "cart", "basket", "purchas", "warenkorb", "carrito", "panier"), "checkout"),
    (("payment", "pay", "card", "transaction", "pago", "paiement", "zahlung"), "payments"),
    (("billing", "invoice", "invoic", "rechnung", "factur"), "billing"),
    (("order", "pedido", "commande", "bestellung"), "orders"),
    (("login", "logon", "signin", "auth", "sso", "session", "otp", "2fa", "mfa", "oauth", "identity", "idp",
      "password", "anmeld", "connexion"), "sign-in"),
    (("search", "index", "reindex", "suche", "búsqueda", "busqueda", "recherche"), "search"),
    (("booking", "reservation", "reserva", "réservation", "buchung"), "bookings"),
    (("email", "e-mail", "mail", "smtp", "newsletter", "correo"), "email"),
    (("notification", "push", "sms", "benachrichtigung"), "notifications"),
    (("upload",), "uploads"),
    (("download", "mirror"), "downloads"),
    (("image", "media", "cdn", "asset", "video", "photo"), "images"),
    (("webhook",), "webhooks"),
    (("export", "report"), "exports"),
    (("dashboard", "console", "portal"), "the dashboard"),
    (("build", "runner", "pipeline"), "builds"),
    (("message", "chat", "messaging"), "messaging"),
    (("stock", "inventory", "warehouse", "lager", "inventario"), "inventory"),
    (("recommend", "recs"), "recommendations"),
    (("mobile", "ios", "android"), "our mobile app"),
    (("website", "web", "frontend", "storefront", "www", "site"), "our website"),
    (("api",), "our API"),
)
GENERIC = "some of our services"
# every word an area is written with: a service named by one of these alone is a customer word, not an internal name
VOCABULARY = frozenset(w for _, area in _FAMILIES if area for w in re.findall(r"[a-z-]+", area.lower())) | {"api"}
_WORDS = re.compile(r"[A-Za-z0-9À-ÿ]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _words(name: str) -> list[str]:
    return [w.lower() for part in _WORDS.findall(name) for w in _CAMEL.split(part)]


def area_of(name: str) -> str | None:
    """The customer area a name serves, or None (an internal system: a database, a queue, DNS)."""
    words = _words(name)
    for stems, area in _FAMILIES:
        if any(w.startswith(stems) for w in words):
            return area  # None: a system only staff use
    return None


def areas(names: list[str], limit: int = 3) -> list[str]:
    """The areas these names serve, once each, in order, at most `limit`."""
    found = [a for a in (area_of(n) for n in names) if a is not None]
    return list(dict.fromkeys(found))[:limit]


def phrase(found: list[str]) -> str:
    """ "checkout, payments and sign-in"; with none, "some of our services"."""
    if not found:
        return GENERIC
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]
