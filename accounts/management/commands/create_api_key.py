from django.core.management.base import BaseCommand, CommandError

from accounts.models import ApiKey
from accounts.services import account_for_email, api_key_create
from config.problems import DomainError


class Command(BaseCommand):
    help = "Creates an API key for the account of EMAIL and prints only the key."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="Command line")
        parser.add_argument("--test", action="store_true", help="A test key: free, watermarked images.")

    def handle(self, *args, email, name, test, **options):
        try:
            account = account_for_email(email=email)
            created = api_key_create(account=account, name=name, mode=ApiKey.Mode.TEST if test else ApiKey.Mode.LIVE)
        except DomainError as error:
            raise CommandError(error.detail) from None
        self.stdout.write(created.secret)
