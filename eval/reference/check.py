"""Format check for an answer file: valid JSON, the shape the request's JSON schema asks for, and every "quote"
copied character for character from the request's messages. Usage: python3 check.py DIR (checks every answer)."""
import json, sys
from pathlib import Path

def shape(node, schema, path="$"):
    errs = []
    if "anyOf" in schema:
        if all(shape(node, s, path) for s in schema["anyOf"]):
            errs.append(f"{path}: matches none of the allowed shapes")
        return errs
    types = schema.get("type")
    types = [types] if isinstance(types, str) else (types or [])
    ok = {"string": str, "number": (int, float), "integer": int, "boolean": bool, "null": type(None),
          "object": dict, "array": list}
    if types and not any(isinstance(node, ok[t]) and not (t in ("number", "integer") and isinstance(node, bool)) for t in types):
        return [f"{path}: expected {types}, got {type(node).__name__}"]
    if "enum" in schema and node not in schema["enum"]:
        errs.append(f"{path}: {node!r} not one of {schema['enum']}")
    if isinstance(node, dict):
        props = schema.get("properties", {})
        for k in schema.get("required", []):
            if k not in node:
                errs.append(f"{path}: missing field {k!r}")
        for k, v in node.items():
            if k not in props:
                errs.append(f"{path}: field {k!r} is not in the schema")
            else:
                errs += shape(v, props[k], f"{path}.{k}")
    if isinstance(node, list) and "items" in schema:
        for i, v in enumerate(node):
            errs += shape(v, schema["items"], f"{path}[{i}]")
    return errs

def quotes(node, path="$"):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "quote" and isinstance(v, str):
                yield path, v
            else:
                yield from quotes(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from quotes(v, f"{path}[{i}]")

def check(answer_path: Path) -> list[str]:
    key = answer_path.name.removesuffix(".answer.json")
    req = json.loads((answer_path.parent / f"{key}.request.json").read_text())
    try:
        content = json.loads(answer_path.read_text())["content"]
    except Exception as e:
        return [f"not valid JSON with a 'content' field: {e}"]
    schema = req["response_format"]["json_schema"]["schema"]
    errs = shape(content, schema)
    text = "\n".join(m["content"] for m in req["messages"])
    errs += [f"{p}: quote not found verbatim in the request: {q[:80]!r}" for p, q in quotes(content) if q not in text]
    return errs

if __name__ == "__main__":
    folder = Path(sys.argv[1])
    reqs = sorted(folder.glob("*.request.json"))
    bad = 0
    for r in reqs:
        a = r.with_name(r.name.replace(".request.json", ".answer.json"))
        if not a.exists():
            print(f"{a.name}: MISSING"); bad += 1; continue
        errs = check(a)
        bad += bool(errs)
        for e in errs:
            print(f"{a.name}: {e}")
    print(f"{len(reqs) - bad} of {len(reqs)} answers well-formed")
