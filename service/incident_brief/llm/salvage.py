"""Use the complete part of a cut-off JSON answer (finish_reason "length").

The longest prefix that ends after a whole value is closed with the brackets
still open; fields the answer never reached are filled as "not stated". What
is salvaged is grounded like any other answer.
"""

from __future__ import annotations

import json
from typing import TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def _cuts(text: str) -> list[tuple[int, str]]:
    """(position, closing brackets) after each place where a value may end, outside strings."""
    cuts, stack, in_str, escape = [], [], False, False
    for i, ch in enumerate(text):
        if in_str:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_str = False
            continue
        if ch == '"':
            in_str = True
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
            cuts.append((i + 1, "".join(reversed(stack))))
        elif ch in "}]":
            if stack:
                stack.pop()
            cuts.append((i + 1, "".join(reversed(stack))))
        elif ch == ",":
            cuts.append((i, "".join(reversed(stack))))
    return cuts


def close_json(text: str) -> object | None:
    start = text.find("{")
    if start == -1:
        return None
    text = text[start:]
    for pos, closers in reversed(_cuts(text)):
        try:
            return json.loads(text[:pos] + closers)
        except ValueError:
            continue
    return None


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
