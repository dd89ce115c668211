from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import Account
from billing.models import LedgerEntry


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
    """Credits and images for the period (SPEC §6.5): `consumed` = captured credits,
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
        .values("day").annotate(credits=Sum("reserved_delta")).values_list("day", "credits")
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
    }


def ledger_for_account(*, account: Account):
    return LedgerEntry.objects.filter(account=account).select_related("job").order_by("-created_at", "-id")
