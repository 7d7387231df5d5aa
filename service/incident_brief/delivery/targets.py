"""The configured targets: one for each address set in the settings, each a name and a way to send one report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from incident_brief.delivery import mail, slack, webhook
from incident_brief.delivery.message import Approved, DeliveryFailed, Sent
from incident_brief.settings import Settings

NAMES = ("slack", "webhook", "email")
NO_SECRET = "INCIDENT_BRIEF_DELIVER_WEBHOOK_SECRET is not set: the webhook is never sent unsigned"


@dataclass(frozen=True)
class Target:
    name: str  # slack | webhook | email
    send: Callable[[Approved, str], Sent]  # (report, delivery id) -> delivered, or raises DeliveryFailed


def configured(settings: Settings) -> list[Target]:
    timeout, out = settings.deliver_timeout, []
    if settings.deliver_slack_url is not None:
        url = settings.deliver_slack_url.get_secret_value()
        out.append(Target("slack", lambda a, _id: slack.send(url, a, timeout)))
    if settings.deliver_webhook_url:
        out.append(Target("webhook", _webhook(settings.deliver_webhook_url, settings)))
    if settings.smtp_host:
        smtp = mail.Smtp(settings.smtp_host, settings.smtp_port, settings.smtp_from, settings.smtp_recipients(),
                         settings.smtp_user, settings.smtp_password and settings.smtp_password.get_secret_value(),
                         settings.smtp_starttls)
        out.append(Target("email", lambda a, _id: mail.send(smtp, a, timeout)))
    return out


def _webhook(url: str, settings: Settings) -> Callable[[Approved, str], Sent]:
    secret = settings.deliver_webhook_secret and settings.deliver_webhook_secret.get_secret_value()
    timeout = settings.deliver_timeout

    def send(approved: Approved, delivery_id: str) -> Sent:
        if not secret:
            raise DeliveryFailed(NO_SECRET, retryable=False)
        return webhook.send(url, secret, approved, delivery_id, timeout)

    return send
