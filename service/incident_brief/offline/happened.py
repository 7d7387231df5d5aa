"""What Happened, written rather than copied.

The notes' own summary is kept when it reads as prose (its sentences cleaned of markup, stamps and chat names);
otherwise, or when it gives a single sentence, the section is composed from the report's facts: what failed (the
first sentence that says so), when and for how long, who was affected, why and how it was fixed. Every sentence is
either the notes' own or a statement of a fact the report holds, and a composed sentence carrying a number the notes
do not write is left out: where the notes give little, What Happened says little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from incident_brief.compose import affected_statement, fix_statement, join_names, window_statements
from incident_brief.figures import numbers_in, unsupported_numbers
from incident_brief.offline.extract import Found, narrative
from incident_brief.offline.literals import Gated
from incident_brief.schema import Money
from incident_brief.structure import NON_SPACE, Document, clean, sections_of

Spans = tuple[tuple[int, int], ...]
MAX_CHARS, MAX_SENTENCES = 600, 4
_SCAN = 400  # sentences read in search of the first that says what failed
_FIX_WORDS = 5  # an action's fix verb comes early ("Reverted ...", "Lifecycle rule restored ..."), not in a diagnosis
_INTRO_WORDS = 12  # a sentence this long that ends with ":" introduces a quote; it is kept, ending in "."
_LONGEST = 2000  # characters of a raw sentence worth cleaning (a report shows at most 320 of one)
_FULL = 7  # words of a sentence that says what failed in full, preferred to a bare name of the incident
_WRAP = 60  # a line at least this long that runs on into the next is one hard-wrapped sentence
_NEW_LINE = re.compile(r"[ \t]*(?:[-*+•>#|]|\d{1,2}[.)]\s|\[?\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|[A-Za-z][\w -]{0,25}:\s)")
_SENTENCE_END = re.compile(r"[.!?](?=\s)\s*")
_ABBREVIATION = re.compile(r"(?<![\w.])(?:ca|approx|appr|e\.g|i\.e|vs|etc|nr|z\.b|bzw|incl|est|min|max|env)\.$", re.I)

_STAMP = re.compile(r"^[-*+•>\s]*\[?(?:\d{4}-\d{2}-\d{2}[T ]?)?\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
                    r"\s*(?:[AaPp]\.?[Mm]\.?)?\]?\s*(?:UTC|GMT|[A-Z]{2,4}T)?\s*[-–—|:]?\s*")
_JUNK_LEAD = re.compile(r"^(?:\.?\d{1,3}(?:Z|[+-]\d{4})\s*[-–—]\s*|[^\w\"'(]+)")
_LABEL = re.compile(r"^(?P<label>\w[\w'.@-]{0,30}(?:,? [\w'.@-]{1,20}){0,3})(?: \([^)\n]{1,40}\))?\s*(?::|—|–| - )\s+")
_LABEL_RUN = re.compile(r"(?<![\w-])[A-Za-z][\w-]{0,20}(?: [\w-]{1,15})? ?:(?:\s|$)")
_EMOJI = re.compile(r"(?<![\w:]):[a-z][a-z0-9_+-]{1,29}:(?![\w:])")
_URL = re.compile(r"<?https?://[^\s>]{1,400}>?|<[@!#][^>\s]{1,40}>|\bwww\.[^\s]{1,200}")
_RAW = re.compile(r"\|| \d{4}-\d{2}-\d{2}T\d|\d:\d\d:\d\d|={3}|-{3}|_{3}|#\d{3,}|\[FIRING|\bTBD\b|\bTODO\b|\{\{", re.I)
_FILLER = re.compile(r"^(?:(?:ack|ok|okay|yep|yes|yeah|looking|on it|hi|hey|so|fyi|ping|all|folks|update)\b[\s,.!:]*){1,4}", re.I)
_SIGNATURE = re.compile(r"\s+-{1,2}\s?[A-Za-z]{1,12}(?:, \d{4}-\d{2}-\d{2})?\.?$")
_WORD = re.compile(r"[^\W\d_]{2,}")
_NOT_STORY = re.compile(r"(?:describe|explain|list|include|summari[sz]e|provide|fill in|enter|insert|the next steps?|"
                        r"next steps?|we will|we'll|we plan|we are going to)\b", re.I)  # template prompts, plans
_ALERT = re.compile(r"^(?:triggered|acknowledged|ack|escalated|assigned|firing|alert)\b", re.I)
_FAILED = re.compile(
    r"\b(?:fail\w*|errors?|down|outages?|unavailable|unreachable|could not|couldn't|cannot|can't|unable|broken|stuck|"
    r"timed? ?out|time ?outs?|latency|slow\w*|degraded|degradation|declin\w*|refus\w*|rejected|missing|lost|wrong|"
    r"incorrect|duplicat\w*|twice|dropp?\w*|delayed|late|blocked|exposed|leak\w*|expired|not (?:being )?(?:delivered|"
    r"sent|processed|loading|working|available|reachable)|no \w+ could|throwing|empty|ran out|out of memory|logged out|"
    r"kicked out|evict\w*|went out|stopped working|downtime|(?<![\d.,])[45]\d\d(?:s|\b)|"
    # the same family in the other languages notes come in (German, Spanish, French)
    r"fehl\w*|gestört|störung|ausfall\w*|ausgefallen|verzöger\w*|nicht mehr|konnten \w+ \w+ nicht|fall(?:a|an|ó|aron)|"
    r"fallo|caída|dejó de|no (?:se )?pud\w+|échou\w*|panne|erreur\w*|indisponible|n'ont pas pu)\b", re.I)
_ABOUT_INCIDENT = re.compile(r"\b(?:incident|outage|issues?|problems?|disrupt\w*|unresponsive|not responding|"
                             r"stopped responding|crash\w*|hung|overload\w*|corrupt\w*|compromis\w*|vulnerab\w*|exploit\w*|"
                             r"unusable|inaccessible|stall\w*|halt\w*|interrupt\w*)\b", re.I)
_UNAFFECTED = re.compile(r"^No\b|\b(?:not affected|unaffected|no (?:customer )?impact|kept working|stayed up|were fine)\b", re.I)
_CAUSE = re.compile(r"\b(?:because|caused|due to|root cause|the cause|turned out|resulted from)\b", re.I)
_FIX = re.compile(r"\b(?:restor\w*|recover\w*|returned to normal|back to normal|back online|rebuil\w*|roll\w* ?back|"
                  r"revert\w*|revers\w*|fix\w*|patch\w*|resolved by|mitigated by|re-?deploy\w*|deployed|restart\w*|"
                  r"replay\w*|re-?ran|rotat\w*|renew\w*|purg\w*|drain\w*|scaled|fail\w* ?over|switched|disabled|"
                  r"enabled|raised|increased|removed|added|aborted|cleared|applied|promoted|moved|issued|refunded)\b", re.I)
_BOILERPLATE = re.compile(r"^(?:this incident has been resolved|we are (?:investigating|monitoring|continuing)|"
                          r"a fix has been implemented|we have identified)\b", re.I)
_NOT_LEAD_LABEL = re.compile(r"^(?:cause|root cause|why|fix|mitigation|resolution|status|owner)$", re.I)
_FIX_LABEL = re.compile(r"^(?:fix|fixed|mitigation|resolution|actions?(?: taken)?)$", re.I)
_TODO_LABEL = re.compile(r"^(?:todo|to ?do|follow[- ]?ups?|next steps?|action items?|still open|open)$", re.I)
_RESOLVED_UPDATE = re.compile(r"^[-*+• \t]{0,8}(?:\S{1,40}[ \t]{1,4}[-–—][ \t]{1,4})?(?:resolved|postmortem|post-incident)[ \t]*:[ \t]*\S",
                              re.I | re.M)  # (per line: a run of blank lines costs one step each)
_RESOLVED_UPDATE = Gated(_RESOLVED_UPDATE, ("resolved", "postmortem", "post-incident"))


@dataclass(frozen=True)
class Facts:
    """What the engine has already read, each with its spans."""

    services: Found[list[str]] | None = None
    started: Found[datetime] | None = None
    resolved: Found[datetime] | None = None
    duration: Found[float] | None = None
    users: Found[int] | None = None
    revenue: Found[Money] | None = None
    reports: Found[int] | None = None
    impact: Found[str] | None = None
    cause: Found[str] | None = None
    actions: Found[list[str]] | None = None


@dataclass(frozen=True)
class Line:
    text: str
    spans: Spans
    label: str = ""


def tidy(raw: str) -> tuple[str, str] | None:
    """A sentence of the notes as a report may show it, with the label it carried ("Cause: ..."), or None when it
    is not prose (a label run, log or table line, a heading rule, a question, a stub)."""
    if len(raw) > _LONGEST:
        return None
    s = clean(raw)  # markdown links become their text first
    s = _URL.sub("", _EMOJI.sub("", s))
    s = _STAMP.sub("", s, count=1)
    s = _JUNK_LEAD.sub("", s, count=1)
    label = ""
    for _ in range(3):  # "Msg: cause: ...", "- 14:05 - alice: ack, looking. checkout is ..."
        s = _FILLER.sub("", s, count=1)
        m = _LABEL.match(s)
        rest = s[m.end():] if m else ""
        if not m or len(_LABEL_RUN.findall(rest)) > 1 or (_LABEL_RUN.search(rest) and not _LABEL_RUN.match(rest)):
            break
        label, s = m["label"], _STAMP.sub("", s[m.end():], count=1)
    s = _SIGNATURE.sub("", s)
    s = " ".join(s.replace("()", "").replace("**", "").replace("`", "").split()).strip(" ,;-–—")
    if s.endswith(":") and len(s.split()) >= _INTRO_WORDS:  # "... when starting servers stopped overnight:"
        s = s[:-1]
    if (not s or _RAW.search(s) or len(_LABEL_RUN.findall(s)) >= 2 or s.endswith((":", "?")) or len(s) > 320
            or len(_WORD.findall(s)) < 4 or _ALERT.match(s) or _NOT_STORY.match(s) or s.startswith("(")):
        return None
    s = s[0].upper() + s[1:]
    return (s if s.endswith((".", "!")) else s + "."), label


def _pieces(text: str, start: int, end: int, limit: int = _SCAN) -> list[tuple[int, int]]:
    """Sentences of [start, end), read line by line: a short line or one that opens like a label, stamp or item starts
    a new piece (a heading, a label run, a log line), a long line is a soft wrap of the one before. At most limit."""
    chunks: list[list[int]] = []  # [start, end, length of the chunk's last line]
    pos = start
    while pos < end and len(chunks) < limit:
        first = NON_SPACE.search(text, pos, end)  # past a run of blank lines in one step (found in C)
        if first is None:
            break
        pos = text.rfind("\n", pos, first.start()) + 1 or pos
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        line = text[pos:stop]
        if line.strip():
            prev = chunks[-1] if chunks else None
            if (prev and prev[1] == pos - 1 and prev[2] >= _WRAP and not text[max(prev[0], prev[1] - 8):prev[1]].rstrip().endswith(
                    (".", "!", "?", ":")) and not _NEW_LINE.match(line)):
                prev[1], prev[2] = stop, len(line)
            else:
                chunks.append([pos, stop, len(line)])
        pos = stop + 1
    out = []
    for a, b, _ in chunks:
        at = a
        for m in _SENTENCE_END.finditer(text, a, b):
            if _ABBREVIATION.search(text, max(a, m.start() - 8), m.start() + 1):
                continue
            out.append((at, m.start() + 1))
            at = m.end()
        if text[at:b].strip():
            out.append((at, b))
    return [(a, b) for a, b in out if text[a:b].strip()][:limit]


def _lines(doc: Document, start: int, end: int) -> list[Line]:
    out = []
    for s, e in _pieces(doc.text, start, end):
        got = tidy(doc.text[s:e])
        if got and not _TODO_LABEL.match(got[1]):
            text = fix_statement(got[0]) if _FIX_LABEL.match(got[1]) else got[0]  # "fix: disabled the retry loop"
            out.append(Line(text, ((s, e),), got[1]))
    return out


def _summary(doc: Document) -> tuple[list[Line], bool]:
    """The author's summary: a status page's last "Resolved" update (its boilerplate dropped, what failed first),
    else the paragraph narrative.what_happened finds."""
    last = None
    for last in _RESOLVED_UPDATE.finditer(doc.text, doc.body_start):
        pass
    if last is not None:
        end = doc.text.find("\n", last.start())
        lines = [l for l in _lines(doc, last.start(), end if end != -1 else len(doc.text)) if not _BOILERPLATE.match(l.text)]
        if len(lines) >= 2:
            return sorted(lines, key=_role_order), True
    found = narrative.what_happened(doc)
    if found is None:
        return [], False
    (s, e), in_section = found
    return [l for l in _lines(doc, s, e) if not _BOILERPLATE.match(l.text)], in_section


def _role_order(line: Line) -> int:
    if _FAILED.search(line.text) and not _CAUSE.search(line.text) and not _FIX.search(line.text):
        return 0
    return 1 if _CAUSE.search(line.text) else 2 if _FIX.search(line.text) else 3


def _is_lead(line: Line) -> bool:
    return (bool(_FAILED.search(line.text)) and not _UNAFFECTED.search(line.text) and not _CAUSE.search(line.text)
            and not _NOT_LEAD_LABEL.match(line.label))


def _first_failure(doc: Document) -> Line | None:
    """The first sentence of the notes, outside cause and follow-up sections, that says what failed."""
    skip = [(sec.body_start, sec.body_end) for sec in sections_of(
        doc, "root_cause", "next_steps", "immediate", "preventive", "actions")]
    causal = None
    short = None  # a bare name ("Outbound email sending unavailable") when no sentence says more
    for s, e in _pieces(doc.text, doc.body_start, len(doc.text)):
        if e - s > _LONGEST or any(a <= s < b for a, b in skip) or not _FAILED.search(doc.text, s, e):
            continue
        got = tidy(doc.text[s:e])
        line = Line(got[0], ((s, e),), got[1]) if got else None
        if line and _is_lead(line):
            if len(line.text.split()) >= _FULL:
                return line
            short = short or line
        elif line and _CAUSE.search(line.text) and not _NOT_LEAD_LABEL.match(line.label) and not _UNAFFECTED.search(line.text):
            causal = causal or line  # "X failed because Y": what failed and why in one sentence
    return short or causal


def _first_good(found: Found[str] | None) -> Line | None:
    """The first sentence of a field's text that reads as prose."""
    if found is None:
        return None
    for part in _SENTENCE_END.split(found.value):
        got = tidy(part)
        if got:
            return Line(got[0], found.spans, got[1])
    return None


