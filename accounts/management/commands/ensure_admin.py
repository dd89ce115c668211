import secrets

from django.core.management.base import BaseCommand

from accounts.models import User
from accounts.services import account_create


class Command(BaseCommand):
    help = "First run only: creates an admin account and prints its password once."

    def add_arguments(self, parser):
        parser.add_argument("--email", default="admin@example.com")

    def handle(self, *args, email, **options):
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("Log in with your admin account (reset its password with "
                              "`python manage.py changepassword EMAIL`).")
            return
        password = secrets.token_urlsafe(12)
        account_create(email=email, password=password, is_staff=True, is_superuser=True, name="Admin")
        self.stdout.write(self.style.SUCCESS(f"Admin account created: {email} / {password}  (shown once)"))
