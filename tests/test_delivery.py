"""Delivery on approval against local receivers: Slack-shaped webhook (Block Kit), the generic webhook verifying the
HMAC signature, SMTP (HTML + PDF), retries with backoff (a receiver failing twice then succeeding), a target that
always fails (the approval stands; the log, the API and the page show it), and retry."""

from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from fastapi.testclient import TestClient

from incident_brief.delivery import slack, webhook
from incident_brief.delivery.message import Approved
from incident_brief.schema import Report
from incident_brief.render import view
from incident_brief.server.app import create_app
from incident_brief.settings import Settings

from .conftest import form_token
from .receivers import HttpReceiver, SmtpReceiver

NOTES = ("# Payments outage\n\nDate: 2025-03-04\n09:05 UTC SEV1: card payments failed for shoppers in the EU.\n"
         "09:20 UTC about 4,200 users could not pay.\n09:48 UTC rolled back the config change; resolved.\n")
SECRET = "whsec-test-0123456789abcdef"
PUBLIC = "https://briefs.example.test"


@contextmanager
def service(tmp_path, **targets):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'd.db'}", openai_base_url=None, openai_api_key=None,
                        public_url=PUBLIC, deliver_backoff=0.01, deliver_attempts=3, deliver_timeout=5, **targets)
    with TestClient(create_app(settings)) as client:
        yield client


def approved(c) -> str:
    rid = c.post("/v1/reports", json={"notes": NOTES, "incident_id": "INC-77"}).json()["id"]
    r = c.post(f"/v1/reports/{rid}/approve")
    assert r.status_code == 200 and r.json()["review_state"] == "approved"
    return rid


def settled(c, rid: str) -> dict:
    assert c.app.state.dispatcher.idle(30)
    return c.get(f"/v1/reports/{rid}/deliveries").json()


def state(deliveries: dict, target: str) -> dict:
    return next(t for t in deliveries["targets"] if t["target"] == target)


def test_slack_gets_a_block_kit_summary_with_a_link_to_the_report(tmp_path):
    with HttpReceiver() as slack, service(tmp_path, deliver_slack_url=slack.url) as c:
        rid = approved(c)
        assert state(settled(c, rid), "slack") | {"at": None} == {
            "target": "slack", "status": "delivered", "attempts": 1, "error": None, "at": None}
        shown = view(c.app.state.store.get(rid).report)
    [got] = slack.received
    payload = json.loads(got.body)
    blocks = {b["type"]: b for b in payload["blocks"] if b["type"] != "section"}
    facts, impact = [b for b in payload["blocks"] if b["type"] == "section"]
    assert blocks["header"]["text"]["text"] == "Payments outage"
    fields = {f["text"].split("\n")[0]: f["text"].split("\n")[1] for f in facts["fields"]}
    assert (fields["*Status*"], fields["*Severity*"], fields["*Duration*"]) == (shown["status"], shown["severity"],
                                                                               shown["duration"])
    assert shown["status"] == "Resolved" and "43" in shown["duration"]
    impact = impact["text"]["text"]
    assert impact.startswith("*Impact*\n") and "4,200" in impact
    link = f"{PUBLIC}/ui/reports/{rid}"
    assert blocks["actions"]["elements"][0]["url"] == link and link in payload["text"]


def test_the_webhook_is_signed_over_the_exact_body_and_carries_the_approval(tmp_path):
    judge = lambda got: 200 if webhook.verify(SECRET, got.headers["incident-brief-signature"], got.body) else 401  # noqa: E731
    with HttpReceiver(judge=judge) as hook, service(tmp_path, deliver_webhook_url=hook.url,
                                                    deliver_webhook_secret=SECRET) as c:
        rid = approved(c)
        assert state(settled(c, rid), "webhook")["status"] == "delivered"
        report = c.get(f"/v1/reports/{rid}").json()
    [got] = hook.received
    body = json.loads(got.body)
    assert (body["event"], body["report_id"], body["revision"], body["approved_by"]) == ("report.approved", rid, 2, "anonymous")
    assert body["url"] == f"{PUBLIC}/ui/reports/{rid}" and body["report"]["title"] == report["title"]
    assert body["approved_at"].startswith(report["updated_at"][:16])
    header = got.headers["incident-brief-signature"]
    assert not webhook.verify("another-secret-0123456789", header, got.body)
    assert not webhook.verify(SECRET, header, got.body.replace(b"anonymous", b"anonymouz"))
    stamp = int(header.split(",")[0][2:])
    assert not webhook.verify(SECRET, header, got.body, now=stamp + webhook.TOLERANCE + 1)  # a replay, too late


