"""No secret in a report: every piece of report text goes through redaction, whichever engine wrote it.

Credentials, card numbers, social security numbers and IBANs are always
withheld; emails and phone numbers unless the restore policy allows them;
IP addresses are kept by default (`Settings.restorable()`). The contact line
and the incident id keep their emails and phones (a contact is meant to be
reached) but never a credential. Evidence quotes are withheld the same way
while their offsets still point into the notes. What was withheld is said in
review flags: one for the report, one for each section it came from.
"""

from __future__ import annotations

from incident_brief.redact import Withheld, withhold
from incident_brief.schema import SECTIONS, Report, ReviewFlag, get_path, set_path

_PERSONAL_CONTACT = frozenset({"email", "phone", "ip"})  # what a contact line is for
_CREDENTIALS = ("private_key", "token", "password", "key")
_NOUNS = {"credential": ("credential", "credentials"), "email": ("email address", "email addresses"),
          "phone": ("phone number", "phone numbers"), "card": ("card number", "card numbers"),
          "ssn": ("social security number", "social security numbers"), "iban": ("IBAN", "IBANs"),
          "ip": ("IP address", "IP addresses")}


class Tally:
    """Distinct values withheld, by kind (the same key in two sections counts once)."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], str] = {}  # (kind, value) -> label

    def add(self, gone: list[Withheld]) -> None:
        for w in gone:
            self.seen.setdefault((w.kind, w.value), w.label)

    def sentence(self, where: str) -> str | None:
        """e.g. "2 credentials (AWS access key ID, password) and 1 email address were withheld from this report"."""
        groups: dict[str, list[str]] = {}
        for (kind, _), label in self.seen.items():
            groups.setdefault("credential" if kind in _CREDENTIALS else kind, []).append(label)
        if not groups:
            return None
        parts = []
        for noun in _NOUNS:
            if noun in groups:
                n, one_many = len(groups[noun]), _NOUNS[noun]
                detail = f" ({', '.join(sorted(set(groups[noun])))})" if noun == "credential" else ""
                parts.append(f"{n} {one_many[n != 1]}{detail}")
        verb = "was" if len(self.seen) == 1 else "were"
        return f"{' and '.join([', '.join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)} {verb} withheld from {where}"


def _policy(path: str, allow: frozenset[str]) -> frozenset[str]:
    return allow | _PERSONAL_CONTACT if path == SECTIONS["contact"].path else allow


def _text(value: str | None, allow: frozenset[str], tally: Tally) -> str | None:
    if not value:
        return value
    out, gone = withhold(value, allow)
    tally.add(gone)
    return out


def _value(value, allow: frozenset[str], tally: Tally):
    if isinstance(value, list):
        return [_text(v, allow, tally) if isinstance(v, str) else v for v in value]
    return _text(value, allow, tally) if isinstance(value, str) else value


def section(report: Report, path: str, allow: frozenset[str], where: str = "this section") -> Tally:
    """Withhold in one report field; a flag on the field when something was withheld."""
    tally = Tally()
    set_path(report, path, _value(get_path(report, path), _policy(path, allow), tally))
    if sentence := tally.sentence(where):
        report.review_flags.append(ReviewFlag(field=path, reason=sentence))
    return tally


def report_text(report: Report, allow: frozenset[str]) -> Report:
    """Every field, quote, flag and stored fact of a report, withheld by policy; flags say what was withheld."""
    total = Tally()
    report.review_flags = [ReviewFlag(field=f.field, reason=_text(f.reason, allow, total)) for f in report.review_flags]
    for spec in SECTIONS.values():
        total.seen.update(section(report, spec.path, allow).seen)
    report.affected_services = _value(report.affected_services, allow, total)
    report.incident_id = _text(report.incident_id, allow | _PERSONAL_CONTACT, total)
    for path, spans in report.evidence.items():
        for span in spans:
            span.quote = _text(span.quote, _policy(path, allow), total)
    if report.engine.facts is not None:
        facts = report.engine.facts
        for name in type(facts).model_fields:
            setattr(facts, name, _value(getattr(facts, name), allow, total))
    if sentence := total.sentence("this report"):
        report.review_flags.append(ReviewFlag(field="report", reason=sentence))
    return report


def values(value, evidence, flags: list[ReviewFlag], path: str, allow: frozenset[str]) -> tuple[object, list, list[ReviewFlag]]:
    """A section written again (regenerate): its value, evidence quotes and flags withheld, a flag if anything was."""
    tally = Tally()
    value = _value(value, _policy(path, allow), tally)
    flags = [ReviewFlag(field=f.field, reason=_text(f.reason, allow, tally)) for f in flags]
    for span in evidence or []:
        span.quote = _text(span.quote, allow, tally)
    if sentence := tally.sentence("this section"):
        flags.append(ReviewFlag(field=path, reason=sentence))
    return value, evidence, flags

