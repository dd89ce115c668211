from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import Account
from billing.models import LedgerEntry
from generation.limits import USAGE_PURCHASES_LISTED_MAX


# Below this many available credits the dashboard and the Generate page warn and say
# where more come from (README, Using the web app).
LOW_BALANCE_CREDITS = 10

PURCHASE_KINDS = (LedgerEntry.Kind.PURCHASE, LedgerEntry.Kind.SUBSCRIPTION, LedgerEntry.Kind.ADJUSTMENT)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        return (datetime.combine(self.start, time.min, tzinfo=tz),
                datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz))


def default_period(today: date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period(start=today - timedelta(days=29), end=today)


def usage_summary(*, account: Account, period: Period, mode: str | None) -> dict:
    """Credits and images for the period (README, Billing): `consumed` = captured credits,
    `released` = reservations given back, images counted from produced outputs.

    `mode` (accounts.authentication.request_mode) limits jobs and images to that
    mode's; credits move for live jobs only, so a test key's usage moves none.
    None (the Usage page): both modes."""
    from generation.models import Job, JobOutput

    start, end = period.bounds
    entries = LedgerEntry.objects.filter(account=account, created_at__gte=start, created_at__lt=end)
    if mode == Job.Mode.TEST:
        entries = entries.none()
    moved = entries.aggregate(
        consumed=Sum("reserved_delta", filter=Q(kind=LedgerEntry.Kind.CAPTURE)),
        released=Sum("available_delta", filter=Q(kind=LedgerEntry.Kind.RELEASE)),
        purchased=Sum("available_delta", filter=Q(kind__in=PURCHASE_KINDS)),
    )
    jobs = Job.objects.filter(account=account, created_at__gte=start, created_at__lt=end)
    if mode is not None:
        jobs = jobs.filter(mode=mode)
    by_status = dict(jobs.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    outputs = JobOutput.objects.filter(job__in=jobs, status=JobOutput.Status.SUCCEEDED)
    images = outputs.aggregate(live=Count("id", filter=Q(job__mode=Job.Mode.LIVE)),
                               test=Count("id", filter=Q(job__mode=Job.Mode.TEST)))
    credits_by_day = dict(
        entries.filter(kind=LedgerEntry.Kind.CAPTURE).annotate(day=TruncDate("created_at"))
        .values("day").annotate(total=Sum("reserved_delta")).values_list("day", "total")
    )
    images_by_day = dict(
        outputs.annotate(day=TruncDate("job__created_at")).values("day").annotate(n=Count("id"))
        .values_list("day", "n")
    )
    daily = []
    day = period.start
    while day <= period.end:
        daily.append({"date": day.isoformat(), "credits": -(credits_by_day.get(day) or 0),
                      "images": images_by_day.get(day, 0)})
        day += timedelta(days=1)
    return {
        "balance": {"available": account.credits_available, "reserved": account.credits_reserved},
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "consumed": -(moved["consumed"] or 0),
        "released": moved["released"] or 0,
        "imagesProduced": images["live"],
        "testImagesProduced": images["test"],
        "jobs": {status: by_status.get(status, 0) for status in ("completed", "partial", "failed", "canceled")},
        "daily": daily,
        # Credits bought less credits taken back (refunds, disputes), and each movement.
        "purchased": moved["purchased"] or 0,
        "purchases": [purchase_representation(entry) for entry in entries.filter(kind__in=PURCHASE_KINDS)
                      .order_by("-created_at", "-id")[:USAGE_PURCHASES_LISTED_MAX]],
    }


def purchase_representation(entry: LedgerEntry) -> dict:
    return {"date": entry.created_at.isoformat().replace("+00:00", "Z"), "kind": entry.kind,
            "credits": entry.available_delta, "stripeObjectId": entry.stripe_object_id or None,
            "description": entry.reason}


def account_balance_is_low(*, account: Account) -> bool:
    return account.credits_available < LOW_BALANCE_CREDITS


def ledger_for_account(*, account: Account):
    return LedgerEntry.objects.filter(account=account).select_related("job").order_by("-created_at", "-id")


def catalog_for_sale() -> dict[str, list]:
    """The active packs and plans, in page order: {"packs": [...], "plans": [...]}."""
    from billing.models import CatalogItem

    items = list(CatalogItem.objects.filter(active=True))
    return {"packs": [i for i in items if i.kind == CatalogItem.Kind.PACK],
            "plans": [i for i in items if i.kind == CatalogItem.Kind.PLAN]}


def account_plan(*, account: Account):
    """The account's active subscription (with its plan), or None."""
    from billing.models import Subscription

    return (Subscription.objects.select_related("plan").filter(account=account, status=Subscription.Status.ACTIVE)
            .order_by("-created_at", "-id").first())


def billing_customer_id(*, account: Account) -> str:
    from billing.models import BillingCustomer

    return BillingCustomer.objects.filter(account=account).values_list("stripe_customer_id", flat=True).first() or ""


def purchases_for_account(*, account: Account):
    """Credits bought (packs, plan periods) and taken back (refunds, disputes), newest first."""
    return ledger_for_account(account=account).filter(kind__in=PURCHASE_KINDS)


def account_representation(*, account: Account, mode: str) -> dict:
    """GET /api/v1/account (README, Billing)."""
    subscription = account_plan(account=account)
    email = account.users.order_by("id").values_list("email", flat=True).first() or ""
    plan = None
    if subscription is not None:
        # A plan cancelled at the end of its period does not renew: it ends then.
        renews = None if subscription.cancel_at_period_end else subscription.current_period_end
        plan = {"code": subscription.plan.code, "name": subscription.plan.name,
                "creditsPerPeriod": subscription.plan.credits,
                "renewsAt": renews.isoformat().replace("+00:00", "Z") if renews else None}
    return {"accountId": str(account.pk), "email": email, "mode": mode, "plan": plan,
            "balance": {"available": account.credits_available, "reserved": account.credits_reserved}}


@dataclass
class LedgerMovement:
    """One line of the Usage page's ledger: an entry on its own, or the reserve, capture
    and release of one job read together as what the job cost. `change` is what the
    movement did to the available credits; `balance` is the available balance after it
    (movements taken in the order they started)."""

    created_at: datetime
    kind: str
    title: str
    detail: str
    change: int
    reserved: int
    entries: list[LedgerEntry]
    job: object | None = None
    stripe_object_id: str = ""
    balance: int = 0


_JOB_STARTED = LedgerEntry.Kind.RESERVE


def _movement_heads(*, account: Account):
    """The first entry of each movement: every entry without a job, and each job's reserve
    (a job's credits always start with its reservation)."""
    return ledger_for_account(account=account).filter(Q(job__isnull=True) | Q(kind=_JOB_STARTED))


def _movement_for(head: LedgerEntry, followers: list[LedgerEntry]) -> LedgerMovement:
    entries = [head, *followers]
    change = sum(e.available_delta for e in entries)
    reserved = sum(e.reserved_delta for e in entries)
    if head.job_id is None:
        return LedgerMovement(created_at=head.created_at, kind=head.kind, title=head.get_kind_display(),
                              detail=head.reason, change=change, reserved=reserved, entries=entries,
                              stripe_object_id=head.stripe_object_id)
    held = head.reserved_delta
    captured = -sum(e.reserved_delta for e in followers if e.kind == LedgerEntry.Kind.CAPTURE)
    released = sum(e.available_delta for e in followers if e.kind == LedgerEntry.Kind.RELEASE)
    if reserved:
        title, detail = "Reserved for a running job", f"{_credits(held)} held until the job ends"
    elif captured:
        title = "Spent on a job"
        detail = f"{_credits(captured)} for the images made" + (f", {released} returned" if released else "")
    else:
        title, detail = "Job refunded", f"{_credits(held)} reserved, all returned"
    return LedgerMovement(created_at=head.created_at, kind="job", title=title, detail=detail, change=change,
                          reserved=reserved, entries=entries, job=head.job)


def _credits(n: int) -> str:
    return f"{n} credit{'' if n == 1 else 's'}"


def ledger_movements_page(*, account: Account, page_number, per_page: int):
    """A page of the account's ledger as movements, newest first, each with the balance
    after it. Three queries whatever the page: its heads, their jobs' other entries,
    and the sum of everything newer than the page (for the running balance)."""
    from django.core.paginator import Paginator

    page = Paginator(_movement_heads(account=account), per_page).get_page(page_number)
    heads = list(page.object_list)
    job_ids = [h.job_id for h in heads if h.job_id is not None]
    followers: dict = {}
    if job_ids:
        for entry in (LedgerEntry.objects.filter(job_id__in=job_ids).exclude(kind=_JOB_STARTED)
                      .order_by("created_at", "id")):
            followers.setdefault(entry.job_id, []).append(entry)
    movements = [_movement_for(h, followers.get(h.job_id, []) if h.job_id else []) for h in heads]
    if movements:
        top = heads[0]
        newer = Q(created_at__gt=top.created_at) | Q(created_at=top.created_at, id__gt=top.id)
        newer_jobs = LedgerEntry.objects.filter(account=account, kind=_JOB_STARTED).filter(newer).values("job_id")
        above = (LedgerEntry.objects.filter(account=account)
                 .filter((Q(job__isnull=True) & newer) | Q(job_id__in=newer_jobs))
                 .aggregate(total=Sum("available_delta"))["total"] or 0)
        balance = account.credits_available - above
        for movement in movements:
            movement.balance = balance
            balance -= movement.change
    page.object_list = movements
    return page