def _fix(actions: Found[list[str]] | None) -> Line | None:
    for i, action in enumerate(actions.value if actions else []):
        got = tidy(_SENTENCE_END.split(action, maxsplit=1)[0])
        fixed = got and _FIX.search(got[0])
        if fixed and len(got[0][:fixed.start()].split()) <= _FIX_WORDS and not _CAUSE.search(got[0]):
            return Line(fix_statement(got[0]), actions.spans[i:i + 1])
    return None


def _spans(*found: Found | None) -> Spans:
    return tuple(sp for f in found if f is not None for sp in f.spans)


def _stated(text: str, source: str) -> bool:
    return not unsupported_numbers(text, source)


def what_happened(doc: Document, facts: Facts) -> Found[str] | None:
    summary, in_section = _summary(doc)
    first = _first_failure(doc)
    told = [bool(_FAILED.search(l.text) or _ABOUT_INCIDENT.search(l.text)) for l in summary[:3]]
    if len(summary) >= 2 and (in_section or first is None or told[0] or sum(told) >= 2):
        parts = summary[:3]  # the author's own summary, cleaned; composed facts only fill what it leaves out
    else:
        lead = summary[0] if summary and _is_lead(summary[0]) or in_section and summary else first
        if lead is None and facts.services and facts.services.value:
            lead = Line(f"The incident affected {join_names(facts.services.value)}.", facts.services.spans)
        parts = [lead] if lead else []
    room = MAX_SENTENCES if len(parts) < 2 else 3
    for part in _composed(doc, facts, " ".join(p.text for p in parts)):
        if len(parts) >= room:
            break
        if _norm(part.text) not in _norm(" ".join(p.text for p in parts)):
            parts.append(part)
    return _join(parts)


