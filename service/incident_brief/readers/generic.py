"""Any other JSON: every string and number leaf kept with its key, the usual key names read at any depth.

Keys are compared by their words ("startedAt", "started_at" and "Started At" are one key). The first
value of a known kind, nearest the top, becomes a labelled fact; lists of objects with a time and a text
become timeline entries; lists of strings become lists; long strings become paragraphs; every other leaf
stays as a `Label: value` line, so nothing the export says is lost.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator

from incident_brief.readers.cleanup import code_words, is_code
from incident_brief.readers.document import Doc, when

NAME = "json"
_KNOWN = {  # label -> key names (as words) that carry it
    "Incident ID": ("incident id", "reference", "incident number", "number", "key", "tiny id", "id", "incident ref",
                    "incident key", "incident reference", "ref"),
    "Title": ("title", "name", "summary", "short description", "subject", "headline", "message"),
    "Severity": ("severity", "sev", "severity level", "level"),
    "Priority": ("priority", "urgency", "prio"),
    "Status": ("status", "state", "incident status", "current status", "current milestone", "phase"),
    "Started": ("started at", "start", "start time", "began at", "impact started at"),
    "Created": ("created at", "created", "opened at", "triggered at"),  # administrative: a start only as a fallback
    "Detected": ("detected at", "detected", "acknowledged at"),
    "Mitigated": ("mitigated at", "mitigated"),
    "Resolved": ("resolved at", "resolved", "ended at", "end", "end time", "recovered at"),
    "Closed": ("closed at",),
    "Duration": ("duration", "duration minutes", "time to resolve"),
    "Users affected": ("users affected", "affected users", "affected customers", "customers affected",
                       "impacted users", "impacted customers"),
    "Customer reports": ("customer reports", "tickets", "support tickets", "complaints"),
    "Revenue impact": ("revenue impact", "revenue", "revenue loss", "lost revenue"),
    "Root cause": ("root cause", "cause"),
    "Contact": ("contact", "owner email"),
}
_WORD_OF = {words: label for label, keys in _KNOWN.items() for words in keys}
_TIME = ("time", "timestamp", "at", "ts", "date", "created at", "created on", "created", "occurred at", "when",
         "display at", "occurred", "ms", "epoch", "logged at", "happened at")
_TEXT = ("text", "message", "body", "note", "description", "event", "summary", "content", "update", "comment", "value",
         "detail", "details", "msg", "notes")
_CODE_KEYS = ("type", "kind", "event", "event type", "action", "code", "status", "name", "event name")
_WHO_KEYS = ("by", "actor", "user", "author", "who", "owner")
# events that say only when a moment of the story happened: told as labelled times, as exports label them
_TIME_FACTS = {"Impact started", "Impact ended", "Impact began", "Detected", "Mitigated", "Resolved", "Recovered",
               "Acknowledged", "Outage started", "Outage ended", "Incident started", "Incident resolved"}
_SAYS_NOTHING = {"note", "comment", "update", "message", "log", "status change", "status changed", "annotation", "event"}
_GENERIC = {"value", "display value", "name", "display name", "label", "summary", "text"}  # say nothing without their parent
_LIST_LABELS = {"services": "Affected services", "affected services": "Affected services",
                "components": "Affected services", "impacted services": "Affected services",
                "systems": "Affected services", "affected systems": "Affected services",
                "impacted systems": "Affected services", "affected components": "Affected services",
                "actions taken": "Actions taken", "actions": "Actions taken", "action items": "Next steps",
                "next steps": "Next steps", "follow ups": "Next steps", "followups": "Next steps", "todo": "Next steps"}
# An id under one of these names is another record's (a linked ticket, a follow-up, a change), never the incident's.
_OTHER_RECORD = re.compile(r"\b(?:link\w*|related|relates|parent|child\w*|sub ?tasks?|follow ?ups?|followups?|changes?|"
                           r"duplicates?|blocks|blocked|depends|caused|problem|actions?|action items|tasks?|todo|"
                           r"user|users|assignee|reporter|owner|team|service|services|policy|project|customer|account|"
                           r"org|organization|component|components|updates?|events?|entries|notes?|comments?|messages?|log|logs)\b")
_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")


@lru_cache(maxsize=4096)  # pure, and asked of the same few keys once per leaf of a large export
def words(key: str) -> str:
    return " ".join(w.lower() for w in _SPLIT.split(str(key)) if w)


def recognise(data: Any) -> bool:
    return True


def _leaves(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    stack = [(path, node)]
    while stack:  # iterative: deep JSON never hits the recursion limit
        path, node = stack.pop()
        if isinstance(node, dict):
            stack.extend((path + (str(k),), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            yield path, node
            stack.extend((path + (str(i),), v) for i, v in reversed(list(enumerate(node))) if isinstance(v, (dict, list)))
        elif node is not None and not isinstance(node, bool):
            yield path, node


def _entry_of(item: Any) -> tuple[Any, str, Any] | None:
    """(time, text, who) of an event object: its text, led by its event code in words ("IMPACT_START" ->
    "Impact started"), or the code alone; None when it has no time or says nothing."""
    if not isinstance(item, dict) or _is_record(item):
        return None
    keyed = {words(k): v for k, v in item.items()}
    time = _pick(keyed, _TIME, lambda v: isinstance(v, (str, int, float)) and not isinstance(v, bool))
    text = _pick(keyed, _TEXT, lambda v: isinstance(v, str) and v.strip() and not is_code(v))
    code = _pick(keyed, _CODE_KEYS, is_code)
    said = code_words(code) if code else None
    if said and said.lower() not in _SAYS_NOTHING and (not text or said.lower() not in text.lower()):
        text = f"{said}: {text}" if text else said
    who = _pick(keyed, _WHO_KEYS, lambda v: isinstance(v, str) and v.strip())
    if text == said and not _is_event(item):  # a record named only by its type ("incident"): no event
        return None
    return (time, text, who) if time is not None and text else None


# Fields an incident record holds and an event in its timeline does not: two or more of them make an object in a
# list ({"result": [{"number": ..., "state": ..., "priority": ..., "resolved_at": ...}]}) a record to read field by
# field, not one timeline entry that would drop the rest.
_RECORD_LABELS = frozenset({"Severity", "Priority", "Status", "Started", "Resolved", "Closed", "Mitigated", "Duration",
                            "Users affected", "Customer reports", "Revenue impact", "Root cause"})


def _is_record(item: dict) -> bool:
    return len({label for k in item if (label := _known(words(k))) in _RECORD_LABELS}) >= 2


def _is_event(item: dict) -> bool:
    """A small flat object (a time, a code, who): an event told by its code alone."""
    return len(item) <= 5 and not any(isinstance(v, (dict, list)) for v in item.values())


def _pick(keyed: dict[str, Any], names: tuple[str, ...], ok) -> Any:
    """The value of the first of names present as a key, or as the end of one ("sys_created_on")."""
    for name in names:
        for key, value in keyed.items():
            if (key == name or key.endswith(" " + name)) and ok(value):
                return value
    return None


def _label(path: tuple[str, ...]) -> str:
    named = [words(p) for p in path if not p.isdigit()]
    if len(named) > 1 and named[-1] in _GENERIC:  # {"assignment_group": {"display_value": ...}}: the parent names it
        return named[-2].capitalize()
    return (named[-1] if named else "value").capitalize()


def _known(key: str) -> str | None:
    """The label a key carries, also behind a prefix ("u_customers_affected", "x_impacted_users")."""
    parts = key.split()
    return next((_WORD_OF[" ".join(parts[i:])] for i in range(len(parts)) if " ".join(parts[i:]) in _WORD_OF), None)


def label_for(key: str) -> str:
    """How people label a field named by an export's key: "affected_service" -> "Affected service",
    "sev" -> "Severity", "customersAffected" -> "Users affected"."""
    said = words(key)
    return _known(said) or _WORD_OF.get(said) or said.capitalize() or str(key)


def _id_rank(path: tuple[str, ...]) -> int | None:
    """How surely an id-like leaf names the incident itself (lower is surer): under a key that names the
    incident ("incident.id", "incident_number"), then at the top, then under another object; a number or a
    reference before a prefixed system id; None under a linked record."""
    named = [words(p) for p in path if not p.isdigit()]
    owners = " ".join(named[:-1] + [" ".join(named[-1].split()[:-1])]).strip()  # the parents and the key's own prefix
    if _OTHER_RECORD.search(owners):
        return None
    prefix = " ".join(named[-1].split()[:-1])
    owner = prefix or (named[-2] if len(named) > 1 else "")  # "incident_id" or {"incident": {"id": ...}}
    own = 0 if owner == "incident" else 1 if len(named) == 1 else 2
    key = named[-1].split()
    human = key[-1] in ("number", "ref", "reference", "key") or key == ["incident", "id"] or key == ["id"]
    return own * 2 + (0 if human else 1)  # a number or reference before a system's own id ("sys_id", "uuid")


def _incident_id_path(data: Any) -> tuple[str, ...] | None:
    """The leaf that holds the incident's own id: the key that names the incident wins over a nearer
    unrelated key ("links": [{"key": "FEED-512"}]); the first such leaf in reading order among equals."""
    best: tuple[int, tuple[str, ...]] | None = None
    for path, value in _leaves(data):
        if isinstance(value, list) or not path or path[-1].isdigit():
            continue
        if _label_of(path) != "Incident ID":
            continue
        rank = _id_rank(path)
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, path)
    return best[1] if best else None


def _other_id_label(path: tuple[str, ...]) -> str:
    """An id that is not the incident's, labelled so that no reader takes it for one: with its parent's name
    ("Jira key", "Links key"), unless that name is the incident's own."""
    named = [words(p) for p in path if not p.isdigit()]
    if len(named) > 1 and named[-2].split()[:1] != ["incident"]:
        return f"{named[-2]} {named[-1]}".capitalize()
    return _label(path)


