"""The credit ledger: the only code that changes an account's balance. Every change is
one append-only LedgerEntry plus a conditional UPDATE of the cached balance, in one
transaction."""
from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum

from accounts.models import Account
from billing.models import LedgerEntry
from fastpath.statements import PreparedInsert, insert_rows, prepare_insert
from config.problems import DomainError, ValidationFailed


class InsufficientCredits(DomainError):
    status, code, title = 402, "insufficient_credits", "Insufficient credits"


def _append(*, account: Account, kind: str, available_delta: int, reserved_delta: int,
            job=None, reason: str = "", stripe_object_id: str = "", reverses: LedgerEntry | None = None) -> LedgerEntry:
    entry = LedgerEntry(account=account, kind=kind, available_delta=available_delta,
                        reserved_delta=reserved_delta, job=job, reason=reason[:200],
                        stripe_object_id=stripe_object_id, reverses=reverses)
    # A plain INSERT without save()'s signals and bookkeeping: the ledger is
    # append-only, entries are never saved twice.
    insert_rows([entry])
    return entry


def credits_grant(*, account: Account, amount: int, reason: str = "",
                  kind: str = LedgerEntry.Kind.GRANT, stripe_object_id: str = "") -> LedgerEntry:
    """Adds credits (grant, purchase, subscription, or a positive adjustment)."""
    if amount <= 0:
        raise ValidationFailed("A grant must be a positive number of credits.", errors={"amount": ["Must be > 0."]})
    with transaction.atomic():
        Account.objects.filter(pk=account.pk).update(credits_available=F("credits_available") + amount)
        return _append(account=account, kind=kind, available_delta=amount, reserved_delta=0, reason=reason,
                       stripe_object_id=stripe_object_id)


def credits_grant_for_stripe_object(*, account: Account, amount: int, kind: str, stripe_object_id: str,
                                    reason: str = "") -> LedgerEntry | None:
    """A purchase or subscription grant for one Stripe object (a pack's Checkout
    Session, a plan's invoice), or None if that object granted already. The unique
    (stripe_object_id, kind) constraint decides, also between concurrent requests."""
    if kind not in (LedgerEntry.Kind.PURCHASE, LedgerEntry.Kind.SUBSCRIPTION) or not stripe_object_id:
        raise ValueError("A Stripe grant is a purchase or subscription with its Stripe object id.")
    try:
        with transaction.atomic():
            return credits_grant(account=account, amount=amount, reason=reason, kind=kind,
                                 stripe_object_id=stripe_object_id)
    except IntegrityError:
        return None


def credits_unspent_of_grant(*, grant: LedgerEntry) -> int:
    """How much of a grant has not been taken back yet (by refunds, disputes, operators)."""
    taken = grant.reversals.aggregate(total=Sum("available_delta"))["total"] or 0
    return max(grant.available_delta + taken, 0)


def credits_take_back(*, grant: LedgerEntry, amount: int | None = None, reason: str = "",
                      stripe_object_id: str = "") -> LedgerEntry | None:
    """Takes back up to `amount` (default: all) of a purchase or subscription grant that
    is not taken back yet, never more than the account has available: an `adjustment`
    pointing at the grant. None when nothing is left to take."""
    if grant.kind not in (LedgerEntry.Kind.PURCHASE, LedgerEntry.Kind.SUBSCRIPTION, LedgerEntry.Kind.GRANT):
        raise ValidationFailed("Only grants, purchases and subscriptions can be taken back.",
                               errors={"entry": ["Not a grant."]})
    with transaction.atomic():
        # The account row lock serialises take-backs of one account: a refund and a
        # dispute of the same payment arriving together cannot both count the grant
        # as untouched. (SQLite writers are serialised already.)
        account = Account.objects.select_for_update().get(pk=grant.account_id)
        wanted = credits_unspent_of_grant(grant=grant)
        if amount is not None:
            wanted = min(wanted, amount)
        take = min(wanted, account.credits_available)
        if take <= 0:
            return None
        updated = Account.objects.filter(pk=account.pk, credits_available__gte=take).update(
            credits_available=F("credits_available") - take)
        if not updated:  # cannot happen under the lock; the constraint would refuse anyway
            return None
        return _append(account=account, kind=LedgerEntry.Kind.ADJUSTMENT, available_delta=-take, reserved_delta=0,
                       reason=reason, stripe_object_id=stripe_object_id, reverses=grant)


