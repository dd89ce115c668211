"""Who may add work and which job runs next: the per-account cap on active work, and
the fair order in which workers take jobs.

Queue messages only wake a worker up; what it runs is decided here, from the job
rows: live jobs before test jobs, then the account with the fewest jobs processing,
then the account whose job a worker took longest ago, then that account's oldest
job. A running job gives its worker back between two images when a newly submitted
job of another account ranks ahead of it (`job_ranked_behind`), so one account's
backlog holds up another account's new job for at most one image per worker."""
from __future__ import annotations

import functools
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import Greatest

from config.problems import DomainError
from generation.models import AccountWorkload, Job

_NEVER = datetime.min.replace(tzinfo=UTC)


class TooManyActiveJobs(DomainError):
    status, code, title = 429, "too_many_active_jobs", "Too many active jobs"


def job_claimable_q(now) -> Q:
    """Jobs a worker may take: queued ones, and processing ones whose lease ran out."""
    return Q(status=Job.Status.QUEUED) | Q(status=Job.Status.PROCESSING, lease_expires_at__lt=now)


# --- The cap on active work -----------------------------------------------------------

@functools.cache
def _take_sql(vendor: str) -> str:
    table = connection.ops.quote_name(AccountWorkload._meta.db_table)
    return (f"UPDATE {table} SET active_jobs = active_jobs + 1, active_images = active_images + %s "
            f"WHERE account_id = %s AND active_jobs + 1 <= %s AND active_images + %s <= %s")


def workload_take(*, account_id: int, images: int) -> None:
    """Counts one more active job of `images` images for the account, or raises 429
    `too_many_active_jobs` (and the caller's transaction, rolled back, creates
    nothing). Call it inside the transaction that creates the job.

    Race-safe like the credit reservation: the conditional UPDATE is the check. On
    SQLite the write transaction holds the database's one write lock (BEGIN
    IMMEDIATE), so no other request runs between the check and the increment. On
    PostgreSQL the UPDATE locks the account's row; a concurrent request waits for
    that lock and then re-evaluates the WHERE clause against the committed counts
    (READ COMMITTED), so two requests can never both take the last place."""
    jobs_max, images_max = settings.ACCOUNT_ACTIVE_JOBS_MAX, settings.ACCOUNT_ACTIVE_IMAGES_MAX
    params = [images, account_id, jobs_max, images, images_max]
    with connection.cursor() as cursor:
        # Raw: it runs inside the write transaction of every accepted job, where the
        # ORM's per-call statement compilation would hold SQLite's write lock longer.
        cursor.execute(_take_sql(connection.vendor), params)
        if cursor.rowcount:
            return
        if not AccountWorkload.objects.filter(pk=account_id).exists():
            # The account's first job: create its row (a concurrent first job may
            # have just done so: the primary key keeps it to one row), then check.
            AccountWorkload.objects.bulk_create([AccountWorkload(account_id=account_id)], ignore_conflicts=True)
            cursor.execute(_take_sql(connection.vendor), params)
            if cursor.rowcount:
                return
    active = AccountWorkload.objects.filter(pk=account_id).values_list("active_jobs", "active_images").first()
    jobs, images_active = active or (0, 0)
    if images > images_max:
        detail = (f"This request has {images} images; an account may have at most {images_max} images queued or "
                  f"processing at once.")
    else:
        detail = (f"Your account has {jobs} jobs ({images_active} images) queued or processing; at most {jobs_max} "
                  f"jobs and {images_max} images may be active at once. Retry when some have finished.")
    raise TooManyActiveJobs(detail, headers={"Retry-After": str(settings.ACCOUNT_ACTIVE_RETRY_AFTER_SECONDS)})


def workload_release(*, account_id: int, images: int) -> None:
    """The job ended (in the caller's transaction, with the update that ended it).
    Never below zero: jobs accepted before the counters existed were counted by the
    migration that added them, and any drift must not block an account for good."""
    AccountWorkload.objects.filter(pk=account_id).update(
        active_jobs=Greatest(F("active_jobs") - 1, 0), active_images=Greatest(F("active_images") - images, 0),
    )


def _active_counts(**filters) -> dict[int, tuple[int, int]]:
    rows = (Job.objects.filter(status__in=Job.ACTIVE_STATUSES, **filters).order_by().values_list("account_id")
            .annotate(jobs=Count("id"), images=Sum("requested")))
    return {account_id: (jobs, images or 0) for account_id, jobs, images in rows}


def workload_recount() -> int:
    """Sets counts that drifted from the job rows (a job deleted while active, say,
    would otherwise hold its place for good); run by the reaper. Returns how many
    accounts were corrected.

    A count is only rewritten under the lock that `workload_take` and
    `workload_release` queue on: SQLite's write lock (the transaction begins
    IMMEDIATE), or on PostgreSQL the row's lock (`select_for_update`) taken before
    counting, so a job accepted or ended meanwhile is either counted by that
    statement or moves the count after it."""
    counted = _active_counts()
    suspects = [account_id for account_id, jobs, images in
                AccountWorkload.objects.filter(Q(active_jobs__gt=0) | Q(active_images__gt=0) | Q(pk__in=list(counted)))
                .values_list("account_id", "active_jobs", "active_images")
                if counted.get(account_id, (0, 0)) != (jobs, images)]
    corrected = 0
    for account_id in suspects:
        with transaction.atomic():
            row = AccountWorkload.objects.select_for_update().filter(pk=account_id).values_list(
                "active_jobs", "active_images").first()
            actual = _active_counts(account_id=account_id).get(account_id, (0, 0))
            if row is not None and row != actual:
                AccountWorkload.objects.filter(pk=account_id).update(active_jobs=actual[0], active_images=actual[1])
                corrected += 1
    return corrected


# --- Fair order ------------------------------------------------------------------------

def _claimable(now):
    return Job.objects.filter(job_claimable_q(now), attempts__lt=settings.JOB_MAX_ATTEMPTS).order_by()


def _busy_by_account(now) -> dict[int, int]:
    """Jobs being rendered now (lease still valid), per account: a handful, one per
    worker at most."""
    rows = (Job.objects.filter(status=Job.Status.PROCESSING, lease_expires_at__gte=now).order_by()
            .values_list("account_id").annotate(n=Count("id")))
    return dict(rows)


def job_next_id(*, now):
    """The id of the job a free worker should take next, or None when none waits."""
    claimable = _claimable(now)
    for mode in (Job.Mode.LIVE, Job.Mode.TEST):  # test work never goes ahead of live work
        oldest = dict(claimable.filter(mode=mode).values_list("account_id").annotate(oldest=Min("created_at")))
        if not oldest:
            continue
        busy = _busy_by_account(now)
        served = dict(AccountWorkload.objects.filter(pk__in=list(oldest)).values_list("account_id", "last_claimed_at"))
        account_id = min(oldest, key=lambda a: (busy.get(a, 0), served.get(a) or _NEVER, oldest[a]))
        # Looked up by (account, created_at): the (account, -created_at) index finds it
        # at once, however long the account's history is.
        return (claimable.filter(mode=mode, account_id=account_id, created_at=oldest[account_id])
                .values_list("id", flat=True).first())
    return None


def job_served(*, account_id: int, now) -> None:
    """A worker took one of the account's jobs: it goes to the back of the line."""
    AccountWorkload.objects.filter(pk=account_id).update(last_claimed_at=now)


def job_ranked_behind(*, job: Job, claimed_at, now) -> bool:
    """Whether a waiting job should have the worker that took `job` at `claimed_at`:
    any live job when `job` is a test job; else a job of the same mode, submitted
    since, by an account with fewer jobs processing than this one's (counting this
    one) — a newcomer gets a worker at the next image instead of after a whole job of
    someone's backlog. Backlogs that were already waiting when the job was taken
    wait for its end and then take turns job by job (`job_next_id`): no switching
    back and forth between two accounts after every image."""
    waiting = _claimable(now).exclude(pk=job.pk)
    if job.mode == Job.Mode.TEST and waiting.filter(mode=Job.Mode.LIVE).exists():
        return True
    busy = _busy_by_account(now)
    mine = max(busy.get(job.account_id, 0), 1)
    crowded = [account_id for account_id, n in busy.items() if n >= mine] + [job.account_id]
    return waiting.filter(mode=job.mode, created_at__gt=claimed_at).exclude(account_id__in=crowded).exists()
