from django.core.management.base import BaseCommand, CommandError

from accounts.models import Account
from billing.services import ledger_mismatches


class Command(BaseCommand):
    help = "Verifies that every account's balance equals the sum of its ledger; exits 1 otherwise."

    def handle(self, *args, **options):
        mismatches = ledger_mismatches()
        for m in mismatches:
            self.stderr.write(
                f"account {m.account_id}: balance available={m.available} reserved={m.reserved}, "
                f"ledger says available={m.ledger_available} reserved={m.ledger_reserved}"
            )
        if mismatches:
            raise CommandError(f"{len(mismatches)} account(s) out of balance with the ledger.")
        self.stdout.write(f"Ledger OK: {Account.objects.count()} account(s) balance with their ledger.")
