"""Delivery on approval: the approved report sent to the configured targets (Slack, a signed webhook, email).

Nothing here touches the database or the web: a target sends one approved report and says how it went; the retry
loop (retry.py) records every attempt through a callback the service gives it (server/deliverylog.py stores them)."""
