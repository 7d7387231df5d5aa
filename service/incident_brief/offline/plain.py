"""Plain language for executives: the glossary, applied in one careful pass.

One regex holds every term, longest first, so "automatic failover" wins over
"failover"; the text is scanned once, so a replacement is never replaced
again. Each replacement is trimmed where it would repeat the words around it
("payment processing" + "processing unit"), capitalised like the term it
replaces, and a preceding "a"/"an" is fixed to suit it.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Callable, Generic, Iterable, Iterator, TypeVar

from incident_brief.offline.literals import lowered, starts

T = TypeVar("T")

_GLOSSARY = Path(__file__).resolve().parent / "data" / "glossary.toml"

_PROTECTED = re.compile(
    r"`[^`\n]+`"                      # `code`
    r"|\"[^\"\n]{1,80}\"|“[^”\n]{1,80}”"  # "quoted text"
    r"|\b[\w]+(?:[-_./][\w]+)*[-_./][\w]+\b"  # identifiers: payment-api, db1.example.com, a/b
)
_WORD = re.compile(r"[\w'-]+")
_VOWEL_SOUND = re.compile(r"^(?:[aeio]|u(?!ni|s[eu]|r[aeiou]|ti)|hour|honest|honou?r)", re.I)
_DOUBLED = re.compile(r"\b(\w+)(?:\s+\1\b)+", re.I)
_ALLOWED_DOUBLES = {"that", "had", "is", "very", "bye", "no"}


class Glossary:
    def __init__(self, terms: dict[str, str]):
        self.terms = {k.lower(): v for k, v in terms.items()}
        alternation = "|".join(re.escape(t) for t in sorted(self.terms, key=len, reverse=True))
        self._rx = re.compile(rf"(?<![\w./@`-])(?:{alternation})(?![\w`@-]|[./]\w)", re.I)
        self._ascii = all(t.isascii() for t in self.terms)
        # where any term starts, a term that no other term begins starts: only those are looked for
        self._firsts = [t for t in self.terms if not any(t.startswith(p) and t != p for p in self.terms)]

    def problems(self) -> list[str]:
        """Entries whose replacement contains another term: they would put jargon back
        ("connection pool" -> "database access capacity" beside "database" -> "data storage system")."""
        out = []
        for term, repl in self.terms.items():
            for m in self._rx.finditer(repl):
                out.append(f"{term!r} -> {repl!r} contains the term {m.group()!r}")
        return out

    def __len__(self) -> int:
        return len(self.terms)

    def apply(self, text: str, keep: Iterable[str] = ()) -> str:
        """Replace jargon in text; names in keep (service names) and identifiers stay as written."""
        shield = _Lazy(lambda: _Spans(self._shield(text, keep)))
        done: list[str] = []  # finished output; `last` is its end, which the next replacement may still adjust
        last, pos = "", 0
        for m in self._finditer(text):
            if shield.get().overlaps(m.start(), m.end()):
                continue
            gap = m.start() - pos  # the rules read only the _CONTEXT characters before a term
            before = text[m.start() - _CONTEXT:m.start()] if gap >= _CONTEXT else \
                last[max(0, len(last) - (_CONTEXT - gap)):] + text[pos:m.start()]
            cut = bool(done) or len(last) + gap > len(before)
            after = text[m.end():m.end() + _CONTEXT]
            repl = _trim_repeats(before, self.terms[m.group().lower()], after)
            tail, head = before[-40:], after[:40]
            if not repl or len(doubled_words(tail + repl + head)) > len(doubled_words(tail + m.group() + head)):
                continue  # no replacement at all beats one that stutters ("time-out out-of-memory")
            repl = _match_case(m.group(), "\x00" + before if cut else before, repl)
            full = last + text[pos:m.start()]
            done.append(full[:len(full) - len(before)])
            last = _fix_article(before, repl) + repl
            pos = m.end()
        return "".join(done) + last + text[pos:]

    def jargon_in(self, text: str, keep: Iterable[str] = ()) -> list[str]:
        """Glossary terms still present in text (outside protected names)."""
        shield = _Lazy(lambda: _Spans(self._shield(text, keep)))
        return [m.group() for m in self._finditer(text) if not shield.get().overlaps(m.start(), m.end())]

    def _finditer(self, text: str) -> Iterator[re.Match[str]]:
        """self._rx.finditer(text), tried only where a term starts (the big alternation is slow at every position)."""
        starts = self._term_starts(text)
        if starts is None:
            yield from self._rx.finditer(text)
            return
        end = 0
        for p in starts:
            if p >= end and (m := self._rx.match(text, p)):
                yield m
                end = m.end()

    def _term_starts(self, text: str) -> list[int] | None:
        """Sorted positions where some term occurs in any case; None when that cannot be read off text.lower()."""
        low = lowered(text) if self._ascii else None
        return None if low is None else starts(low, self._firsts)

    def _shield(self, text: str, keep: Iterable[str]) -> list[tuple[int, int]]:
        # A hyphenated word that is itself a term ("auto-scaling", "on-call") is jargon, not an identifier.
        return [(s, e) for s, e in _protected_spans(text, keep) if text[s:e].lower() not in self.terms]


_CONTEXT = 400  # characters around a term that the wording rules read (so a long text is read in linear time)


class _Lazy(Generic[T]):
    """A value made on first use (the shield is not needed when no term occurs)."""

    def __init__(self, make: Callable[[], T]):
        self._make, self._value = make, None

    def get(self) -> T:
        if self._value is None:
            self._value = self._make()
        return self._value


class _Spans:
    """Sorted (start, end) spans; does one overlap [s, e)? Answered by bisection."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.reach: list[int] = []  # reach[i]: the furthest end among the first i + 1 spans
        for _, e in self.spans:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.spans, (e, -1)) - 1  # the spans that start before e
        return i >= 0 and self.reach[i] > s


