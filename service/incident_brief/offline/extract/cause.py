"""Root cause: the sentence(s) that state a cause, chosen by meaning rather than position.

A sentence earns points for cue phrases ("was caused by", "root cause was", "because", "turned out"; the
families are in cause_cues), for a cause label before it ("Cause:", "**Why:**", a bare "Cause" heading line,
"found it."), for standing under a cause heading or a question heading ("Why did ...?"), and for naming a
fault (an omission, a misconfiguration). Questions, preambles ("To analyse the root cause we'll use the
5 Whys"), symptoms, the delay of the response, and to-do lines are never chosen. Timeline entries, chat
messages and status updates are read after their stamp and author, a little below prose, and among them the
later statement wins. The last "why" of a 5-whys answers it, unless a section titled as the cause says it.
A later correction ("turned out", "actually", "the real cause:") replaces an earlier cause or hypothesis
("looks like", "first suspicion"), which is returned as superseded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from incident_brief.structure import Document, Section, clean, items, sentences
from incident_brief.offline.extract import Found
from incident_brief.offline.extract import cause_cues as cue
from incident_brief.offline.extract import cause_leads as leads
from incident_brief.offline.extract import cause_scan as scan
from incident_brief.offline.extract import cause_text as written
from incident_brief.offline.literals import Gated, Occurrences

_PREAMBLE = Gated(re.compile(r"^\W*(?:to (?:analy[sz]e|understand|find|determine|identify|investigate)\b|in this section\b|"
                       r"let['’]?s\b|below\b|the following\b|here\b)|\bwe['’]ll use\b|\bwe will use\b|\b(?:5|five) whys\b|"
                       r"\bas follows\b|\bdescribed below\b|\bto discover the root cause\b|\bis (?:still )?(?:being |under )investigat|"
                       r"\bwe(?:['’]re| are) investigating\b|\bunknown\b", re.I),
                  'analy understand find determin identify investigat section let below following here use whys follows discover unknown'.split())
_CAUSE_TITLE = re.compile(r"\bcauses?\b|\bcausa\b|\bursache\b|\boorzaak\b", re.I)
_WHY_TITLE = re.compile(r"\bwhy\b|\btrigger\b|\bpourquoi\b|\bpor qu[eé]\b|\bwarum\b", re.I)
_WEAK_TITLE = re.compile(r"what went wrong|contributing factors|analysis|investigation|vulnerability|problem", re.I)
_SKIP_KINDS = ("next_steps", "immediate", "preventive", "services")
_MAX_SENTENCES, _MAX_CHARS = 3, 500
_GAP = re.compile(r"\n[ \t]*\n")


class Candidate(NamedTuple):
    score: int
    start: int
    end: int
    corrects: bool = False  # stated as a correction ("turned out", "the real cause:", "not X after all")
    timeline: bool = False  # a timeline entry, chat message or status update
    weak: bool = False  # only a fault or a change named: used when no sentence states a cause
    ruled_out: str | None = None  # what its correction clause rules out ("it was not the carrier")


@dataclass(frozen=True)
class Cause:
    found: Found[str]
    superseded: str | None = None  # an earlier cause the notes later corrected


def root_cause(doc: Document) -> Cause | None:
    found = _candidates(doc)
    scored = [c for c in found if not c.weak] or found
    whys = written.five_whys(doc)
    titled = _cause_sections(doc, scored, 3)
    if whys and (not titled or any(_title_level(s) == 3 and s.body_start <= whys.spans[0][0] < s.body_end
                                   for s in doc.sections)):
        return Cause(whys)
    stated = titled or _cause_sections(doc, scored, 2) or _cause_sections(doc, scored, 1)
    if not scored and not stated:
        return None
    best = max(scored, key=_rank) if scored else None
    first = stated or _extend(doc, best, scored)
    later = [c for c in scored if c.start > first.spans[-1][1] and c.corrects and c.score >= 3]
    if later:
        return Cause(_extend(doc, later[-1], scored), first.value)
    if not stated and best.corrects:
        return Cause(first, _hypothesis(doc, best.start) or _ruled(doc, best))
    if not stated and not best.weak and cue.HYPOTHESIS.search(doc.text, best.start, best.end) is None:
        return Cause(first, _hypothesis(doc, best.start, initial=True))  # "We first thought X." ... "The cause was Y."
    return Cause(first)


def _rank(c: Candidate) -> tuple[int, bool, int]:
    """Highest score first; among prose the earliest, among timeline entries the latest (the notes' last word)."""
    return c.score, c.timeline, c.start if c.timeline else -c.start


def _cause_sections(doc: Document, scored: list[Candidate], level: int) -> Found[str] | None:
    """What the sections headed as a cause state, in document order: level 3 "Root cause", "Causa raíz";
    level 2 "Why did it fail?", "Trigger"; level 1 sections of the cause kind with a weaker title ("What went wrong")."""
    texts, spans = [], []
    for sec in doc.sections:
        if _title_level(sec) != level or level == 1 and sec.kind != "root_cause":
            continue
        got = _section_statement(doc, sec, [c for c in scored if sec.body_start <= c.start < sec.body_end])
        if got and sum(map(len, texts)) + len(got.value) <= _MAX_CHARS + 100:
            texts.append(got.value)
            spans.extend(got.spans)
    return Found(" ".join(texts), tuple(spans)) if texts else None


def _section_statement(doc: Document, sec: Section, scored: list[Candidate]) -> Found[str] | None:
    its = [sentences(doc.text, s, e)[0] for s, e in items(doc.text, sec.body_start, sec.body_end)]
    its = [(s, e) for s, e in its if _statement(doc.text, s, e)]
    intro = doc.text[sec.body_start:its[0][0]].rstrip(" \t\n-*+•0123456789.)") if its else ""
    if its and (not scored or intro.endswith(":") or scored[0].start >= its[0][0] or not intro.strip()):
        picked, total = [], 0
        for s, e in its[:4]:
            if total + e - s > _MAX_CHARS and picked:
                break
            picked.append((s, e))
            total += e - s
        return Found(" ".join(written.sentence(doc, s, e) for s, e in picked), tuple(picked))
    if not scored:
        return None
    return _extend(doc, max(scored, key=_rank), scored, any_sentence=True, since=sec.body_start, until=sec.body_end)


def _candidates(doc: Document) -> list[Candidate]:
    """Every sentence that may state a cause, score at least 2."""
    out: list[Candidate] = []
    skip = [s for s in doc.sections if s.kind in _SKIP_KINDS and not s.inline]
    found = Occurrences(doc.text, cue.WORDS)  # found once: most sentences of long notes hold none
    openers = Occurrences(doc.text, leads.WORDS)
    for sec, start, end in _regions(doc):
        bonus, timeline = min(_title_level(sec), 2), sec is not None and sec.kind == "timeline"
        if bonus < 2 and not found.maybe_in(start, end) and not openers.maybe_in(start, end):
            continue  # no cue word in the region: no sentence of it can be a candidate (none is cut)
        sents = sentences(doc.text, start, end)
        read, only = (list(range(len(sents))), set()) if bonus >= 2 else scan.chosen(sents, found, openers, start, end)
        for i in read:
            s, e = sents[i]
            if not any(k.body_start <= s < k.body_end for k in skip):
                out.extend(_scored(doc, s, e, bonus, timeline, sents[i - 1] if i else None, i in only))
    return out


def _scored(doc: Document, s: int, e: int, bonus: int, timeline: bool, prev: tuple[int, int] | None,
            opener_only: bool = False) -> list[Candidate]:
    """The candidate a sentence makes (and its predecessor, when it opens with "As a consequence"); a sentence
    read only for an opener word makes one only when an opener opens it."""
    text, out = doc.text, []
    c, kind = cue.content_start(text, s, e)
    if opener_only and kind not in ("lead", "guess", "ruled"):
        return out
    timeline = timeline or c > s and bool(cue.STAMPED.match(text, s, c))
    if prev and cue.CONSEQUENCE.match(text, c, e):
        p, _ = cue.content_start(text, *prev)
        if _statement(text, p, prev[1]):
            out.append(Candidate(bonus + 2 + max(0, cue.cue_score(text[p:prev[1]])), p, prev[1], timeline=timeline))
    if kind == "label":
        cut = cue.LABEL_END.search(text, c, e)
        e = cut.start() if cut else e
    if kind or timeline:
        e = leads.trimmed_end(text, c, e)  # "; rolling back" is what the author does next, not the cause
    if not _statement(text, c, e, 3 if kind == "label" else 5):
        return out
    line = max(text.rfind("\n", max(0, s - 400), s) + 1, s - 400)
    if cue.TODO.search(text[line:c].rstrip(" \t")) or cue.IMPERATIVE.match(text, c, e):
        return out
    lead = kind == "lead" or cue.led(text, line, c)
    said = cue.cue_score(text[c:e])
    score = bonus + said + (bonus > 0 and bool(cue.EVENT.search(text, c, e)))
    strong = bool(cue.STRONG.search(text, c, e))
    if prev and cue.CONTINUES.match(text, c, e) and cue.DELAY.search(text, *prev):  # "In addition, ..." goes on about the delay
        score -= 3
    guess = kind == "guess"
    score += 4 * (kind == "label") + 3 * (lead and not strong and not guess) + 2 * guess - timeline \
        - bool(not guess and cue.HYPOTHESIS.search(text, c, e))
    if score + timeline >= 2 and (bonus >= 2 or kind or lead or strong or cue.CAUSAL.search(text, c, e)
                       or cue.EFFECT.search(text, c, e) or cue.DEPEND.search(text, c, e)):
        ruled = cue.ruled_out(text, s, c) if kind == "ruled" else None
        out.append(Candidate(score, c, e, bool(cue.CORRECTION.search(text, line, e)), timeline, ruled_out=ruled))
    elif score + timeline >= 0 and said >= 0 and cue.weak(text[c:e]):
        out.append(Candidate(score, c, e, timeline=timeline, weak=True))
    return out


def _regions(doc: Document) -> list[tuple[Section | None, int, int]]:
    """The body cut at section headings: (section or None, start, end); a gap belongs to the latest section
    whose body still holds it (a stack of the sections passed, popped as their bodies end: one pass)."""
    out, pos, passed = [], doc.body_start, []
    for sec in doc.sections:
        if sec.start > pos:
            while passed and not passed[-1].body_start <= pos < passed[-1].body_end:
                passed.pop()
            out.append((passed[-1] if passed else None, pos, sec.start))
        out.append((sec, sec.body_start, sec.body_end))
        passed.append(sec)
        pos = max(pos, sec.body_end)
    if pos < len(doc.text):
        out.append((None, pos, len(doc.text)))
    return out


def _title_level(sec: Section | None) -> int:
    """3: titled as the cause; 2: a why or trigger title (or the cause kind); 1: a weaker title; 0: none."""
    if sec is None or sec.inline and sec.kind != "root_cause":
        return 0
    if _CAUSE_TITLE.search(sec.title) and not _WEAK_TITLE.search(sec.title):
        return 3
    if sec.kind == "root_cause" and not _WEAK_TITLE.search(sec.title) or _WHY_TITLE.search(sec.title):
        return 2
    return 1 if _WEAK_TITLE.search(sec.title) else 0


def _statement(text: str, s: int, e: int, min_words: int = 5) -> bool:
    raw = text[s:e].strip()
    words = clean(raw).split()
    return (len(words) >= min_words and not raw.endswith(("?", ":")) and not raw.startswith(("[^", "|", ">", "```", "{"))
            and "?" not in raw[-3:] and not _PREAMBLE.search(raw) and not re.match(r"\W*\d{1,2}:\d{2}\b|\W*\d{4}-\d{2}-\d{2}", raw))


def _extend(doc: Document, best: Candidate, scored: list[Candidate], any_sentence: bool = False,
            since: int | None = None, until: int | None = None) -> Found[str]:
    """The best sentence, with the cause sentences that follow it in its paragraph (up to 3); with since (a cause
    section's body start), the statement just before it in its paragraph too (a cause said over two sentences)."""
    gap = _GAP.search(doc.text, best.end)
    para = (best.start, min(gap.start() if gap else len(doc.text), until or len(doc.text)))  # not past its section
    spans = [(best.start, best.end)]
    if since is not None:
        before = [(s, e) for s, e in sentences(doc.text, max(since, _para_start(doc.text, best.start, since)), best.start)]
        if before and not doc.text[before[-1][1]:best.start].strip(" \t\n") and _statement(doc.text, *before[-1]) \
                and best.end - before[-1][0] <= _MAX_CHARS:
            spans = [before[-1], (best.start, best.end)]
    following = [(2 if any_sentence else cue.cue_score(doc.text[s:e]) + 1, s, e)
                 for s, e in sentences(doc.text, best.end, para[1]) if _statement(doc.text, s, e, 3)]
    for score, s, e in sorted(following, key=lambda c: c[1]):
        if s >= spans[-1][1] and s < para[1] and score >= 2 and len(spans) < _MAX_SENTENCES \
                and sum(b - a for a, b in spans) + e - s <= _MAX_CHARS and not doc.text[spans[-1][1]:s].strip(" \t\n"):
            spans.append((s, e))
    if sum(b - a for a, b in spans) > _MAX_CHARS + 100:
        spans = [(best.start, best.end)]
    return Found(" ".join(written.sentence(doc, s, e) for s, e in spans), tuple(spans))


def _para_start(text: str, pos: int, floor: int) -> int:
    """The start of the paragraph holding pos (not before floor)."""
    cut = max(text.rfind("\n\n", floor, pos), text.rfind("\n \n", floor, pos), text.rfind("\n\t\n", floor, pos))
    return cut + 2 if cut != -1 else floor


_GUESS_REACH = 20_000  # how far before a correction its guess is looked for (a bounded search in long notes)


def _ruled(doc: Document, best: Candidate) -> str | None:
    """What a correction rules out ("it was not the carrier"), as a plain sentence, when no earlier guess is written."""
    return written.plain(best.ruled_out) if best.ruled_out else None


def _hypothesis(doc: Document, before: int, initial: bool = False) -> str | None:
    """The last guess at a cause ("looks like", "first suspicion:") before a correction, as a plain sentence; with
    initial, only a guess marked as the first one ("we initially thought", "zunächst vermuteten wir")."""
    last = None
    for m in cue.HYPOTHESIS.finditer(doc.text, max(doc.body_start, before - _GUESS_REACH), before):
        last = m
    if last is None:
        return None
    line = doc.text.rfind("\n", 0, last.start()) + 1
    for s, e in sentences(doc.text, line, before):
        if s <= last.start() < e:
            c, _ = cue.content_start(doc.text, s, e)
            c = min(c, last.start())
            if initial and not cue.INITIAL.search(doc.text, s, e):
                return None
            return written.sentence(doc, c, e) if len(clean(doc.text[c:e]).split()) >= 3 else None
    return None
