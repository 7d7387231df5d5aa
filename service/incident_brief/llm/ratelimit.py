"""A rate-limit gate shared by every model call in the process.

When any response says 429 with Retry-After (or retry-after-ms), every worker
waits until that moment before its next request, so a rate limit slows a
batch down instead of multiplying failed calls. The SDK still does the retrying.
"""

from __future__ import annotations

import threading
import time


class RateGate:
    def __init__(self, max_wait: float = 120.0):
        self._lock = threading.Lock()
        self._open_at = 0.0
        self.max_wait = max_wait
        self.waited = 0.0  # seconds spent waiting, for reports and benchmarks

    def wait(self, request=None) -> None:
        with self._lock:
            delay = self._open_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
            with self._lock:
                self.waited += delay

    def observe(self, response) -> None:
        if response.status_code != 429:
            return
        headers = response.headers
        seconds = None
        if headers.get("retry-after-ms"):
            seconds = float(headers["retry-after-ms"]) / 1000
        elif headers.get("retry-after"):
            try:
                seconds = float(headers["retry-after"])
            except ValueError:
                seconds = None
        seconds = min(self.max_wait, seconds if seconds is not None else 1.0)
        with self._lock:
            self._open_at = max(self._open_at, time.monotonic() + seconds)


GATE = RateGate()