def _label_of(path: tuple[str, ...]) -> str | None:
    key = words(path[-1]) if path and not path[-1].isdigit() else ""
    label = _known(key) if len(key.split()) > 1 or key in _WORD_OF else None
    return label or _WORD_OF.get(" ".join(words(p) for p in path[-2:]))


def _level(label: str, value: Any) -> Any:
    """A bare number under a severity or priority key, as people write it: 2 -> "SEV2", "1" -> "P1"."""
    if label in ("Severity", "Priority") and re.fullmatch(r"[0-5]", str(value).strip()):
        return f"{'SEV' if label == 'Severity' else 'P'}{str(value).strip()}"
    return value


def read(data: Any) -> Doc:
    doc, seen, taken = Doc(), set(), set()
    id_path = _incident_id_path(data)
    for path, value in _leaves(data):
        key = words(path[-1]) if path and not path[-1].isdigit() else ""
        if isinstance(value, list):
            entries = [e for e in map(_entry_of, value) if e]
            if entries and len(entries) >= len(value) // 2:
                for time, text, who in entries:
                    if text in _TIME_FACTS and text not in seen:  # a bare "IMPACT_END" event: a labelled time
                        seen.add(text)
                        doc.fact(text, when(time))
                    else:
                        doc.entry(time, text, who)
                taken.update(path + (str(i),) for i in range(len(value)))
            elif value and all(isinstance(v, (str, int, float)) for v in value):
                doc.items(_LIST_LABELS.get(key, _label(path)), value)
            continue
        if any(path[:i] in taken for i in range(len(path))):
            continue  # already read as a timeline entry
        label = _label_of(path)
        if label == "Incident ID" and path != id_path:  # not the incident's own id: "Jira key", "Links key"
            doc.fact(_other_id_label(path), value)
            continue
        if label and label not in seen and (label != "Title" or isinstance(value, str)):
            seen.add(label)
            doc.fact(label, _level(label, value))
        elif isinstance(value, str) and len(value) > 120:
            doc.paragraph(_label(path), value)
        else:
            doc.fact(_label(path), value)
    return doc
