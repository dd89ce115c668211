import secrets

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.models import User
from accounts.services import account_create
from config.private_files import private_file_create

PASSWORD_FILE = "admin_password"


class Command(BaseCommand):
    help = ("First run only: creates an admin account. Its password is printed once with DEBUG "
            "(development); otherwise it goes to var/admin_password, readable only by its owner.")

    def add_arguments(self, parser):
        parser.add_argument("--email", default="admin@example.com")

    def handle(self, *args, email, **options):
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("Log in with your admin account (reset its password with "
                              "`python manage.py changepassword EMAIL`).")
            return
        password = secrets.token_urlsafe(12)
        account_create(email=email, password=password, is_staff=True, is_superuser=True, name="Admin")
        if settings.DEBUG:
            self.stdout.write(self.style.SUCCESS(f"Admin account created: {email} / {password}  (shown once)"))
            return
        # Not into a terminal's scrollback or a service's log: a file only its owner reads.
        path = settings.VAR_DIR / PASSWORD_FILE
        path.unlink(missing_ok=True)  # left from an earlier database
        private_file_create(path, password + "\n")
        self.stdout.write(self.style.SUCCESS(
            f"Admin account created: {email}; its password is in {path} (mode 0600). "
            "Change it after logging in, then delete the file."))
