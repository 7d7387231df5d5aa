"""Email through SMTP (the standard library's smtplib): the rendered report as the HTML body (Markdown as the plain
text part) and the one-page PDF attached."""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from incident_brief.delivery.message import Approved, DeliveryFailed, Sent
from incident_brief.errors import ConfigurationError
from incident_brief.render import render
from incident_brief.render_pdf import MEDIA_TYPE, pdf

_FILE_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    sender: str
    recipients: list[str]
    user: str | None = None
    password: str | None = None
    starttls: bool = True


def message(approved: Approved, sender: str, recipients: list[str]) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = f"Incident report approved: {approved.title}"
    mail["From"], mail["To"] = sender, ", ".join(recipients)
    mail["Date"], mail["Message-ID"] = format_datetime(approved.approved_at), make_msgid(domain="incident-brief")
    mail.set_content(render(approved.report, "markdown") + f"\nThe report in the service: {approved.url}\n")
    mail.add_alternative(render(approved.report, "html"), subtype="html")
    try:
        document = pdf(approved.report)
    except ConfigurationError as exc:  # no WeasyPrint: fix the installation, then retry the delivery
        raise DeliveryFailed(str(exc), retryable=False) from None
    maintype, subtype = MEDIA_TYPE.split("/")
    name = _FILE_UNSAFE.sub("-", approved.report.incident_id or f"report-{approved.report_id}").strip("-") or "report"
    mail.add_attachment(document, maintype=maintype, subtype=subtype, filename=f"{name[:80]}.pdf")
    return mail


def send(smtp: Smtp, approved: Approved, timeout: float) -> Sent:
    if not smtp.recipients:
        raise DeliveryFailed("INCIDENT_BRIEF_SMTP_TO names no recipient", retryable=False)
    mail = message(approved, smtp.sender, smtp.recipients)
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=timeout) as client:
            if smtp.starttls:
                client.starttls(context=ssl.create_default_context())
            if smtp.user:
                client.login(smtp.user, smtp.password or "")
            client.send_message(mail)
    except smtplib.SMTPResponseException as exc:  # 4xx: try again later; 5xx: refused for good
        raise DeliveryFailed(f"SMTP {exc.smtp_code}: {_said(exc.smtp_error)}", retryable=400 <= exc.smtp_code < 500,
                             code=exc.smtp_code) from None
    except smtplib.SMTPRecipientsRefused:
        raise DeliveryFailed("SMTP: every recipient was refused", retryable=False) from None
    except smtplib.SMTPNotSupportedError:
        raise DeliveryFailed("SMTP: the server does not offer STARTTLS (or login)", retryable=False) from None
    except (OSError, smtplib.SMTPException) as exc:  # timeouts, refused connections, TLS errors, dropped sessions
        raise DeliveryFailed(f"SMTP connection failed ({type(exc).__name__})", retryable=True) from None
    return Sent(250)


def _said(error: bytes | str) -> str:
    text = error.decode(errors="replace") if isinstance(error, bytes) else str(error)
    return " ".join(text.split())[:120]
