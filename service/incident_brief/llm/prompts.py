"""Versioned prompt files: loaded and checked at start-up, rendered with StrictUndefined."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, meta

from incident_brief.errors import ConfigurationError
from incident_brief.resources import resource_dir

# stage -> (version in use, {part: variables the part may use})
STAGES: dict[str, tuple[str, dict[str, set[str]]]] = {
    "extract": ("v5", {"system": {"marker", "field_guide"}, "user": {"notes", "part", "parts", "marker"}}),
    "draft": ("v3", {"system": {"plain_terms", "budgets", "field_guide", "language"}, "user": {"facts"},
                     "repair": {"errors"}}),
    "draft_customer": ("v1", {"system": {"budgets", "field_guide"}, "user": {"facts"}, "repair": {"errors"}}),
    "draft_engineering": ("v1", {"system": {"budgets", "field_guide"}, "user": {"facts"}, "repair": {"errors"}}),
}
# Released versions kept beside the one in use (never edited): checked too, so they stay loadable for replays.
RELEASED: dict[str, dict[str, dict[str, set[str]]]] = {
    "extract": {"v1": {"system": {"marker", "field_guide"}, "user": {"notes", "part", "parts", "marker"}},
                "v2": {"system": {"marker", "field_guide"}, "user": {"notes", "part", "parts", "marker"}},
                "v3": {"system": {"marker", "field_guide"}, "user": {"notes", "part", "parts", "marker"}},
                "v4": {"system": {"marker", "field_guide"}, "user": {"notes", "part", "parts", "marker"}}},
    "draft": {"v1": {"system": {"plain_terms", "budgets", "field_guide"}, "user": {"facts"}, "repair": {"errors"}},
              "v2": {"system": {"plain_terms", "budgets", "field_guide", "language"}, "user": {"facts"},
                     "repair": {"errors"}}},
}


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(resource_dir("prompts"))), undefined=StrictUndefined,
                       keep_trailing_newline=False, autoescape=False)


# drafted only when a report is asked for in that audience (`--audience`); a report lists them once used
AUDIENCE_STAGES = ("draft_customer", "draft_engineering")


def versions() -> dict[str, str]:
    return {stage: version for stage, (version, _) in STAGES.items() if stage not in AUDIENCE_STAGES}


@lru_cache(maxsize=1)
def check_all() -> None:
    """Every declared prompt part exists, parses, and uses only its declared variables."""
    env = _env()
    declared = [(stage, version, parts) for stage, (version, parts) in STAGES.items()]
    declared += [(stage, v, parts) for stage, olds in RELEASED.items() for v, parts in olds.items()]
    for stage, version, parts in declared:
        for part, allowed in parts.items():
            name = f"{stage}/{version}.{part}.j2"
            try:
                source = env.loader.get_source(env, name)[0]
                used = meta.find_undeclared_variables(env.parse(source))
            except Exception as exc:  # a missing or broken prompt file stops the LLM engine, not the process
                raise ConfigurationError(f"prompt {name} cannot be loaded: {exc}") from None
            if used - allowed:
                raise ConfigurationError(f"prompt {name} uses undeclared variables: {', '.join(sorted(used - allowed))}")


def render(stage: str, piece: str, /, **variables) -> str:
    check_all()
    version, parts = STAGES[stage]
    missing = parts[piece] - set(variables)
    if missing:
        raise ConfigurationError(f"prompt {stage}/{version}.{piece} needs {', '.join(sorted(missing))}")
    return _env().get_template(f"{stage}/{version}.{piece}.j2").render(**variables).strip() + "\n"
