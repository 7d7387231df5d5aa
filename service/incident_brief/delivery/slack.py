"""Slack incoming webhook: a Block Kit summary of the approved report (title, status, severity, duration, impact)
and a link to its page. https://api.slack.com/messaging/webhooks"""

from __future__ import annotations

import json

from incident_brief.delivery.http import post
from incident_brief.delivery.message import Approved, Sent, one_line
from incident_brief.render import view

IMPACT_CHARS = 300  # one line of impact; the report page has the rest


def mrkdwn(text: str) -> str:
    """Text from the report shown as Slack mrkdwn: &, < and > escaped, so no text becomes a link or a mention."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def message(approved: Approved) -> dict:
    """The Block Kit payload: a header, the key facts as fields, the impact line, and a button to the report."""
    v = view(approved.report)
    link = approved.url.replace("|", "%7C").replace(">", "%3E")
    fields = [("Status", v["status"]), ("Severity", v["severity"]), ("Duration", v["duration"]),
              ("Approved by", one_line(approved.approved_by, 80))]
    return {
        "text": f"Incident report approved: {mrkdwn(approved.title)} <{link}|Open the report>",  # notifications
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": approved.title, "emoji": False}},
            {"type": "section", "fields": [{"type": "mrkdwn", "text": f"*{name}*\n{mrkdwn(value)}"}
                                           for name, value in fields]},
            {"type": "section", "text": {"type": "mrkdwn",
                                         "text": "*Impact*\n" + mrkdwn(one_line(v["impact_summary"], IMPACT_CHARS))}},
            {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Open the report"},
                                              "url": approved.url, "action_id": "open-report"}]},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"<{link}|{mrkdwn(approved.url)}> · revision "
                                              f"{approved.revision}"}]},
        ],
    }


def send(url: str, approved: Approved, timeout: float) -> Sent:
    body = json.dumps(message(approved), ensure_ascii=False).encode()
    return post(url, body, {"Content-Type": "application/json; charset=utf-8"}, timeout)