def test_a_receiver_failing_twice_then_succeeding_gets_three_attempts_of_one_delivery(tmp_path):
    with HttpReceiver(script=[503, 502, 200]) as hook, service(tmp_path, deliver_webhook_url=hook.url,
                                                               deliver_webhook_secret=SECRET) as c:
        rid = approved(c)
        log = settled(c, rid)
    assert [(a["attempt"], a["status"], a["code"]) for a in log["attempts"]] == [
        (1, "retrying", 503), (2, "retrying", 502), (3, "delivered", 200)]
    assert log["attempts"][0]["error"] == "HTTP 503: no_service"
    assert len({a["delivery_id"] for a in log["attempts"]}) == 1
    assert len({r.headers["incident-brief-delivery"] for r in hook.received}) == 1 and len(hook.received) == 3
    assert all(webhook.verify(SECRET, r.headers["incident-brief-signature"], r.body) for r in hook.received)
    assert state(log, "webhook") | {"at": None} == {"target": "webhook", "status": "delivered", "attempts": 3,
                                                   "error": None, "at": None}


def test_a_client_error_is_not_retried(tmp_path):
    with HttpReceiver(script=[400, 200]) as hook, service(tmp_path, deliver_webhook_url=hook.url,
                                                          deliver_webhook_secret=SECRET) as c:
        log = settled(c, approved(c))
    assert [(a["attempt"], a["status"], a["code"]) for a in log["attempts"]] == [(1, "failed", 400)]
    assert len(hook.received) == 1


def test_a_target_that_always_fails_leaves_the_approval_standing_and_shows_on_the_page(tmp_path):
    with HttpReceiver(script=[500]) as hook, service(tmp_path, deliver_webhook_url=hook.url,
                                                     deliver_webhook_secret=SECRET) as c:
        rid = approved(c)
        log = settled(c, rid)
        assert c.get(f"/v1/reports/{rid}").json()["review_state"] == "approved"
        assert [(a["attempt"], a["status"]) for a in log["attempts"]] == [(1, "retrying"), (2, "retrying"), (3, "failed")]
        assert state(log, "webhook")["error"] == "HTTP 500: no_service"
        page = c.get(f"/ui/reports/{rid}").text
        row = page[page.index('id="delivery-webhook"'):].split("</tr>")[0]
        assert 'data-status="failed"' in row and "HTTP 500: no_service" in row and "<td>3</td>" in row
        assert "Retry failed deliveries" in page
        hook.script[:] = [200]  # the receiver is fixed: a retry from the page delivers, numbering on from 4
        r = c.post(f"/ui/reports/{rid}/deliveries/retry", data={"csrf": form_token(c, f"/ui/reports/{rid}")},
                   follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].endswith("#delivery")
        log = settled(c, rid)
        assert log["attempts"][-1]["attempt"] == 4 and state(log, "webhook")["status"] == "delivered"
        assert state(log, "webhook")["attempts"] == 1
        assert c.post(f"/v1/reports/{rid}/deliveries/retry").json()["retried"] == []  # nothing left to retry


def test_delivery_runs_after_the_approval_off_the_request_path(tmp_path):
    hold = threading.Event()
    with HttpReceiver(hold=hold) as slack, service(tmp_path, deliver_slack_url=slack.url) as c:
        rid = approved(c)  # answered while the receiver still holds the delivery back
        assert c.get(f"/v1/reports/{rid}").json()["review_state"] == "approved"
        assert state(c.get(f"/v1/reports/{rid}/deliveries").json(), "slack")["status"] == "pending"
        hold.set()
        assert state(settled(c, rid), "slack")["status"] == "delivered"


def test_email_gets_the_html_report_and_the_pdf(tmp_path):
    with SmtpReceiver() as smtp, service(tmp_path, smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_starttls=False,
                                         smtp_from="briefs@example.test",
                                         smtp_to="cto@example.test, ops@example.test") as c:
        rid = approved(c)
        assert state(settled(c, rid), "email")["status"] == "delivered"
    [(rcpts, mail)] = smtp.mailbox.messages
    assert rcpts == ["cto@example.test", "ops@example.test"] and mail["From"] == "briefs@example.test"
    assert mail["Subject"] == "Incident report approved: Payments outage"
    html = mail.get_body(("html",)).get_content()
    assert "<html" in html.lower() and "Payments outage" in html and "4,200" in html
    assert f"{PUBLIC}/ui/reports/{rid}" in mail.get_body(("plain",)).get_content()
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf" and attachment.get_filename() == "INC-77.pdf"
    assert attachment.get_content().startswith(b"%PDF")


