"""Writing files safely: the one atomic write of the project."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write beside the target, then rename: a kill leaves the old file or the new one, never half of one.

    Temporaries are named `.<name>.<random>.tmp` (a batch clears leftovers with that pattern). The file gets the
    same mode as any other the process writes (0666 less the umask: 0644 usually), not mkstemp's 0600."""
    fd, tmp = _temporary(path)
    try:
        with (os.fdopen(fd, "wb") if isinstance(text, bytes) else os.fdopen(fd, "w", encoding="utf-8")) as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _temporary(path: Path) -> tuple[int, Path]:
    """A new, exclusive temporary beside `path`, created with the umask's mode."""
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue
