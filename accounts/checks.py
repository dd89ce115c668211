"""System checks of the accounts app."""
from __future__ import annotations

from django.conf import settings
from django.core import checks

from config.secret_files import SECRET_FILES


@checks.register()
def secrets_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A site without its secrets would sign sessions and hash API keys with
    nothing: every command that checks the project stops and says how to fix it."""
    return [
        checks.Error(f"{name} is not set.", id="config.E001",
                     hint=f"Run `python manage.py ensure_secrets` (`make run` does) to generate it into "
                          f"{settings.VAR_DIR / SECRET_FILES[name]}, or set the {name} environment variable.")
        for name in getattr(settings, "SECRETS_MISSING", [])
    ]
