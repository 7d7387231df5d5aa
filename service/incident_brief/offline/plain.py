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
from incident_brief.offline.wording import When, around, is_name

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
    """Terms with their plain phrase (terms), conditional entries (rules, tried first, in order) and
    terms kept and explained at their first use (explain)."""

    def __init__(self, terms: dict[str, str], rules: Iterable[When] = (), explain: dict[str, str] | None = None):
        fallback = [When(term=k.lower(), plain=v) for k, v in terms.items()]
        self._entries: dict[str, list[When]] = {}
        for entry in [*rules, *fallback]:
            self._entries.setdefault(entry.term, []).append(entry)
        self.explain = {k.lower(): v for k, v in (explain or {}).items()}
        # term -> the phrase to suggest for it (its unconditional one, else its first conditional one)
        self.terms = {t: next(e.plain for e in reversed(es) if e.plain) for t, es in self._entries.items()
                      if any(e.plain for e in es)}
        every = set(self._entries) | set(self.explain)
        alternation = "|".join(re.escape(t) for t in sorted(every, key=len, reverse=True))
        self._rx = re.compile(rf"(?<![\w./@`-])(?:{alternation})(?![\w`@-]|[./]\w)", re.I)
        self._ascii = all(t.isascii() for t in every)
        # where any term starts, a term that no other term begins starts: only those are looked for
        self._firsts = [t for t in every if not any(t.startswith(p) and t != p for p in every)]

    def problems(self) -> list[str]:
        """Entries whose phrase contains another term: they would put jargon back
        ("connection pool" -> "database access capacity" beside "database" -> "data storage system")."""
        out = []
        phrases = [(e.term, e.plain) for es in self._entries.values() for e in es if e.plain]
        for term, repl in phrases + list(self.explain.items()):
            for m in self._rx.finditer(repl):
                out.append(f"{term!r} -> {repl!r} contains the term {m.group()!r}")
        return out

    def __len__(self) -> int:
        return len(set(self._entries) | set(self.explain))

    def writer(self, keep: Iterable[str] = (), notes: str = "") -> "Writer":
        """A writer for one report: it explains a kept term at its first use in the report only, and
        writes a term the notes use as a proper name ("the PostHog Feature Flags service") as that name."""
        return Writer(self, list(keep), self.names_in(notes) if notes else frozenset())

    def names_in(self, notes: str) -> frozenset[str]:
        """Terms the notes write as a proper name: Title Case mid-sentence, on a line that is not a heading
        or title-styled (where every word is capitalised anyway)."""
        return frozenset(_name_key(m.group()) for m in self.finditer(notes) if _name_use(notes, m))

    def apply(self, text: str, keep: Iterable[str] = ()) -> str:
        """Replace jargon in text; names in keep (service names) and identifiers stay as written."""
        return self.writer(keep).apply(text)

    def jargon_in(self, text: str, keep: Iterable[str] = ()) -> list[str]:
        """Glossary terms still present in text where an entry would rewrite them (outside protected names)."""
        shield = _Lazy(lambda: _Spans(self.shield(text, keep)))
        return [m.group() for m in self.finditer(text) if not shield.get().overlaps(m.start(), m.end())
                and self.rewrite(text, m, text[max(0, m.start() - _CONTEXT):m.start()],
                                 text[m.end():m.end() + _CONTEXT]) is not None]

    def terms_in(self, text: str, keep: Iterable[str] = ()) -> list[str]:
        """Every glossary term written in text outside protected names, whatever its context (a prompt lists
        them all: the model may reuse a term in a sentence where the glossary would rewrite it)."""
        shield = _Lazy(lambda: _Spans(self.shield(text, keep)))
        return [m.group() for m in self.finditer(text) if m.group().lower() in self.terms
                and not shield.get().overlaps(m.start(), m.end())]

    def phrases_in(self, text: str, keep: Iterable[str] = ()) -> dict[str, str]:
        """Each term of terms_in (lower case, first use first) with the phrase its first use calls for: the
        context's own ("rolled back to v41" -> "returned"), else the term's usual one."""
        shield = _Lazy(lambda: _Spans(self.shield(text, keep)))
        out: dict[str, str] = {}
        for m in self.finditer(text):
            term = m.group().lower()
            if term in self.terms and term not in out and not shield.get().overlaps(m.start(), m.end()):
                out[term] = self.plain_for(text, m) or self.terms[term]
        return out

    def rewrite(self, text: str, m: re.Match[str], before: str, after: str) -> str | None:
        """The plain phrase for the term m between before and after, trimmed where it would repeat them;
        None where no entry applies or every wording would stutter."""
        plain = self.plain_for(text, m)
        if plain is None:
            return None
        repl = _trim_repeats(before, plain, after)
        tail, head = before[-40:], after[:40]
        if not repl or len(doubled_words(tail + repl + head)) > len(doubled_words(tail + m.group() + head)):
            return None  # no replacement at all beats one that stutters ("time-out out-of-memory")
        if _echoes(repl, before, after):
            return None  # "Deployed production release" must not become "Released production release"
        return repl

    def plain_for(self, text: str, m: re.Match[str]) -> str | None:
        """The phrase for the term m found in text, or None where no entry applies there."""
        entries = self._entries.get(m.group().lower())
        if not entries or is_name(m.group(), _sentence_start(text[max(0, m.start() - 40):m.start()])):
            return None
        where = around(text, m.start(), m.end(), _CONTEXT)
        if not where.english:
            return None
        return next((e.plain for e in entries if e.holds(where)), None)

    def explanation_for(self, text: str, m: re.Match[str]) -> str | None:
        """For a kept term: its few-word explanation, where one can follow it ("a runbook (...) for X")."""
        said = self.explain.get(m.group().lower())
        if not said or is_name(m.group(), _sentence_start(text[max(0, m.start() - 40):m.start()])):
            return None
        where = around(text, m.start(), m.end(), _CONTEXT)
        fits = not where.next or where.next in _CLAUSE_WORDS or not re.match(r"\s*[\w(]", where.ahead)
        return said if where.english and fits else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
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

    def shield(self, text: str, keep: Iterable[str]) -> list[tuple[int, int]]:
        # A hyphenated word that is itself a term ("auto-scaling", "on-call") is jargon, not an identifier.
        every = self._entries.keys() | self.explain.keys()
        return [(s, e) for s, e in _protected_spans(text, keep) if text[s:e].lower() not in every]


