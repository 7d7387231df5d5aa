"""Owner and due date of an action item, as the notes state them: "(owner: Malik, due 30 May)",
"— owner Mei, due 16 May", "assignee: @sam", "by Friday". Nothing stated: the not-stated text."""

from __future__ import annotations

import re
from typing import NamedTuple

_STOP = r"(?=\s*(?:[,;)\]]|[—–]|\s-\s|\bdue\b|\bby\b|\bdeadline\b|\beta\b|$))"
_OWNER = re.compile(r"\b(?:owners?|assignee|assigned to|responsible|dri|verantwortlich|responsable|propietario)\b"
                    r"[ \t]*[:=]?[ \t]*(?P<v>@?[^\s,;()\[\]—–][^,;()\[\]—–\n]{0,40}?)" + _STOP, re.I)
_DATE_LIKE = (r"(?:\d{1,4}(?:[-/.]\d{1,2}(?:[-/.]\d{1,4})?)?(?:\s+[A-Z][a-z]{2,8})?|"
              r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?:\s+\d{1,2})?|"
              r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*|end of [a-z]+|next [a-z]+|EO[DWMQ]|Q[1-4](?:\s+\d{4})?|"
              r"tomorrow|today)")
_DUE = re.compile(r"\b(?:due(?: date)?(?![ \t]+to\b)|deadline|eta|target(?: date)?|fällig|échéance|plazo)\b[ \t]*[:=]?[ \t]*"
                  r"(?P<v>[^\s,;()\[\]—–][^,;()\[\]—–\n]{0,40}?)" + _STOP.replace(r"|\bby\b", ""), re.I)
_BY = re.compile(r"\bby[ \t]+(?P<v>" + _DATE_LIKE + r")(?=[\s,;.)]|$)")
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z][\w.-]{1,30}")
# the meta part of an item: a parenthesis or a dashed tail that states the owner or the due date
_META = re.compile(r"\s*(?:\((?=[^()]*\b(?:owner|assignee|due|deadline)\b)[^()]*\)|[—–]\s*(?:owner|assignee|due)\b.*)$",
                   re.I)


class Owned(NamedTuple):
    action: str
    owner: str | None
    due: str | None


def owned(item: str) -> Owned:
    """The action without its meta part, and its owner and due date as written (None when not stated)."""
    text = " ".join(item.split())[:2000].rstrip(" .,;")
    owner = _OWNER.search(text)
    due = _DUE.search(text) or _BY.search(text)
    handle = _HANDLE.search(text)
    who = owner["v"].strip() if owner else (handle.group() if handle else None)
    who = who if who and any(c.isalpha() for c in who) else None
    action = _META.sub("", text).rstrip(" .,;") or text
    return Owned(action, who, due["v"].strip() if due else None)