def _composed(doc: Document, facts: Facts, told: str) -> list[Line]:
    """When and how long, who was affected, why, how it was fixed: each only where the notes state it and the
    sentences so far do not."""
    out = []
    if not re.search(r"\d:\d\d|\b(?:minutes?|hours?|days?)\b", told):
        window = next((w for w in window_statements(*(f.value if f else None for f in (
            facts.started, facts.resolved, facts.duration))) if _stated(w, doc.text)), None)
        out += [Line(window, _spans(facts.started, facts.resolved, facts.duration))] if window else []
    impact = _first_good(facts.impact)
    if impact is None:
        figures = affected_statement(*(f.value if f else None for f in (facts.users, facts.revenue, facts.reports)))
        impact = Line(figures, _spans(facts.users, facts.revenue, facts.reports)) if figures and _stated(figures, doc.text) else None
    out += [impact] if impact and not _told_numbers(impact.text, told) else []
    cause = _first_good(facts.cause)
    out += [cause] if cause and not _CAUSE.search(told) else []
    fix = _fix(facts.actions)
    out += [fix] if fix else []
    return out


def _told_numbers(text: str, told: str) -> bool:
    """Most numbers of text are already in told: "~300 tickets came in" before "Customers filed 300 reports", or a
    restatement of the window the lead gave."""
    said = numbers_in(text)
    return bool(said) and len(said & numbers_in(told)) * 3 >= len(said) * 2


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w ]", " ", text.lower()).split())


def _join(lines: list[Line]) -> Found[str] | None:
    kept: list[Line] = []
    for line in lines:
        if len(kept) == MAX_SENTENCES:
            break
        if sum(len(k.text) + 1 for k in kept) + len(line.text) <= MAX_CHARS and line.text not in (k.text for k in kept):
            kept.append(line)
    if not kept:
        return None
    return Found(" ".join(k.text for k in kept), tuple(dict.fromkeys(sp for k in kept for sp in k.spans)))
