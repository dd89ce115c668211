"""The secrets a fresh machine generates once, so that it runs without set-up and
restarts keep sessions and API keys valid: `manage.py ensure_secrets` (which `make
run` calls) writes each into VAR_DIR, 0600, unless the environment sets it; the
settings only read them. Importing the settings writes nothing."""
from __future__ import annotations

import secrets
from pathlib import Path

from config.env import env_str
from config.private_files import private_file_create, private_file_tighten

# setting (and environment variable) -> its file in VAR_DIR
SECRET_FILES = {"SECRET_KEY": "secret_key", "API_KEY_PEPPER": "api_key_pepper"}


def secret_read(name: str, *, var_dir: Path) -> str:
    """The environment's value, else the file ensure_secrets wrote, else "" (missing)."""
    value = env_str(name, "")
    if value:
        return value
    try:
        return (var_dir / SECRET_FILES[name]).read_text().strip()
    except FileNotFoundError:
        return ""


def secrets_ensure(*, var_dir: Path) -> list[str]:
    """Creates `var_dir` and every secret file that is neither there nor set in the
    environment, each 0600 from its first byte; tightens older ones. The names of
    the secrets it created."""
    var_dir.mkdir(parents=True, exist_ok=True)
    created = []
    for name, filename in SECRET_FILES.items():
        if env_str(name, ""):
            continue
        path = var_dir / filename
        if private_file_create(path, secrets.token_urlsafe(48)):
            created.append(name)
        else:
            private_file_tighten(path)
    return created