def test_unreachable_targets_are_retried_and_an_unsigned_webhook_is_never_sent(tmp_path):
    with HttpReceiver() as closed:
        url = closed.url  # the port is free again once the receiver is gone
    with service(tmp_path, deliver_slack_url=url, deliver_webhook_url=url) as c:
        log = settled(c, approved(c))
    slack = [(a["status"], a["error"]) for a in log["attempts"] if a["target"] == "slack"]
    assert slack == [("retrying", "connection failed (ConnectError)")] * 2 + [("failed", "connection failed (ConnectError)")]
    assert url not in json.dumps(log)  # a Slack webhook's URL is its secret: never in the log
    hook = [(a["status"], a["error"]) for a in log["attempts"] if a["target"] == "webhook"]
    assert hook == [("failed", "INCIDENT_BRIEF_DELIVER_WEBHOOK_SECRET is not set: the webhook is never sent unsigned")]


def test_a_draft_is_not_delivered_and_cannot_be_retried(tmp_path):
    with HttpReceiver() as slack, service(tmp_path, deliver_slack_url=slack.url) as c:
        rid = c.post("/v1/reports", json={"notes": NOTES}).json()["id"]
        log = c.get(f"/v1/reports/{rid}/deliveries").json()
        assert log["targets"] == [{"target": "slack", "status": "pending", "attempts": 0, "error": None, "at": None}]
        assert c.post(f"/v1/reports/{rid}/deliveries/retry").status_code == 409
        assert "The report is sent to these targets when it is approved." in c.get(f"/ui/reports/{rid}").text
        assert c.get("/v1/reports/nope/deliveries").status_code == 404
    assert slack.received == []


def test_without_targets_nothing_is_sent_and_the_page_has_no_panel(tmp_path):
    with service(tmp_path) as c:
        rid = approved(c)
        assert settled(c, rid) | {"review_state": None} == {"report_id": rid, "review_state": None, "targets": [],
                                                           "attempts": [], "retried": None}
        assert 'id="delivery"' not in c.get(f"/ui/reports/{rid}").text


def test_the_readme_snippet_verifies_a_real_signature_and_refuses_a_forged_one():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    start = readme.index("def verify(secret: str, header: str, body: bytes")
    namespace: dict = {}
    exec(readme[readme.rindex("```python", 0, start) + len("```python"):readme.index("```", start)], namespace)
    body = webhook.body(Approved("r1", 3, "alice", datetime.now(timezone.utc), report(), "http://x/ui/reports/r1"))
    header = webhook.signature(SECRET, int(time.time()), body)
    assert namespace["verify"](SECRET, header, body) and webhook.verify(SECRET, header, body)
    assert not namespace["verify"](SECRET, header.replace("v1=", "v1=0"), body)
    assert not namespace["verify"](SECRET, header, body + b" ")


def test_slack_text_from_the_notes_cannot_mention_or_link():
    r = report(title="DB down <!channel>", what_happened="x", impact={"summary": "Users saw <https://evil.test|login> & <@U123>"})
    payload = slack.message(Approved("r1", 2, "bob <!here>", datetime.now(timezone.utc), r, "http://h/ui/reports/r1"))
    header = payload["blocks"][0]
    assert header["type"] == "header" and header["text"]["type"] == "plain_text"  # shown as is: Slack parses nothing
    text = json.dumps([b for b in payload["blocks"] if b["type"] not in ("actions", "header")]) + payload["text"]
    assert "<!channel>" not in text and "<!here>" not in text and "<https://evil" not in text and "<@U123>" not in text
    assert "&lt;!here&gt;" in text and "&amp;" in text


def test_a_refusing_mail_server_fails_at_once_and_a_busy_one_is_retried(tmp_path):
    with SmtpReceiver(replies=["550 5.1.1 no such mailbox"]) as refusing, \
            service(tmp_path, smtp_host="127.0.0.1", smtp_port=refusing.port, smtp_starttls=False, smtp_to="a@b.test") as c:
        log = settled(c, approved(c))
    assert [(a["status"], a["code"], a["error"]) for a in log["attempts"]] == [
        ("failed", 550, "SMTP 550: 5.1.1 no such mailbox")]
    (tmp_path / "second").mkdir()
    with SmtpReceiver(replies=["451 4.3.0 try later", "250 OK"]) as busy, \
            service(tmp_path / "second", smtp_host="127.0.0.1", smtp_port=busy.port, smtp_starttls=False, smtp_to="a@b.test") as c:
        log = settled(c, approved(c))
    assert [(a["status"], a["code"]) for a in log["attempts"]] == [("retrying", 451), ("delivered", 250)]
    assert len(busy.mailbox.messages) == 1


def report(**fields) -> Report:
    return Report(generated_at=datetime.now(timezone.utc), engine={"name": "offline", "version": "test"}, **fields)
