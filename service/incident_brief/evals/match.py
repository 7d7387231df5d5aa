"""What the scorers share: a score with its reasons, fuzzy service names, times to the minute, figure values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

_STOP = {"the", "a", "an", "of", "and", "for", "on", "at", "in", "to", "service", "services", "website", "api"}


@dataclass
class Score:
    value: float | None
    reasons: list[str] = field(default_factory=list)


def ratio(good: int, total: int, reasons: list[str]) -> Score:
    return Score(None if total == 0 else good / total, reasons)


def minute(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(second=0, microsecond=0) if value else None


def _tokens(name: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+(?:\.[a-z0-9]+)*", name.lower()) if t not in _STOP}


def service_match(pred: str, gold: str) -> bool:
    p, g = pred.lower(), gold.lower()
    if p in g or g in p:
        return True
    tp, tg = _tokens(pred), _tokens(gold)
    return bool(tp and tg) and len(tp & tg) / len(tp | tg) >= 0.5


def same_value(a: float | None, b: float | None) -> bool:
    """Equal within half a percent (figures are often rounded once in the notes)."""
    return a is not None and b is not None and abs(a - b) <= max(0.01, 0.005 * abs(b))


def is_percent(unit: str | None) -> bool:
    return (unit or "").strip().lower() in ("%", "percent", "per cent", "pct")


def report_figures(report) -> list[tuple[str, float, str | None]]:
    """The report's other impact figures (`impact.figures`: label, value, unit), models or dicts; none when the
    report model has no such list."""
    out = []
    for f in getattr(report.impact, "figures", None) or []:
        get = f.get if isinstance(f, dict) else (lambda k, f=f: getattr(f, k, None))
        if isinstance(get("value"), (int, float)):
            out.append((str(get("label") or ""), float(get("value")), get("unit")))
    return out
