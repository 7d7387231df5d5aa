"""When a glossary entry applies: the words around a term, the kind of system, the language, proper names.

An entry rewrites a term only where its plain phrase keeps the meaning. `When` holds the conditions an
entry may carry (all optional, read from glossary.toml):

- prev / next: the word just before / after the term is one of these ("#num" stands for any number);
- not_prev / not_next: ... is none of these;
- context / not_context: some / no word of the sentence is one of these (the kind of system);
- ahead: a pattern the text just after the term matches (bounded; read over at most 80 characters);
- plain: the phrase to write, or keep = true: leave the term as written ("for instance" is no server).

`Around` is what the conditions read: the neighbouring words and the sentence, found once per term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WORD = re.compile(r"[\w'’-]+")
_SENTENCE_END = re.compile(r"[.!?]\s|\n\s*\n|\n\s*[-*+•]\s")
_AHEAD_CHARS = 80

# Function words: a sentence with more of another language's than of English's is not English,
# and an English glossary does not apply to it ("devolver timeouts" stays as written).
_ENGLISH = frozenset("the an and or of to in on at for with was were is are be been has have had "
                     "by from this that it we our not but after before then".split())
_OTHER = frozenset("el la los las y del por con una que se es fue al lo sus para pero como "  # es
                   "le les des du et est une dans sur pour avec il ne pas au aux "  # fr
                   "der die das und ist mit von den dem auf für nicht ein eine wurde zu im "  # de
                   "het een en van niet op ook te voor zijn werd "  # nl
                   "o os um uma não em do da dos das na no foi com "  # pt
                   "il gli di che non della sono".split())  # it


@dataclass(frozen=True)
class Around:
    prev: str  # the word before the term, lowercase ("" at the start)
    next: str  # the word after it
    sentence: frozenset[str]  # the words of the sentence holding the term
    ahead: str  # the text just after the term
    english: bool


@dataclass(frozen=True)
class When:
    term: str
    plain: str | None  # None: keep the term
    prev: frozenset[str] = field(default_factory=frozenset)
    next: frozenset[str] = field(default_factory=frozenset)
    not_prev: frozenset[str] = field(default_factory=frozenset)
    not_next: frozenset[str] = field(default_factory=frozenset)
    context: frozenset[str] = field(default_factory=frozenset)
    not_context: frozenset[str] = field(default_factory=frozenset)
    ahead: re.Pattern[str] | None = None

    @classmethod
    def from_data(cls, row: dict) -> "When":
        words = {k: frozenset(w.lower() for w in row.get(k, ())) for k in
                 ("prev", "next", "not_prev", "not_next", "context", "not_context")}
        ahead = re.compile(row["ahead"], re.I) if row.get("ahead") else None
        return cls(term=row["term"].lower(), plain=None if row.get("keep") else row["plain"], ahead=ahead, **words)

    def holds(self, a: Around) -> bool:
        return (_is(a.prev, self.prev, True) and _is(a.next, self.next, True)
                and not _is(a.prev, self.not_prev, False) and not _is(a.next, self.not_next, False)
                and (not self.context or bool(self.context & a.sentence))
                and not (self.not_context & a.sentence)
                and (self.ahead is None or bool(self.ahead.match(a.ahead))))


def _is(word: str, words: frozenset[str], empty: bool) -> bool:
    """word is one of words ("#num": any number); `empty` is the answer when no words are given."""
    if not words:
        return empty
    return word in words or ("#num" in words and word[:1].isdigit())


def around(text: str, start: int, end: int, window: int) -> Around:
    """The surroundings of text[start:end], read within `window` characters either side."""
    before, after = text[max(0, start - window):start], text[end:end + window]
    prev = _WORD.findall(before[-60:])
    nxt = re.match(r"\s*([\w'’-]+)", after)
    head = [m.end() for m in _SENTENCE_END.finditer(before)]
    tail = _SENTENCE_END.search(after)
    sentence = before[head[-1] if head else 0:] + " " + after[:tail.start() + 1 if tail else len(after)]
    words = [w.lower() for w in _WORD.findall(sentence)]
    return Around(prev=prev[-1].lower() if prev else "", next=nxt.group(1).lower() if nxt else "",
                  sentence=frozenset(words), ahead=after[:_AHEAD_CHARS], english=_english(words))


def _english(words: list[str]) -> bool:
    return sum(w in _OTHER for w in words) <= sum(w in _ENGLISH for w in words)


def is_name(written: str, sentence_start: bool) -> bool:
    """The term as written is (part of) a proper name: Title Case mid-sentence ("our Feature Flags product",
    "the Runbook service"), or at a sentence start with its later words capitalised too ("Feature Flags
    evaluation failed"). Acronyms (CDN, TTL) and lowercase terms are not names."""
    words = [w for w in re.split(r"[\s-]+", written) if w]
    title = [w[0].isupper() and w[1:] == w[1:].lower() for w in words]
    if sentence_start:
        return len(words) > 1 and all(title[1:])
    return title[0]