class Writer:
    """Applies a glossary to the texts of one report, in report order."""

    def __init__(self, glossary: Glossary, keep: list[str], names: frozenset[str] = frozenset()):
        self.glossary, self.keep, self.names = glossary, keep, names
        self.explained: set[str] = set()  # explanations already given in this report

    def apply(self, text: str) -> str:
        g = self.glossary
        shield = _Lazy(lambda: _Spans(g.shield(text, self.keep)))
        done: list[str] = []  # finished output; `last` is its end, which the next replacement may still adjust
        last, pos = "", 0
        for m in g.finditer(text):
            if shield.get().overlaps(m.start(), m.end()):
                continue
            gap = m.start() - pos  # the rules read only the _CONTEXT characters before a term
            before = text[m.start() - _CONTEXT:m.start()] if gap >= _CONTEXT else \
                last[max(0, len(last) - (_CONTEXT - gap)):] + text[pos:m.start()]
            cut = bool(done) or len(last) + gap > len(before)
            after = text[m.end():m.end() + _CONTEXT]
            repl = self._phrase(text, m, before, after)
            if repl is None:
                continue
            repl = _match_case(m.group(), "\x00" + before if cut else before, repl)
            full = last + text[pos:m.start()]
            done.append(full[:len(full) - len(before)])
            last = _fix_article(before, repl) + repl
            pos = m.end()
        return "".join(done) + last + text[pos:]

    def _phrase(self, text: str, m: re.Match[str], before: str, after: str) -> str | None:
        """What to write for the term m: its plain phrase, the term with its explanation, or None (as written)."""
        if _name_key(m.group()) in self.names:  # the product's name, written as the notes write it
            named = " ".join(w[:1].upper() + w[1:] for w in m.group().split(" "))
            return None if named == m.group() else named
        said = self.glossary.explanation_for(text, m)
        if said is not None:
            if said in self.explained or after.lstrip().startswith("("):
                return None
            self.explained.add(said)
            return f"{m.group()} ({said})"
        return self.glossary.rewrite(text, m, before, after)


_STARTS_SENTENCE = re.compile(r"(?:[.!?:]\s+|(?:^|\n)\s*(?:[-*+•]\s+)?)$")
# Words that may follow a noun phrase: an explanation in brackets can go between them.
_CLAUSE_WORDS = frozenset("is was were are be been has had have for to and or but with that which in on at by "
                          "from of as so if when after before did does do should must will would can could "
                          "during until while".split())
_LINK_WORDS = frozenset("with that from into than each other their where when which".split())
_CAPITALISABLE = re.compile(r"[^\W\d_][\w'-]*")
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


def _sentence_start(before: str) -> bool:
    return not before.strip() or bool(_STARTS_SENTENCE.search(before))


def _name_key(term: str) -> str:
    return term.lower().removesuffix("s")


def _name_use(notes: str, m: re.Match[str]) -> bool:
    """The term is written as a proper name here: Title Case, mid-sentence (not after a list mark, a dash
    or a colon), not a label ("Rollback:") and not inside a title-styled run of capitalised words."""
    if not is_name(m.group(), False):
        return False
    head = notes[max(0, m.start() - 120):m.start()].rsplit("\n", 1)[-1]
    tail = notes[m.end():m.end() + 120].split("\n", 1)[0]
    if not re.search(r"\w", head) or re.search(r"[.!?:;|>)\u2014\u2013-][^\w]*$", head) or tail.lstrip().startswith(":"):
        return False
    near = _CAPITALISABLE.findall(head)[-4:] + _CAPITALISABLE.findall(m.group()) + _CAPITALISABLE.findall(tail)[:4]
    return len(near) >= 4 and sum(w[0].isupper() for w in near) * 3 < len(near) * 2


def _echoes(repl: str, before: str, after: str) -> bool:
    """The phrase's first content word repeats (by its stem) one of the two words after the term."""
    near = {w[:5] for w in _words(after)[:2] if len(w) >= 4}
    content = [w for w in _words(repl) if len(w) >= 4 and w not in _LINK_WORDS]
    return bool(content) and content[0][:5] in near


def _match_case(term: str, before: str, repl: str) -> str:
    sentence_start = _sentence_start(before)
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
        data = tomllib.load(fh)
    return Glossary(data["terms"], [When.from_data(row) for row in data.get("when", [])], data.get("explain"))
