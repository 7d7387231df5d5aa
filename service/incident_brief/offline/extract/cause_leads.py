"""What opens or closes a message that states a cause, around the statement itself.

Openers: a discovery ("found it -", "found the problem,"), an identification ("it's the nightly export holding
every connection"), a guess ("looks like the firmware times out"), a correction clause before a colon or dash
("turned out it was not the carrier:", "Eigentlich lag es an uns:", "En realidad no fue un ataque:"): the
statement is what follows, and a negated clause names what the notes ruled out. Closers: what the author does
next ("; rolling back", ", checking"), which is not part of the cause. Each pattern is anchored at one position
and bounded.
"""

from __future__ import annotations

import re

# a discovery lead opening a message ("found it. the new config ...", "found it - the ranker ...")
OPENER = re.compile(r"(?:found it|got it|found the (?:problem|issue|cause|culprit|bug)|(?:ich )?hab(?:e|['’]s) (?:es )?gefunden|"
                    r"gevonden|trouv[ée]|encontrad[oa]|lo encontr[ée]|trovat[oa])(?:[.:!]+|[ \t]*[-—–,][ \t]*)[ \t]*(?=\S)", re.I)
# "it's the hourly export holding ...", "it was our proxy that ...", "c'est le job de purge qui ...": the author
# names the mechanism
IDENTIFIED = re.compile(r"(?:(?:it['’]s|it is|it was|its)[ \t]+(?:the|our|a|an)[ \t]+(?:[\w./@-]+[ \t]+){1,5}?"
                        r"(?:\w+ing|that|which|who)|"
                        r"(?:c['’]est|c['’][ée]tait|ce sont)[ \t]+(?:le|la|les|l['’]|notre|un|une)[ \t]*(?:[\w./@'’-]+[ \t]+){1,6}?qui|"
                        r"(?:es|era|fue)[ \t]+(?:el|la|los|las|nuestro|nuestra|un|una)[ \t]+(?:[\w./@-]+[ \t]+){1,6}?que|"
                        r"(?:[èe]|era)[ \t]+(?:il|lo|la|l['’]|i|gli|le|un|una|uno)[ \t]*(?:[\w./@'’-]+[ \t]+){1,6}?che|"
                        r"(?:[ée]|era|foi)[ \t]+(?:o|a|os|as|um|uma|nosso|nossa)[ \t]+(?:[\w./@-]+[ \t]+){1,6}?que|"
                        r"(?:das|es)[ \t]+(?:ist|war)[ \t]+(?:der|die|das|ein|eine|unser|unsere)[ \t]+(?:[\w./@-]+[ \t]+){1,6}?"
                        r"(?:der|die|das|welche[rs]?)|"
                        r"(?:het|dat)[ \t]+(?:is|was)[ \t]+(?:de|het|een|onze|ons)[ \t]+(?:[\w./@-]+[ \t]+){1,6}?(?:die|dat))\b", re.I)
# a guess opening the statement ("looks like the key store times out", "probably the nightly job")
GUESS = re.compile(r"(?:(?:i|we)[ \t]+think[ \t]+|(?:it[ \t]+)?(?:looks|seems|feels|smells)[ \t]+like[ \t]+|probably[ \t]+|"
                   r"(?:my[ \t]+)?guess:?[ \t]+|"
                   r"(?:sieht[ \t]+(?:so[ \t]+)?aus,?[ \t]+als[ \t]+ob|vermutlich|parece[ \t]+que|on[ \t]+dirait[ \t]+que|"
                   r"het[ \t]+lijkt[ \t]+erop[ \t]+dat|sembra[ \t]+che)[ \t]+)(?=\S)", re.I)
# the words of the openers, to find the messages they may open without reading every sentence
WORDS = ('found it', 'got it', 'found the', 'gefunden', 'gevonden', 'trouv', 'encontr', 'trovat', "it's", 'it’s', 'it is',
         'it was', 'its ', 'think', 'looks like', 'seems like', 'feels like', 'smells like', 'guess', 'probably', 'sieht',
         'vermutlich', 'parece', 'dirait', 'lijkt', 'sembra', "c'est", 'c’est', "c'etait", "c'était", 'ce sont', 'es el',
         'es la', 'era el', 'era la', 'fue el', 'fue la', 'è ', 'era il', 'era la', 'ist der', 'ist die', 'ist das', 'war der',
         'war die', 'war das', 'het is', 'het was', 'dat is', 'dat was', 'foi o', 'foi a', 'é o', 'é a')
# what a guess must open with to name a mechanism: a thing ("the firmware", "our proxy", "der Cronjob"), not a state
GUESS_THING = re.compile(r"(?:the|our|a|an|this|that|its|their|der|die|das|ein|eine|el|la|los|las|un|una|le|les|une|"
                         r"de|het|een|il|lo|o|os|as|um|uma)[ \t]+(?!\w+[ \t]+(?:is|are|was|were)[ \t]+(?:down|up|back|"
                         r"fine|ok|okay|slow|normal|stable|working|recovering|unavailable|degraded)\b)", re.I)
# a short clause before a colon or dash that opens the message ("turned out it was not the carrier:")
_CLAUSE = re.compile(r"[^:\n.;?!—–]{2,60}?(?::|[ \t][—–-]|\.)[ \t]+(?=\S)")
_NEGATION = re.compile(r"\b(?:not|n['’]t|no|nicht|kein\w*|niet|geen|pas|não|non)\b", re.I)
# what the author does next, after the cause, in the same message ("; rolling back", ", checking now")
_NEXT = re.compile(r"(?:[;,]|[ \t][—–-])[ \t]*(?:(?:now|so|and)[ \t]+)?(?:rolling back|roll(?:ing)? back|reverting|"
                   r"rollback|checking|investigating|looking into|fixing|restarting|deploying|working on|will|going to|"
                   r"reverted|rolled back|revirtiendo|on revient)\b[^;\n]{0,80}$", re.I)


def clause(text: str, pos: int, end: int, marks) -> tuple[int, bool] | None:
    """(where the statement starts, whether the clause is negated) when a short clause holding one of marks
    (a correction cue) opens [pos, end) before a colon or a dash, with a statement after it; else None."""
    m = _CLAUSE.match(text, pos, end)
    if not m or end - m.end() < 12 or not marks.search(text, pos, m.end()):
        return None
    return m.end(), bool(_NEGATION.search(text, pos, m.end()))


def negated(clause_text: str) -> str | None:
    """A correction clause as written when it rules something out ("it was not the carrier"), else None."""
    text = clause_text.strip(" \t:-—–")
    return text if text and _NEGATION.search(text) else None


def trimmed_end(text: str, start: int, end: int) -> int:
    """end, or where what the author does next begins ("; rolling back"), when a statement is left before it."""
    m = _NEXT.search(text, start, end)
    return m.start() if m and m.start() - start >= 20 else end
