"""Where things are in a notes document: front matter, sections, list items, sentences.

Everything works on (start, end) character offsets into the source text, so any
extracted value can carry the exact span it came from.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import accumulate
from dataclasses import dataclass, field

from incident_brief.headings import ALIGNED_ROW, LABEL, PIPE_ROW, PLAIN_LABEL, SECTION_KINDS, in_aligned_block, is_header_row
from incident_brief.headings import ROW_START, is_stamp_value, section_kind
from incident_brief.mdlinks import unlink

_FRONT = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\n(.*?)\n\1[ \t]*(?:\n|\Z)", re.S)
_FM_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*[:=][ \t]*(.*?)[ \t]*$", re.M)
_FM_ITEM = re.compile(r"^[ \t]+-[ \t]+(.+?)[ \t]*$", re.M)
_LABEL = LABEL  # letters of any script (headings.py)
_HEADERS = (
    re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(?P<t>[^\n]+?)[ \t#]*$", re.M),
    re.compile(rf"^[ \t]*(?:[-*][ \t]+)?\*\*(?P<t>{_LABEL}):?\*\*:?[ \t]*(?P<rest>[^\n]*)$", re.M),
    re.compile(rf"^[ \t]*__(?P<t>{_LABEL}):?__:?[ \t]*(?P<rest>[^\n]*)$", re.M),
    PLAIN_LABEL, PIPE_ROW, ALIGNED_ROW,  # these three open a section only when their label names one (headings.py)
)
_ROWS = 3
_ITEM = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,2}[.)])[ \t]+(?!\*\*[^*\n]+\*\*:?\s*$)(?P<body>\S[^\n]*)$", re.M)
_SENT_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9\"'(\[*`])|\n[ \t]*\n|\n(?=[ \t]*(?:[-*+•]|\d{1,2}[.)])[ \t])"
                       r"|\n(?=[ \t]*(?:\[|\**\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}))|\n(?=" + ROW_START + ")")
_CONT = re.compile(r"\n[ \t]{2,}(?![-*+•]|\d{1,2}[.)])(\S[^\n]*)")
_CONTINUES = re.compile(rf"(?<![ \t])[ \t]*+(?!{ROW_START})[a-z(]")  # a wrapped line goes on in lower case, unless labelled
_CHAT = re.compile(r"^[ \t]*(?:\[?\d{1,2}:\d{2}(?::\d{2})?[ \t]*(?:[AaPp][Mm])?\]?[ \t]*<?[\w.-]{1,24}>?"
                   r"|\[\d{1,2}:\d{2}(?::\d{2})?[ \t]*(?:[AaPp][Mm])?\][ \t]*[\w.'-]{1,24}(?:[ \t][\w.'-]{1,24}){1,2}):[ \t]+",
                   re.M)  # "[8:02 AM] maria: ", "09:14 <nick>: ", and a full name in brackets' lines ("[6:48] Priya Raman: ")

@dataclass
class Section:
    title: str
    kind: str | None
    start: int  # where the heading starts
    body_start: int
    body_end: int
    inline: bool = False  # "Label: value" on one line


@dataclass
class Document:
    text: str
    front: dict[str, tuple[str | list[str], int, int]] = field(default_factory=dict)
    body_start: int = 0
    sections: list[Section] = field(default_factory=list)


def parse(text: str) -> Document:
    doc = Document(text=text)
    m = _FRONT.match(text)
    if m:
        doc.front = _front_matter(m.group(2), m.start(2))
        doc.body_start = m.end()
    doc.sections = _sections(text, doc.body_start)
    return doc


def _front_matter(block: str, base: int) -> dict[str, tuple[str | list[str], int, int]]:
    out: dict[str, tuple[str | list[str], int, int]] = {}
    keys = list(_FM_KEY.finditer(block))
    for i, m in enumerate(keys):
        stop = keys[i + 1].start() if i + 1 < len(keys) else len(block)
        value = m.group(2).strip().strip("\"'")
        if value:
            out[m.group(1)] = (value, base + m.start(2), base + m.end(2))
            continue
        items = [it for it in _FM_ITEM.finditer(block, m.end(), stop)]
        if items:
            out[m.group(1)] = ([it.group(1).strip("\"'") for it in items], base + items[0].start(1), base + items[-1].end(1))
    return out


def _sections(text: str, start: int) -> list[Section]:
    found: dict[int, Section] = {}
    for n, rx in enumerate(_HEADERS):
        plain_label = n >= len(_HEADERS) - _ROWS  # "Label:" without markup splits only when it is a known section
        for m in rx.finditer(text, start):
            if m.start() in found or rx is PIPE_ROW and is_header_row(text, m.end()) or \
                    rx is ALIGNED_ROW and not in_aligned_block(text, m.start(), m.end()):
                continue
            title = _strip_md(m.group("t")).strip(" :")
            rest = m.groupdict().get("rest")
            inline = bool(rest and rest.strip())
            body_start = m.start("rest") if inline else m.end()
            kind = section_kind(title)
            if kind is None and (inline or plain_label) or plain_label and is_stamp_value(rest or ""):
                continue  # "- **Label**: text" inside a list, or a chat line: not a section
            if kind == "immediate" and re.search(r"\b(?:completed|done)\b", title, re.I):
                kind = "actions"
            found[m.start()] = Section(title, kind, m.start(), body_start, len(text), inline)
    ordered = [found[k] for k in sorted(found)]
    for cur, nxt in zip(ordered, ordered[1:]):
        cur.body_end = nxt.start
    for sec in ordered:
        if sec.inline:  # "Label: value" runs to the end of its line and any wrapped lines after it
            end = text.find("\n", sec.body_start, sec.body_end)
            while end != -1 and _CONTINUES.match(text, end + 1) and end + 1 < sec.body_end:
                end = text.find("\n", end + 1, sec.body_end)
            sec.body_end = sec.body_end if end == -1 else end
            while sec.body_end > sec.body_start and text[sec.body_end - 1] in " \t|":  # a table row's closing pipe
                sec.body_end -= 1
    return ordered


def sections_of(doc: Document, *kinds: str) -> list[Section]:
    return [s for s in doc.sections if s.kind in kinds]


def items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """List items (bullets, numbers) inside [start, end), continuation lines joined."""
    out = []
    for m in _ITEM.finditer(text, start, end):
        s, e = m.start("body"), m.end("body")
        nxt = e
        while True:  # indented continuation lines belong to the item
            cont = _CONT.match(text, nxt, end)
            if not cont:
                break
            nxt = cont.end()
        out.append((s, nxt))
    return out


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return _pieces(text, start, end, _SENT_END)


_PARA_END = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return _pieces(text, start, end, _PARA_END)


def _pieces(text: str, start: int, end: int, rx: re.Pattern[str]) -> list[tuple[int, int]]:
    """The trimmed, non-empty pieces of [start, end) between rx's matches (as rx.finditer(text, start, end) finds
    them)."""
    if end - start < _SHORT:
        out, pos = [], start
        for m in rx.finditer(text, start, end):
            if m.start() > pos:
                _add_trimmed(out, text, pos, m.start())
            pos = m.end()
        if end > pos:
            piece = text[pos:end]  # (inline: the one piece of most calls)
            kept = piece.strip()
            if kept:
                pos += len(piece) - len(piece.lstrip())
                out.append((pos, pos + len(kept)))
        return out
    return list(_long_pieces(text, start, end, rx))




_SHORT = 4096  # below this, a plain loop over the matches is cheapest


@lru_cache(maxsize=4)  # several readers split the same long stretch of notes; str caches its hash, so keys are cheap
def _long_pieces(text: str, start: int, end: int, rx: re.Pattern[str]) -> tuple[tuple[int, int], ...]:
    """_pieces for a long text: one scan of rx while the pieces between its matches hold text, and at a blank
    piece a jump to the next character that is not a space (found in C, past any run of blank lines), where a
    new scan starts. A scan started there finds the matches a scan from the start finds: whatever rx could match
    in between is blank and cut away. A match at start itself is taken first: only there could rx's look-behind
    see before the cut."""
    out: list[tuple[int, int]] = []
    first = rx.match(text, start, end)
    pos = first.end() if first else start
    while (m := NON_SPACE.search(text, pos, end)) is not None:
        s, pos = m.start(), end
        for cut in rx.finditer(text, s, end):  # (_add_trimmed inline: this loop runs once per sentence)
            piece = text[s:cut.start()]
            kept = piece.strip()
            if not kept:
                pos = cut.end()  # a blank piece: jump
                break
            s += len(piece) - len(piece.lstrip())
            out.append((s, s + len(kept)))
            s = cut.end()
        else:
            _add_trimmed(out, text, s, end)
    return tuple(out)


NON_SPACE = re.compile(r"\S")


def _add_trimmed(out: list[tuple[int, int]], text: str, s: int, e: int) -> None:
    piece = text[s:e]
    kept = piece.strip()
    if kept:
        s += len(piece) - len(piece.lstrip())
        out.append((s, s + len(kept)))


LINE_REACH = 4096  # how far back a line's start is looked for from a position inside it


def line_start(text: str, pos: int, reach: int = LINE_REACH) -> int:
    """Where the line holding pos starts, looked for at most reach characters back (a line longer than that is
    taken to start there): read per match, an unbounded look-back costs the square of a 1 MiB line."""
    lo = max(0, pos - reach)
    return text.rfind("\n", lo, pos) + 1 or lo


def line_at(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, (len(text) if e == -1 else e)


class Lines:
    """line_at for many positions of one text: the line starts found once, each lookup a bisection."""

    def __init__(self, text: str):
        # each line starts one character after the previous line ends (counted in C: 1 MiB can be 1M lines)
        self.starts = list(accumulate(map((1).__add__, map(len, text.split("\n"))), initial=0))[:-1]
        self.length = len(text)

    def at(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.starts[i], (self.starts[i + 1] - 1 if i + 1 < len(self.starts) else self.length)


_MD_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD_AUTOLINK = re.compile(r"<(https?://[^>]++)>")
_MD_TAG = re.compile(r"<[^>\n]{1,80}>")
_MD_STRONG = re.compile(r"(\*\*|__)(.+?)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?!\w)")
_MD_LINE_MARK = re.compile(r"^[ \t]*(?:#{1,6}|>|[-*+•]|\d{1,2}[.)])[ \t]+", re.M)


def _upto_last(rx: re.Pattern[str], repl: str, s: str, closer: str) -> str:
    """rx.sub over the text up to the last closer (the text every match ends with): an opener with no closer
    after it fails at once."""
    last = s.rfind(closer)
    return s if last == -1 else rx.sub(repl, s[:last + len(closer)]) + s[last + len(closer):]


def _strip_md(s: str) -> str:
    """Markdown removed. Each pattern runs only when a text it needs occurs (clean() is called on every line)."""
    if ":" in s:
        s = _CHAT.sub("", s)  # "[8:02 AM] maria: " chat prefixes
    if "-->" in s:
        s = _upto_last(_MD_COMMENT, "", s, "-->")
    s = unlink(s)
    if "<" in s:
        s = _MD_TAG.sub("", _upto_last(_MD_AUTOLINK, r"\1", s, ">"))
    if "**" in s or "__" in s:
        s = _MD_STRONG.sub(r"\2", s)
    if "*" in s:
        s = _MD_EM.sub(r"\1", s)
    return _MD_LINE_MARK.sub("", s)


@lru_cache(maxsize=4096)  # pure, and called on every line by several readers: a line read twice costs a lookup
def clean(s: str) -> str:
    """Markdown markup removed, whitespace collapsed: the text a reader should see."""
    return " ".join(_strip_md(s).split()).strip()
