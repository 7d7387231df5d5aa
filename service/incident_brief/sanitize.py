"""Text in the notes that is not incident content: hidden comments and instructions aimed at a model.

Such spans are blanked out (replaced by spaces, so every offset stays where it
was) before any engine reads the notes; the report flags that they were ignored.
"""

from __future__ import annotations

import re

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier|preceding|your)\s+"
    r"(?:instructions?|prompts?|rules?|directions?)"
    r"|\byou are now\b|\b(?:admin|developer|god|jailbreak)\s+mode\b|\bsystem\s+prompt\b"
    r"|\bnew instructions?\s*:|<\|im_(?:start|end)\|>|\[/?INST\]|<</?SYS>>|###\s*(?:instruction|system)\b", re.I)


def untrusted_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _COMMENT.finditer(text)]
    for m in _INSTRUCTION.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        spans.append((start, len(text) if end == -1 else end))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def mask(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The notes with untrusted spans blanked (same length, newlines kept), and those spans."""
    spans = untrusted_spans(text)
    if not spans:
        return text, []
    chars = list(text)
    for s, e in spans:
        for i in range(s, e):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars), spans
