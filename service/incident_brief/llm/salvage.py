"""Use the complete part of a cut-off JSON answer (finish_reason "length").

pydantic_core's partial JSON parser keeps every whole value and closes the
brackets still open; fields the answer never reached are filled as "not stated".
What is salvaged is grounded like any other answer.
"""

from __future__ import annotations

import re
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import from_json

M = TypeVar("M", bound=BaseModel)

# A number at the very end may have been cut mid-way ("15" of "15420"): never keep it.
_CUT_NUMBER = re.compile(r"(?<=[:,\[])(\s*)-?\d[\d.eE+-]*\Z")


_AT = re.compile(r"at line (\d+) column (\d+)")


def close_json(text: str) -> object | None:
    """The complete part of a cut-off JSON answer: unfinished strings, numbers and keys are dropped.

    Where the answer breaks off into something that is not JSON (a raw newline in a string, prose),
    the part before the break is used as if the answer had been cut there.
    """
    start = text.find("{")
    if start == -1:
        return None
    text = text[start:]
    while text:
        try:
            return from_json(_CUT_NUMBER.sub(r"\1", text), allow_partial=True)
        except ValueError as exc:
            at = _error_offset(text, str(exc))
            if at is None or at >= len(text):
                return None
            text = text[:at]
    return None


def _error_offset(text: str, message: str) -> int | None:
    m = _AT.search(message)
    if not m:
        return None
    line, column = int(m[1]), int(m[2])
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[:line - 1]) + column - 1


def _skeleton(schema: dict, defs: dict) -> object:
    if "$ref" in schema:
        return _skeleton(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if schema.get("type") == "array":
        return []
    if schema.get("type") == "object" or "properties" in schema:
        return {k: _skeleton(v, defs) for k, v in schema.get("properties", {}).items()}
    if "enum" in schema:
        return "unknown" if "unknown" in schema["enum"] else schema["enum"][0]
    return None


def _fill(skeleton, data):
    if isinstance(skeleton, dict) and isinstance(data, dict):
        return {k: _fill(v, data[k]) if k in data else v for k, v in skeleton.items()}
    return skeleton if data is None and skeleton is not None else data


def salvage(raw: str | None, model: type[M]) -> M | None:
    data = close_json(raw or "")
    if not isinstance(data, dict):
        return None
    schema = model.model_json_schema()
    skeleton = _skeleton(schema, schema.get("$defs", {}))
    filled = _fill(skeleton, data)
    try:
        return model.model_validate(filled)
    except ValidationError as exc:  # fields of the wrong shape count as not stated; the rest stands
        for err in exc.errors():
            if err["loc"] and err["loc"][0] in skeleton:
                filled[err["loc"][0]] = skeleton[err["loc"][0]]
    try:
        return model.model_validate(filled)
    except ValidationError:
        return None
