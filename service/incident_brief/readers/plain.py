"""Any other text: Markdown postmortems and ordinary notes, kept exactly as given."""

from __future__ import annotations

NAME = "text"


def recognise(text: str) -> bool:
    return True


def read(text: str) -> str:
    return text
