"""A per-request CPU budget for reading notes: checked between extraction stages, never a stall."""

from __future__ import annotations

import time

from incident_brief.errors import ReadBudgetError


class Deadline:
    """CPU time of the calling thread (so concurrent requests do not charge each other)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.started = time.thread_time()

    def check(self) -> None:
        used = time.thread_time() - self.started
        if used > self.seconds:
            raise ReadBudgetError(f"the notes took too long to read ({used:.1f} s of CPU, the budget is "
                                  f"{self.seconds:g} s); split them into smaller documents")
