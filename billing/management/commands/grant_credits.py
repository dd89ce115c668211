from django.core.management.base import BaseCommand, CommandError

from accounts.models import Account
from accounts.services import account_for_email
from billing.services import credits_grant
from config.problems import DomainError


class Command(BaseCommand):
    help = "Grants N credits to the account of EMAIL (a ledger entry of kind grant)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("amount", type=int, metavar="N")
        parser.add_argument("--reason", default="Granted by an operator")

    def handle(self, *args, email, amount, reason, **options):
        try:
            account = account_for_email(email=email)
            credits_grant(account=account, amount=amount, reason=reason)
        except DomainError as error:
            raise CommandError(error.detail) from None
        account = Account.objects.get(pk=account.pk)
        self.stdout.write(f"Granted {amount} credits to {email}; available now {account.credits_available}.")
