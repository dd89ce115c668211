from django.core.management.base import BaseCommand, CommandError

from accounts.services import account_create
from config.problems import DomainError


class Command(BaseCommand):
    help = "Creates an account with one user. Starting balance: --credits, else FREE_CREDITS."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--password", default=None, help="Without it the user cannot log in until a reset.")
        parser.add_argument("--credits", type=int, default=None, help="Starting balance instead of FREE_CREDITS.")

    def handle(self, *args, email, password, credits, **options):
        try:
            account = account_create(email=email, password=password, credits=credits)
        except DomainError as error:
            raise CommandError(error.detail) from None
        account.refresh_from_db()
        self.stdout.write(f"Created account {account.pk} for {email} with {account.credits_available} credits.")
