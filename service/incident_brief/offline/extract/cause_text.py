"""The root cause as written in the report: plain sentences, and the answer to the last "why" of a 5-whys."""

from __future__ import annotations

import re

from incident_brief.structure import Document, clean
from incident_brief.offline.extract import Found
from incident_brief.offline.extract import cause_cues as cue
from incident_brief.offline.literals import Gated

_EMOJI = re.compile(r"[ \t]:[a-z][a-z0-9_+-]{1,30}:(?=\s|$)")  # a chat emoji code (":eyes:")
_LEAD_IN = re.compile(r"\A(?:actually|in fact|it turns out|it turned out|turns out|turned out|ok|okay|so)\b[,:]?[ \t]+(?:that[ \t]+)?", re.I)
_SENTENCE_START = re.compile(r"([.!?][ \t]+)([a-z][^ \t]*)")
_SEMI = re.compile(r"(?<=[^\s;])[ \t]*;[ \t]+(?=[A-Za-z])(\S[^;]{19,})(?=;|$)")  # a clause of 20+ characters after "; "
_WHY_LINE = Gated(re.compile(r"^[ \t]*+(?:[-*+•]|\d{1,2}[.)])?[ \t]*+\**+(?:\d{1,2}[.)][ \t]*+)?why\b[^\n]*", re.I | re.M), ["why"])
_ANSWER = re.compile(r"^[ \t]*+(?:[-*+•>][ \t]*+)?(?:\**+(?:a|answer|because)\**+[:.]?[ \t]*+\**+)?(\S[^\n]{10,})$", re.I | re.M)


def sentence(doc: Document, s: int, e: int) -> str:
    """A plain sentence: clauses joined by a semicolon become sentences, a plain first word is capitalised
    (a name written in lower case, such as "docs.rs" or "external-dns", is kept as written)."""
    return plain(doc.text[s:e])


def plain(raw: str) -> str:
    """sentence() for a piece of text."""
    text = _LEAD_IN.sub("", _EMOJI.sub(";", clean(raw)), count=1)
    text = _SEMI.sub(lambda m: ". " + m.group(1), text)
    text = _capital(_SENTENCE_START.sub(lambda m: m.group(1) + _capital(m.group(2)), text))
    return text if text.endswith((".", "!")) else text + "."


def _capital(text: str) -> str:
    word = text.split(" ", 1)[0].replace("'", "").replace("’", "")
    return text[0].upper() + text[1:] if word.isalpha() and word.islower() else text


def five_whys(doc: Document) -> Found[str] | None:
    """The answer to the last "why" of a 5-whys (three or more "Why ...?" lines)."""
    whys = list(_WHY_LINE.finditer(doc.text, doc.body_start))
    if len(whys) < 3:
        return None
    # the last why about the failure, not about why it was caught late ("Why was it not caught sooner?")
    last = next((w for w in reversed(whys) if not cue.DELAY.search(w.group())), whys[-1])
    q = next((p for p in (doc.text.find("?", last.start(), last.end()), doc.text.find(":", last.start(), last.end())) if p != -1), -1)
    if q != -1 and len(doc.text[q + 1:last.end()].strip(" *_-–—:")) > 10:
        s = q + 1 + len(doc.text[q + 1:last.end()]) - len(doc.text[q + 1:last.end()].lstrip(" *_-–—:"))
        return Found(sentence(doc, s, last.end()), ((s, last.end()),))
    m = _ANSWER.search(doc.text, last.end() + 1, min(len(doc.text), last.end() + 2000))
    if m and not _WHY_LINE.match(m.group()) and m.start() - last.end() < 200:
        return Found(sentence(doc, m.start(1), m.end(1)), ((m.start(1), m.end(1)),))
    return None
