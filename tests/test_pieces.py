"""Sentences and paragraphs of long notes (cut by the jumping scan) are those of the plain loop over rx's matches."""

import random

import pytest

from incident_brief import structure

UNITS = ["Word. ", "Next one! ", '"Quoted." Then ', "\n\n", "  \n \t\n", "\n- item ", "\n1. step ", "\n[12:00] ", "\n**09:15 ",
         "\n2025-03-04 ", "text ", "(see) ", "?\n", "  ", ".\"' ", "\n   ", "a-", "x"]


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("split", [structure.sentences, structure.paragraphs])
def test_long_pieces_match_the_plain_loop(seed, split, monkeypatch):
    rng = random.Random(seed)
    text = "".join(rng.choice(UNITS) for _ in range(rng.choice([800, 3000])))
    start, end = rng.randrange(0, 40), len(text) - rng.randrange(0, 40)
    structure._long_pieces.cache_clear()
    jumped = split(text, start, end)  # longer than _SHORT: the jumping scan
    monkeypatch.setattr(structure, "_SHORT", 10**9)
    assert split(text, start, end) == jumped
