"""Find the shipped data folders, from a source checkout or an installed wheel.

The wheel carries `templates/` and `prompts/` under `incident_brief/_resources/`
(see pyproject.toml); a source checkout has them at the repository top level,
two folders above this package (`service/incident_brief/`).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_resources" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"incident-brief is installed without its {name}/ folder")
