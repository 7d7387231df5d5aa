"""Call transcripts: WebVTT (Teams, Zoom, Meet recordings) and SubRip (.srt) captions.

A cue is an optional id line, a timing line (`00:01:02.000 --> 00:01:10.500`) and its text, with the speaker
as a voice tag (`<v Priya Raman>...`) or a leading `Name:`. The cue timings count from the start of the
recording, not the clock: they are left out, so that only times people said ("resolved at 14:31") read as times.
The document: the lines above the transcript as written (title, date, meeting start), then one `Name: text` line
per cue (a sentence a speaker's next cue finishes is joined); the WEBVTT header, NOTE, STYLE and REGION blocks are dropped.
"""

from __future__ import annotations

import html
import re

NAME = "transcript"
_STAMP = r"(?:\d{1,3}:)?\d{2}:\d{2}[.,]\d{3}"
_TIMING = re.compile(r"[ \t]*+" + _STAMP + r"[ \t]+-->[ \t]+" + _STAMP + r"(?:[ \t].*)?")
_HEADER = re.compile(r"\ufeff?WEBVTT(?:[ \t].*)?")
_BLOCK = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t].*)?")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?[ \t]+(?P<name>[^>\n]{1,60})>")
_TAG = re.compile(r"</?[a-z][^>\n]{0,80}>|<" + _STAMP + r">")
_SAID = re.compile(r"(?P<name>[A-Z][\w.'-]*(?:[ \t][\w.'()-]+){0,3}):[ \t]+(?P<msg>\S.*)")
_ENDS = re.compile(r"[.!?…][\"')\]]*$")
_MIN_CUES = 2


def recognise(text: str) -> bool:
    lines = text.splitlines()
    cues = sum(1 for line in lines if _TIMING.fullmatch(line))
    return cues >= _MIN_CUES or (cues >= 1 and any(_HEADER.fullmatch(line) for line in lines))


def read(text: str) -> str:
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if _HEADER.fullmatch(line) or _TIMING.fullmatch(line)), len(lines))
    if 0 < first < len(lines) and _TIMING.fullmatch(lines[first]) and lines[first - 1].strip() \
            and (first == 1 or not lines[first - 2].strip()):
        first -= 1  # the first cue's id ("1" in SubRip)
    head = lines[:first]
    if head and first < len(lines) and not _TIMING.fullmatch(lines[first]) and head[-1].strip():
        head.append("")
    turns = _turns(lines[first:])
    body = [f"{name}: {said}" if name else said for name, said in turns]
    return "\n".join([*head, *body]) + "\n"


def _turns(lines: list[str]) -> list[tuple[str | None, str]]:
    """(speaker, words) per cue, in order, with the voice or `Name:` speaker; a cue ending mid-sentence is joined
    by the same speaker's next cue."""
    turns: list[tuple[str | None, str]] = []
    for cue in _cues(lines):
        name, said = _speaker(" ".join(cue))
        if not said:
            continue
        if turns and turns[-1][0] == name and not _ENDS.search(turns[-1][1]):  # a sentence cut across cues
            turns[-1] = (name, f"{turns[-1][1]} {said}")
        else:
            turns.append((name, said))
    return turns


def _cues(lines: list[str]) -> list[list[str]]:
    """Each cue's text lines (timings, ids, headers and NOTE/STYLE/REGION blocks left out)."""
    cues: list[list[str]] = []
    skipping, current = True, None  # the WEBVTT header block runs to the first blank line
    for i, line in enumerate(lines):
        if not line.strip():
            skipping, current = False, None
        elif _TIMING.fullmatch(line):
            skipping, current = False, []
            cues.append(current)
        elif current is not None:
            current.append(line.strip())
        elif skipping or _BLOCK.fullmatch(line) or _HEADER.fullmatch(line):
            skipping = True
        elif not (i + 1 < len(lines) and _TIMING.fullmatch(lines[i + 1])):  # a cue id sits above its timing
            cues.append([line.strip()])
    return cues


def _speaker(text: str) -> tuple[str | None, str]:
    voice = _VOICE.search(text)
    name = voice.group("name").strip() if voice else None
    said = html.unescape(re.sub(r"[ \t]{2,}", " ", _TAG.sub("", text))).strip()
    if name is None and (m := _SAID.fullmatch(said)):
        name, said = m.group("name"), m.group("msg")
    return name, said
