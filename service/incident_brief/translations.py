"""The report's labels in other languages (templates/labels/<language>.toml) and the names of languages.

English is the product's own wording (labels.py, compose.py); a translation file gives the same keys in another
language. The output language is a BCP 47 tag ("de", "fr-CA"); its primary subtag picks the file. The offline
engine writes English prose whatever the labels; the LLM engine is asked to write in the language's name.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from incident_brief.compose import NOT_STATED, RESOLUTION
from incident_brief.errors import InputError
from incident_brief.labels import LABELS
from incident_brief.resources import resource_dir

TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}")
NAMES = {"en": "English", "de": "German", "es": "Spanish", "fr": "French", "it": "Italian", "nl": "Dutch",
         "pt": "Portuguese", "pl": "Polish", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish",
         "cs": "Czech", "ja": "Japanese", "ko": "Korean", "zh": "Chinese", "tr": "Turkish"}


@dataclass(frozen=True)
class Translation:
    language: str
    labels: dict[str, str] = field(default_factory=lambda: dict(LABELS))
    not_stated: str = NOT_STATED
    status: dict[str, str] = field(default_factory=dict)  # empty: the English status word
    resolution: dict[str, str] = field(default_factory=lambda: {s.value: t for s, t in RESOLUTION.items()})
    generated_format: str | None = None  # None: the English "January 01, 2026 at 12:00 AM"


def checked(tag: str | None) -> str:
    """A well-formed BCP 47 tag (lower-cased primary subtag), or a clear error."""
    tag = (tag or "en").strip()
    if not TAG.fullmatch(tag):
        raise InputError(f"language {tag[:40]!r} is not a BCP 47 tag such as en, de, fr-CA")
    primary, _, rest = tag.partition("-")
    return primary.lower() + (f"-{rest}" if rest else "")


def primary(tag: str | None) -> str:
    return checked(tag).split("-")[0]


def language_name(tag: str | None) -> str:
    """ "German" for de-AT; the tag itself, described, for a language we have no name for."""
    return NAMES.get(primary(tag), f"the language with the BCP 47 tag {checked(tag)}")


def available() -> list[str]:
    return sorted({"en"} | {p.stem for p in resource_dir("templates").joinpath("labels").glob("*.toml")})


@lru_cache(maxsize=16)
def translation(tag: str | None) -> Translation:
    """The labels for this language; English where no translation file exists (the caller flags that)."""
    lang = primary(tag)
    path = resource_dir("templates") / "labels" / f"{lang}.toml"
    if lang == "en" or not path.is_file():
        return Translation(language="en")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    english = Translation(language="en")
    return Translation(language=lang, labels={**english.labels, **data.get("labels", {})},
                       not_stated=data.get("not_stated", NOT_STATED), status=data.get("status", {}),
                       resolution={**english.resolution, **data.get("resolution", {})},
                       generated_format=data.get("generated_format"))