def _protected_spans(text: str, keep: Iterable[str]) -> list[tuple[int, int]]:
    spans = [m.span() for m in _PROTECTED.finditer(text)]
    for name in keep:
        if name:
            spans += [m.span() for m in re.finditer(re.escape(name), text, re.I)]
    return spans


def _words(s: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(s)]


def _trim_repeats(before: str, repl: str, after: str) -> str:
    """Drop the replacement's leading words that end `before`, and trailing words that start `after`."""
    rw, bw, aw = repl.split(), _words(before), _words(after)
    for k in range(len(rw), 0, -1):
        if [w.lower() for w in rw[:k]] == bw[-k:]:
            rw = rw[k:]
            break
    for k in range(len(rw), 0, -1):
        if [w.lower().strip(".,") for w in rw[-k:]] == aw[:k]:
            rw = rw[:-k]
            break
    return " ".join(rw)


def _match_case(term: str, before: str, repl: str) -> str:
    sentence_start = not before.strip() or bool(re.search(r"(?:[.!?:]\s+|(?:^|\n)\s*(?:[-*+•]\s+)?)$", before))
    first = term.split()[0]
    if sentence_start or (first[0].isupper() and not any(c.isupper() for c in first[1:])):
        return repl[0].upper() + repl[1:]
    return repl


def _fix_article(before: str, repl: str) -> str:
    m = re.search(r"\b(a|an|A|An)(\s+)$", before)
    if not m:
        return before
    want = "an" if _VOWEL_SOUND.match(repl) else "a"
    if m.group(1)[0].isupper():
        want = want.capitalize()
    return before[:m.start(1)] + want + m.group(2)


def doubled_words(text: str) -> list[str]:
    """Words repeated back to back ("automatic automatic"), except idioms like "had had"."""
    return [m.group() for m in _DOUBLED.finditer(text) if m.group(1).lower() not in _ALLOWED_DOUBLES
            and not m.group(1).isdigit()]


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    with _GLOSSARY.open("rb") as fh:
        return Glossary(tomllib.load(fh)["terms"])
