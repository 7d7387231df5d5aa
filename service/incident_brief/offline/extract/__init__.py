"""Offline extractors: each reads the parsed document and returns values with their spans."""

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    """A value and the (start, end) source spans it was read from."""

    value: T
    spans: tuple[tuple[int, int], ...]
