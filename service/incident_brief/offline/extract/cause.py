"""Root cause: the sentence(s) that state a cause, chosen by meaning rather than position.

A sentence earns points for cue phrases ("was caused by", "root cause was", "because", "turned out"),
for standing under a cause heading or a question heading ("Why did ...?"), and for naming a fault
(an omission, a misconfiguration). Questions, preambles ("To analyse the root cause we'll use the
5 Whys"), timeline and to-do lines are never candidates. The last "why" of a 5-whys answers it.
A later correction ("turned out", "actually") replaces an earlier cause, which is returned as superseded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from incident_brief.structure import Document, Section, clean, items, sentences
from incident_brief.offline.extract import Found
from incident_brief.offline.literals import Gated, Occurrences

_STRONG = Gated(re.compile(r"\broot[- ]?causes?\s*(?:was|is|were|are|:|of (?:the|this) (?:\w+ ){0,3}(?:was|is))|"
                     r"\b(?:was|were|is|are|been) (?:\w+ )?(?:caused|triggered) by\b|\bstemm(?:ed|s) from\b|"
                     r"\bresulted from\b|\b(?:the|a|main|primary|underlying) (?:cause|reason|trigger) (?:was|is|were)\b|"
                     r"\bturned out (?:that|to be (?:a|an|the)\b(?! (?:\w+ )?(?:well|fine|true|correct|right)))|\bwe (?:determined|found|discovered|identified|confirmed|learned|realised|realized) that\b|"
                     r"\b(?:discovered|uncovered|identified) (?:that|a|an|\w+ed)\b", re.I),
                'root cause trigger stemm resulted reason turned determined found discovered identified confirmed learned realised realized uncovered'.split())
_CAUSAL = Gated(re.compile(r"\bcaused by\b|\btriggered by\b|\bdue to\b|\bbecause\b|\bowing to\b|\bas a result of\b", re.I),
                'caused triggered due because owing result'.split())
_EFFECT = Gated(re.compile(r"\b(?:led to|leading to|resulted in|resulting in|causing|caused|which (?:meant|exposed|allowed|prevented|broke|stopped))\b|"
                     r",\s*so\s+(?!that\b)", re.I),
                'led leading result causing caused which ,'.split())
_FAULT = Gated(re.compile(r"\bmisconfigur\w*|\bvulnerab\w*|\bbug\b|\bregression\b|\bexpired\b|\bexhaust\w*|\bleak(?:ed)?\b|"
                    r"\b(?:was|were|had|has|have|did|could)\s+not\b|\bnever\b|\b(?:wasn|weren|didn|hadn|couldn)['’]t\b|"
                    r"\bno (?:alert|monitor\w*|limit|backup|timeout|validation|check)\w*", re.I),
               'misconfigur vulnerab bug regression expired exhaust leak not never wasn weren didn hadn couldn no'.split())
_EVENT = Gated(re.compile(r"\b(?:removed|deleted|dropped|failed|broke|expired|filled|ran out|overloaded|crashed|rejected|exceeded|"
                    r"reached|corrupted|disabled|stopped|timed out)\b", re.I),
               'removed deleted dropped failed broke expired filled ran overloaded crashed rejected exceeded reached corrupted disabled stopped timed'.split())  # counts only under a cause heading
_SYMPTOM = Gated(re.compile(r"\b(?:users?|customers?|visitors|people|clients)\b (?:\w+ ){0,3}(?:experienced|saw|could not|couldn['’]t|"
                      r"were unable|got|received|reported|encountered|may have)", re.I),
                 'user customer visitors people client'.split())
_ANAPHOR = Gated(re.compile(r"\b(?:due to|because of|caused by|as a result of) (?:this|that|it|the same reason)\b", re.I),
                 'due because caused result'.split())
_CORRECTION = Gated(re.compile(r"\bturned out\b|\bactually\b|\bcorrection\b|\bin fact\b|\bon (?:further|closer) (?:investigation|inspection)\b|"
                         r"\blater (?:found|confirmed|determined)\b|\bnot (?:the|a) (?:\w+ )?cause\b", re.I),
                    'turned actually correction fact further closer later cause'.split())
_PREAMBLE = Gated(re.compile(r"^\W*(?:to (?:analy[sz]e|understand|find|determine|identify|investigate)\b|in this section\b|"
                       r"let['’]?s\b|below\b|the following\b|here\b)|\bwe['’]ll use\b|\bwe will use\b|\b(?:5|five) whys\b|"
                       r"\bas follows\b|\bdescribed below\b|\bto discover the root cause\b|\bis (?:still )?(?:being |under )investigat|"
                       r"\bwe(?:['’]re| are) investigating\b|\bunknown\b", re.I),
                  'analy understand find determin identify investigat section let below following here use whys follows discover unknown'.split())
_CAUSE_TITLE = re.compile(r"\bcauses?\b|\bwhy\b|\btrigger\b", re.I)
_WEAK_TITLE = re.compile(r"what went wrong|contributing factors|analysis|investigation|vulnerability|problem", re.I)
_WHY_LINE = Gated(re.compile(r"^[ \t]*(?:[-*+•]|\d{1,2}[.)])?[ \t]*\**(?:\d{1,2}[.)][ \t]*)?why\b[^\n]*", re.I | re.M), ["why"])
_SKIP_KINDS = ("timeline", "next_steps", "immediate", "preventive", "services")
_MAX_SENTENCES, _MAX_CHARS = 3, 500


@dataclass(frozen=True)
class Cause:
    found: Found[str]
    superseded: str | None = None  # an earlier cause the notes later corrected


def root_cause(doc: Document) -> Cause | None:
    whys = _five_whys(doc)
    if whys:
        return Cause(whys)
    scored = _candidates(doc)
    stated = _cause_sections(doc, scored, 2) or _cause_sections(doc, scored, 1)
    if not scored and not stated:
        return None
    best = max(scored, key=lambda c: (c[0], -c[1])) if scored else None
    first = stated or _extend(doc, best, scored)
    later = [c for c in scored if c[1] > first.spans[-1][1] and _CORRECTION.search(doc.text, c[1], c[2]) and c[0] >= 3]
    if later:
        return Cause(_extend(doc, later[-1], scored), first.value)
    return Cause(first)


def _cause_sections(doc: Document, scored: list[tuple[int, int, int]], level: int) -> Found[str] | None:
    """What the sections headed as a cause ("Root cause", "Why did it fail?") state, in document order;
    at level 1, sections of the cause kind with a weaker title ("What went wrong")."""
    texts, spans = [], []
    for sec in doc.sections:
        if _title_bonus(sec) != level or level == 1 and sec.kind != "root_cause":
            continue
        got = _section_statement(doc, sec, [c for c in scored if sec.body_start <= c[1] < sec.body_end])
        if got and sum(map(len, texts)) + len(got.value) <= _MAX_CHARS + 100:
            texts.append(got.value)
            spans.extend(got.spans)
    return Found(" ".join(texts), tuple(spans)) if texts else None


def _section_statement(doc: Document, sec: Section, scored: list[tuple[int, int, int]]) -> Found[str] | None:
    its = [sentences(doc.text, s, e)[0] for s, e in items(doc.text, sec.body_start, sec.body_end)]
    its = [(s, e) for s, e in its if _statement(doc.text, s, e)]
    intro = doc.text[sec.body_start:its[0][0]].rstrip(" \t\n-*+•0123456789.)") if its else ""
    if its and (not scored or intro.endswith(":") or scored[0][1] >= its[0][0] or not intro.strip()):
        picked, total = [], 0
        for s, e in its[:4]:
            if total + e - s > _MAX_CHARS and picked:
                break
            picked.append((s, e))
            total += e - s
        return Found(" ".join(_text(doc, s, e) for s, e in picked), tuple(picked))
    if not scored:
        return None
    return _extend(doc, max(scored, key=lambda c: (c[0], -c[1])), scored, any_sentence=True)


def _candidates(doc: Document) -> list[tuple[int, int, int]]:
    """(score, start, end) of every sentence that may state a cause, score at least 2."""
    out = []
    skip = [s for s in doc.sections if s.kind in _SKIP_KINDS and not s.inline]
    cues = Occurrences(doc.text, _STRONG.words + _CAUSAL.words)  # found once: most sentences of long notes hold none
    for sec, start, end in _regions(doc):
        bonus = _title_bonus(sec)
        for s, e in sentences(doc.text, start, end):
            # the cue test first: it runs in C, and most sentences of long notes fail it
            cued = bonus >= 2 or cues.maybe_in(s, e) and (_STRONG.search(doc.text, s, e) or _CAUSAL.search(doc.text, s, e))
            if not cued or any(k.body_start <= s < k.body_end for k in skip) or not _statement(doc.text, s, e):
                continue
            cue = _cue_score(doc.text[s:e])
            score = bonus + cue + (bonus > 0 and bool(_EVENT.search(doc.text, s, e))) - _symptom(doc.text[s:e])
            if score >= 2:
                out.append((score, s, e))
    return out


def _regions(doc: Document) -> list[tuple[Section | None, int, int]]:
    """The body cut at section headings: (section or None, start, end)."""
    out, pos = [], doc.body_start
    for sec in doc.sections:
        if sec.start > pos:
            out.append((_enclosing(doc, pos), pos, sec.start))
        out.append((sec, sec.body_start, sec.body_end))
        pos = max(pos, sec.body_end)
    if pos < len(doc.text):
        out.append((None, pos, len(doc.text)))
    return out


def _enclosing(doc: Document, pos: int) -> Section | None:
    return next((s for s in reversed(doc.sections) if s.body_start <= pos < s.body_end), None)


def _title_bonus(sec: Section | None) -> int:
    if sec is None or sec.inline and sec.kind != "root_cause":
        return 0
    if sec.kind == "root_cause" and not _WEAK_TITLE.search(sec.title) or _CAUSE_TITLE.search(sec.title):
        return 2
    return 1 if _WEAK_TITLE.search(sec.title) else 0


def _cue_score(sentence: str) -> int:
    if _ANAPHOR.search(sentence) and not _STRONG.search(sentence):
        return 0
    score = 3 if _STRONG.search(sentence) else 2 if _CAUSAL.search(sentence) else 0
    score += bool(_EFFECT.search(sentence)) + bool(_FAULT.search(sentence))
    return score


def _symptom(sentence: str) -> int:
    return 2 if _SYMPTOM.search(sentence) else 0


def _statement(text: str, s: int, e: int, min_words: int = 5) -> bool:
    raw = text[s:e].strip()
    words = clean(raw).split()
    return (len(words) >= min_words and not raw.endswith(("?", ":")) and not raw.startswith(("[^", "|", ">", "```", "{"))
            and "?" not in raw[-3:] and not _PREAMBLE.search(raw) and not re.match(r"\W*\d{1,2}:\d{2}\b|\W*\d{4}-\d{2}-\d{2}", raw))


def _extend(doc: Document, best: tuple[int, int, int], scored: list[tuple[int, int, int]],
            any_sentence: bool = False) -> Found[str]:
    """The best sentence, with the cause sentences that follow it in its paragraph (up to 3)."""
    gap = re.compile(r"\n[ \t]*\n").search(doc.text, best[2])
    para = (best[1], gap.start() if gap else len(doc.text))
    spans = [(best[1], best[2])]
    following = [(2 if any_sentence else _cue_score(doc.text[s:e]) + 1, s, e)
                 for s, e in sentences(doc.text, best[2], para[1]) if _statement(doc.text, s, e, 3)]
    for score, s, e in sorted(following, key=lambda c: c[1]):
        if s >= spans[-1][1] and s < para[1] and score >= 2 and len(spans) < _MAX_SENTENCES \
                and sum(b - a for a, b in spans) + e - s <= _MAX_CHARS and not doc.text[spans[-1][1]:s].strip(" \t\n"):
            spans.append((s, e))
    if sum(b - a for a, b in spans) > _MAX_CHARS + 100:
        spans = spans[:1]
    return Found(" ".join(_text(doc, s, e) for s, e in spans), tuple(spans))


def _text(doc: Document, s: int, e: int) -> str:
    text = clean(doc.text[s:e])
    return text if text.endswith((".", "!")) else text + "."


def _five_whys(doc: Document) -> Found[str] | None:
    """The answer to the last "why" of a 5-whys (three or more "Why ...?" lines)."""
    whys = list(_WHY_LINE.finditer(doc.text, doc.body_start))
    if len(whys) < 3:
        return None
    last = whys[-1]
    q = next((p for p in (doc.text.find("?", last.start(), last.end()), doc.text.find(":", last.start(), last.end())) if p != -1), -1)
    if q != -1 and len(doc.text[q + 1:last.end()].strip(" *_-–—:")) > 10:
        s = q + 1 + len(doc.text[q + 1:last.end()]) - len(doc.text[q + 1:last.end()].lstrip(" *_-–—:"))
        return Found(_text(doc, s, last.end()), ((s, last.end()),))
    nxt = re.compile(r"^[ \t]*(?:[-*+•>][ \t]*)?(?:\**(?:a|answer|because)\**[:.]?[ \t]*\**)?(\S[^\n]{10,})$", re.I | re.M)
    m = nxt.search(doc.text, last.end() + 1)
    if m and not _WHY_LINE.match(m.group()) and m.start() - last.end() < 200:
        return Found(_text(doc, m.start(1), m.end(1)), ((m.start(1), m.end(1)),))
    return None
