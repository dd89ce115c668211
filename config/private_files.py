"""Files only the account that runs the product may read: generated secrets, the
SQLite database (and its WAL, which SQLite creates with the database's mode), the
first admin password. Each is created 0600 from the start — never written with
the default mode and tightened afterwards, which leaves a moment (or, if the
process dies in between, for ever) in which anyone on the machine can read it."""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

PRIVATE_MODE = 0o600


def private_file_create(path: Path, text: str = "") -> bool:
    """Creates `path` holding `text`, mode 0600 from its first byte; atomic (a
    reader sees the whole text or no file), and never replaces an existing file.
    True when this call created it."""
    path = Path(path)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mkstemp: 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(temporary)


def private_file_tighten(path: Path) -> None:
    """Makes an existing file 0600 if group or others may read or write it (files
    an older version created with the default mode)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return
    if mode & 0o077:
        os.chmod(path, PRIVATE_MODE)
