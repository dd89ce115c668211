from django.conf import settings
from django.core.management.base import BaseCommand

from config.secret_files import secrets_ensure


class Command(BaseCommand):
    help = ("Generates SECRET_KEY and API_KEY_PEPPER into VAR_DIR (mode 0600) unless the environment "
            "sets them or they exist already, and creates the folders the embedded default keeps there.")
    # It fixes what the secrets check reports, so that check must not stop it.
    requires_system_checks: list[str] = []

    def handle(self, *args, **options):
        created = secrets_ensure(var_dir=settings.VAR_DIR)
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
        if created:
            self.stdout.write(f"Generated {', '.join(created)} in {settings.VAR_DIR}.")