def credits_grant_signup(*, account: Account, amount: int) -> LedgerEntry | None:
    """Sign-up's free credits, once per account: a second call (a second click on the
    verification link, even at the same instant) grants nothing and returns None. The
    partial unique constraint on (account) for this kind is what makes it once."""
    try:
        with transaction.atomic():
            return credits_grant(account=account, amount=amount, reason="Free credits for a verified e-mail address",
                                 kind=LedgerEntry.Kind.SIGNUP_GRANT)
    except IntegrityError:
        return None


_RESERVE_SQL = (
    f"UPDATE {Account._meta.db_table} SET credits_available = credits_available - %s, "
    f"credits_reserved = credits_reserved + %s WHERE id = %s AND credits_available >= %s"
)


@dataclass(frozen=True)
class Reservation:
    """A reservation whose ledger row is built and converted already, so that
    credits_reserve sends only statements inside the write transaction."""

    account: Account
    amount: int
    entry: LedgerEntry
    insert: PreparedInsert


def credits_reservation(*, account: Account, job, amount: int) -> Reservation:
    """A reservation of `amount` (> 0) for `job`, built before the write transaction
    that runs credits_reserve."""
    entry = LedgerEntry(account=account, kind=LedgerEntry.Kind.RESERVE, available_delta=-amount,
                        reserved_delta=amount, job=job)
    return Reservation(account, amount, entry, prepare_insert([entry]))


def credits_reserve(reservation: Reservation) -> LedgerEntry:
    """Moves the reservation's amount from available to reserved for its job, or
    raises 402. The conditional UPDATE is the check: two requests cannot both spend
    the last credit."""
    amount, account_id = reservation.amount, reservation.account.pk
    # No savepoint: a 402 aborts the caller's whole transaction anyway.
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            # The ORM's .update() rebuilds this through the query compiler on every
            # call; it runs on every accepted job, inside the write transaction.
            cursor.execute(_RESERVE_SQL, [amount, amount, account_id, amount])
            updated = cursor.rowcount
        if not updated:
            available = Account.objects.values_list("credits_available", flat=True).get(pk=account_id)
            raise InsufficientCredits(
                f"This request needs {amount} credit{'s' if amount != 1 else ''}; "
                f"{available} {'is' if available == 1 else 'are'} available."
            )
        reservation.insert.execute()
        return reservation.entry


def _settle(*, account_id: int, job, kind: str, amount: int, available_delta: int) -> LedgerEntry | None:
    if amount <= 0:
        return None
    try:
        with transaction.atomic():
            entry = _append(account=Account(pk=account_id), kind=kind, available_delta=available_delta,
                            reserved_delta=-amount, job=job)
            Account.objects.filter(pk=account_id).update(
                credits_available=F("credits_available") + available_delta,
                credits_reserved=F("credits_reserved") - amount,
            )
            return entry
    except IntegrityError:
        # The unique (job, kind) constraint: this movement already happened.
        return None


def credits_capture(*, job, amount: int) -> LedgerEntry | None:
    """Spends `amount` of the job's reservation (the images it produced)."""
    return _settle(account_id=job.account_id, job=job, kind=LedgerEntry.Kind.CAPTURE, amount=amount,
                   available_delta=0)


def credits_release(*, job, amount: int) -> LedgerEntry | None:
    """Returns `amount` of the job's reservation to the available balance."""
    return _settle(account_id=job.account_id, job=job, kind=LedgerEntry.Kind.RELEASE, amount=amount,
                   available_delta=amount)


@dataclass(frozen=True)
class LedgerMismatch:
    account_id: int
    available: int
    reserved: int
    ledger_available: int
    ledger_reserved: int


def ledger_mismatches() -> list[LedgerMismatch]:
    """Accounts whose cached balance differs from the sum of their ledger."""
    sums = {
        row["account_id"]: row
        for row in LedgerEntry.objects.values("account_id").annotate(
            available=Sum("available_delta"), reserved=Sum("reserved_delta")
        )
    }
    mismatches = []
    for account in Account.objects.only("id", "credits_available", "credits_reserved").iterator():
        row = sums.get(account.id, {"available": 0, "reserved": 0})
        if (row["available"] or 0) != account.credits_available or (row["reserved"] or 0) != account.credits_reserved:
            mismatches.append(LedgerMismatch(account.id, account.credits_available, account.credits_reserved,
                                             row["available"] or 0, row["reserved"] or 0))
    return mismatches
