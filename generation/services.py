"""The job pipeline: accept (validate, idempotency, reserve, enqueue), run (claim,
render output by output, finish), cancel, and reap abandoned work."""
from __future__ import annotations

import functools
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.authentication import api_key_mode
from accounts.models import Account, ApiKey
from billing.services import credits_capture, credits_release, credits_reservation, credits_reserve
from config.problems import Conflict
from fastpath.broker import task_message
from fastpath.statements import prepare_insert
from generation.engine import RenderError
from generation.idempotency import IdempotencyKeyReused
from generation.limits import IDEMPOTENCY_RETENTION_HOURS
from generation.models import IdempotencyRecord, Job, JobOutput
from generation.renderers import OutputPlan, renderer_for
from generation.representations import job_accepted_body
from generation.services_heartbeat import worker_heartbeat_beat
from generation.worker_drain import worker_draining
from generation.services_queue import (
    job_claimable_q,
    job_next_id,
    job_ranked_behind,
    job_served,
    workload_recount,
    workload_release,
    workload_take,
)
from webhooks.services import webhook_url_validate

logger = logging.getLogger(__name__)


class JobNotCancelable(Conflict):
    code, title = "job_not_cancelable", "Job not cancelable"


@dataclass(frozen=True)
class Accepted:
    """What a create request answers: the status and body, fresh or replayed."""

    status_code: int
    body: dict
    job_id: str | None
    replayed: bool


def _replay(record: IdempotencyRecord, fingerprint: str) -> Accepted:
    if record.fingerprint != fingerprint:
        raise IdempotencyKeyReused(
            "This Idempotency-Key was used with a different request body; use a new key for a new request."
        )
    return Accepted(record.response_status, record.response_body, str(record.job_id) if record.job_id else None,
                    replayed=True)


def job_create(
    *,
    account: Account,
    api_key: ApiKey | None,
    job_type: str,
    request: dict,
    metadata: dict | None = None,
    webhook_url: str = "",
    idempotency_key: str | None = None,
    fingerprint: str = "",
    accepted_body: Callable[[Job], dict] = job_accepted_body,
    webhook_url_field: str = "webhookUrl",
) -> Accepted:
    """Accepts a job: checks its business rules and the account's cap on active work
    (429 `too_many_active_jobs`), reserves one credit per image (test keys reserve
    nothing), and enqueues it once the transaction has committed. Idempotency keys
    are the account's per mode: a test key never replays a live answer.
    `accepted_body` shapes the 202 answer (stored for replays) and
    `webhook_url_field` names the field a refused webhook URL is reported on: the
    jobs API's by default, the player-card API's for its own endpoint."""
    mode = api_key_mode(api_key)
    if idempotency_key:
        record = IdempotencyRecord.objects.filter(account=account, mode=mode, key=idempotency_key).first()
        if record is not None:
            return _replay(record, fingerprint)

    if webhook_url:
        webhook_url_validate(url=webhook_url, field=webhook_url_field)
    renderer = renderer_for(job_type)
    resolve = getattr(renderer, "resolve", None)  # account defaults the request names (renderers.py)
    if resolve is not None:
        request = resolve(account=account, request=request)
    plan: list[OutputPlan] = renderer.plan(account=account, request=request)

    # Everything that needs no lock is built before the write transaction: SQLite
    # has one writer at a time, so each statement inside it is paid by every request.
    job = Job(
        account=account, api_key=api_key, type=job_type, mode=mode, request=request,
        metadata=metadata or {}, webhook_url=webhook_url or "", requested=len(plan),
        credits_reserved=0 if mode == Job.Mode.TEST else len(plan),
    )
    outputs = [JobOutput(job=job, index=index, format=item.format, variant=item.variant)
               for index, item in enumerate(plan)]
    job_insert, outputs_insert = prepare_insert([job]), prepare_insert(outputs)
    reservation = credits_reservation(account=account, job=job, amount=len(plan)) if mode == Job.Mode.LIVE else None
    body = accepted_body(job)
    message = _job_message(job_id=job.pk)
    queue_row = _queue_row(message)
    record_insert = prepare_insert([IdempotencyRecord(
        account=account, mode=mode, key=idempotency_key, fingerprint=fingerprint, response_status=202,
        response_body=body, job=job,
    )]) if idempotency_key else None
    try:
        with transaction.atomic():
            if record_insert is not None:
                # Inserted first, so a concurrent duplicate blocks here (on the unique
                # index) before it reserves anything, then replays this answer. (The
                # job it points to follows in this transaction: foreign keys are
                # checked at commit.)
                record_insert.execute()
            job_insert.execute()
            outputs_insert.execute()
            if reservation is not None:
                credits_reserve(reservation)
            workload_take(account_id=account.pk, images=len(plan))
            job_enqueue_on_commit(job_id=job.pk, message=message, queue_row=queue_row)
    except IntegrityError:
        if not idempotency_key:
            raise
        record = IdempotencyRecord.objects.filter(account=account, mode=mode, key=idempotency_key).first()
        if record is None:
            raise
        return _replay(record, fingerprint)
    return Accepted(202, body, str(job.pk), replayed=False)


@functools.cache
def _broker():
    # One broker per process: building it per call re-reads the configuration and,
    # for the ORM broker, recycles the database connection on every enqueue.
    from django_q.brokers import get_broker

    return get_broker()


def _job_message(*, job_id) -> bytes:
    """The signed queue message that runs the job, built before the write transaction."""
    return task_message("generation.tasks.job_run_task", str(job_id), task_name=f"job {job_id}", group="jobs")


def _queue_row(message: bytes):
    """The ORM broker's queue row for `message`, converted before the transaction
    (None for other brokers, which send after the commit)."""
    prepare = getattr(_broker(), "prepare_enqueue", None)
    return prepare(message) if prepare is not None else None


def _job_message_send(*, job_id, message: bytes, queue_row=None) -> None:
    """Losing this message loses nothing: the reaper re-enqueues queued jobs that
    nobody picked up."""
    try:
        if queue_row is not None:
            queue_row.execute()
        else:
            _broker().enqueue(message)
    except Exception:  # the broker is down; the reaper will retry
        logger.exception("Could not enqueue job %s; the reaper will pick it up", job_id)


def job_enqueue_on_commit(*, job_id, message: bytes | None = None, queue_row=None) -> None:
    """Enqueues the job when the current transaction commits — never before, so a
    worker cannot look for a job that is not there yet, nor run one that rolled back.

    With the ORM broker on the same database the queue row is written inside the
    transaction instead (a transactional outbox): it becomes visible at the same
    commit, with the same guarantee, and without a second write transaction."""
    message = message or _job_message(job_id=job_id)
    connection = transaction.get_connection()
    if settings.Q_CLUSTER.get("orm") == connection.alias and connection.in_atomic_block:
        _job_message_send(job_id=job_id, message=message, queue_row=queue_row)
    else:
        transaction.on_commit(lambda: _job_message_send(job_id=job_id, message=message))


def job_enqueue(*, job_id) -> None:
    """Hands the job to the queue now."""
    _job_message_send(job_id=job_id, message=_job_message(job_id=job_id))


def _lease_until():
    return timezone.now() + timedelta(seconds=settings.JOB_LEASE_SECONDS)


def job_claim(*, job_id) -> tuple[Job, uuid.UUID] | None:
    """Takes the job for this worker by compare-and-set: a queued job, or a processing
    one whose lease ran out. None when someone else has it, or it is finished."""
    token = uuid.uuid4()
    now = timezone.now()
    updated = (
        Job.objects.filter(job_claimable_q(now), pk=job_id, attempts__lt=settings.JOB_MAX_ATTEMPTS)
        .update(status=Job.Status.PROCESSING, lease_token=token, lease_expires_at=_lease_until(),
                attempts=F("attempts") + 1, started_at=Coalesce(F("started_at"), Value(now)))
    )
    if not updated:
        return None
    return Job.objects.select_related("account").get(pk=job_id), token


def _fenced(job: Job, token: uuid.UUID):
    """The job's row, but only while this worker still holds its lease."""
    return Job.objects.filter(pk=job.pk, status=Job.Status.PROCESSING, lease_token=token)


class LeaseLost(Exception):
    """Another worker (or a cancel) took the job; stop without writing."""


def job_files_dir(job: Job) -> str:
    return f"outputs/{job.files_token}"


def _job_remove_unrecorded_files(job: Job) -> None:
    """Deletes files in the job's folder that no output records: what a worker wrote
    just before it was killed (each attempt names its files after its lease token,
    so a live attempt's files are never touched by another)."""
    recorded = {name.rsplit("/", 1)[-1] for name in job.outputs.exclude(file="").values_list("file", flat=True)}
    try:
        _, files = default_storage.listdir(job_files_dir(job))
    except OSError:  # no folder yet: nothing to sweep
        return
    for name in files:
        if name not in recorded:
            default_storage.delete(f"{job_files_dir(job)}/{name}")


def _output_store_result(job: Job, token: uuid.UUID, output: JobOutput, *, rendered=None,
                         error: RenderError | None = None, render_ms: int = 0) -> None:
    """Records one output and the job's progress in one fenced transaction. The
    file is written first; if the lease is gone, the file is removed again."""
    name = ""
    if rendered is not None:
        name = default_storage.save(
            f"{job_files_dir(job)}/{output.index}-{token.hex[:8]}.{rendered.extension}", ContentFile(rendered.data)
        )
    with transaction.atomic():
        progress = {"produced": F("produced") + 1} if rendered is not None else {"failed": F("failed") + 1}
        if not _fenced(job, token).update(lease_expires_at=_lease_until(), **progress):
            # Deleted now, not on commit: raising rolls this transaction back, and a
            # rolled-back transaction runs no on_commit callbacks. The file is this
            # attempt's own (its token is in the name) and nothing records it.
            if name:
                default_storage.delete(name)
            raise LeaseLost()
        if rendered is not None:
            JobOutput.objects.filter(pk=output.pk, status=JobOutput.Status.PENDING).update(
                status=JobOutput.Status.SUCCEEDED, file=name, width=rendered.width, height=rendered.height,
                content_type=rendered.content_type, byte_size=len(rendered.data), render_ms=render_ms,
            )
        else:
            assert error is not None  # an output either rendered or failed with an error
            JobOutput.objects.filter(pk=output.pk, status=JobOutput.Status.PENDING).update(
                status=JobOutput.Status.FAILED, error_code=error.code[:64], error_message=error.message[:500],
                render_ms=render_ms,
            )


def job_claim_next() -> tuple[Job, uuid.UUID] | None:
    """Claims the job that should run next in fair order (`services_queue`), or None
    when nothing waits. Workers that pick the same job race on `job_claim`'s
    compare-and-set; the loser ranks again (the winner's job now counts as
    processing), so this needs no row locks and works alike on SQLite and PostgreSQL."""
    for _ in range(_CLAIM_NEXT_TRIES):
        now = timezone.now()
        job_id = job_next_id(now=now)
        if job_id is None:
            return None
        with transaction.atomic():
            claimed = job_claim(job_id=job_id)
            if claimed is not None:
                job_served(account_id=claimed[0].account_id, now=now)
                return claimed
    return None


_CLAIM_NEXT_TRIES = 10


def job_run(*, job_id) -> Job | None:
    """Runs this job to its end. Safe to call twice, from any number of workers: only
    the holder of the lease writes, and only pending outputs are rendered."""
    claimed = job_claim(job_id=job_id)
    if claimed is None:
        return None
    return _job_work(*claimed, claimed_at=None)


def job_run_next() -> Job | None:
    """Runs the job that should run next in fair order (what every queue message
    does: the message only wakes the worker). The job gives the worker back between
    two images when a job that ranks ahead of it arrives (`job_ranked_behind`): it
    goes back to the queue with its images so far, and carries on later."""
    claimed = job_claim_next()
    if claimed is None:
        return None
    return _job_work(*claimed, claimed_at=timezone.now())


def _job_yield(job: Job, token: uuid.UUID) -> bool:
    """Puts the job back in the queue, fenced by its lease. Giving way is not a failed
    attempt, so the attempt the claim counted is given back."""
    with transaction.atomic():
        if not _fenced(job, token).update(status=Job.Status.QUEUED, lease_token=None, lease_expires_at=None,
                                          queued_at=timezone.now(), attempts=F("attempts") - 1):
            return False
        job_enqueue_on_commit(job_id=job.pk)
    return True


def _job_work(job: Job, token: uuid.UUID, *, claimed_at) -> Job | None:
    """Renders the claimed job's pending outputs and finishes it. With `claimed_at`
    (fair dequeue) it may give way between two outputs; without, it runs to the end."""
    renderer = renderer_for(job.type)
    try:
        context = renderer.prepare(job=job)
        pending = list(job.outputs.filter(status=JobOutput.Status.PENDING).order_by("index"))
        for position, output in enumerate(pending):
            if worker_draining() and _job_yield(job, token):
                # The worker process is stopping (a release rolls out): another
                # worker carries on from this image (generation/worker_drain.py).
                logger.info("Job %s: handed back after %d images, the worker is stopping", job.pk, position)
                return None
            if (position and claimed_at is not None and job_ranked_behind(job=job, claimed_at=claimed_at,
                                                                          now=timezone.now())
                    and _job_yield(job, token)):
                logger.info("Job %s: gave way to a job that ranks ahead after %d images", job.pk, position)
                return None
            started = time.perf_counter()
            try:
                rendered = renderer.render(job=job, output=output, context=context)
            except RenderError as error:
                if error.retryable:
                    raise
                _output_store_result(job, token, output, error=error,
                                     render_ms=int((time.perf_counter() - started) * 1000))
                continue
            _output_store_result(job, token, output, rendered=rendered,
                                 render_ms=int((time.perf_counter() - started) * 1000))
            worker_heartbeat_beat(kind="job")  # a long job shows progress, not silence
    except LeaseLost:
        logger.info("Job %s: lease lost (canceled or re-claimed); stopping", job.pk)
        return None
    except RenderError as error:
        if not error.retryable:
            # What every output needs is missing for good (the product photo holds no
            # product, an asset was deleted): another attempt cannot help.
            logger.info("Job %s: %s", job.pk, error)
            return job_finish(job=job, token=token, pending_code=error.code, pending_message=error.message)
        logger.warning("Job %s: retryable render error: %s", job.pk, error)
        return _job_retry_or_fail(job=job, token=token, code=error.code, message=error.message)
    except Exception as error:  # a bug or an outage: the job must still end correctly
        logger.exception("Job %s: unexpected error", job.pk)
        return _job_retry_or_fail(job=job, token=token, code="internal_error",
                                  message=f"Rendering failed unexpectedly ({type(error).__name__}).")
    return job_finish(job=job, token=token)


def _job_retry_or_fail(*, job: Job, token: uuid.UUID, code: str, message: str) -> Job | None:
    """Gives the job back to the queue while attempts remain, else ends it."""
    job.refresh_from_db(fields=["attempts"])
    if job.attempts < settings.JOB_MAX_ATTEMPTS:
        if _fenced(job, token).update(status=Job.Status.QUEUED, lease_token=None, lease_expires_at=None,
                                      queued_at=timezone.now()):
            job_enqueue_on_commit(job_id=job.pk)
        return None
    return job_finish(job=job, token=token, pending_code=code, pending_message=message)


def job_finish(*, job: Job, token: uuid.UUID, pending_code: str = "", pending_message: str = "") -> Job | None:
    """Ends the job, fenced by the lease `token`: pending outputs fail with
    `pending_code`, produced credits are captured and the rest released, and the
    terminal event goes out after commit. None if the lease was lost."""
    now = timezone.now()
    with transaction.atomic():
        rows = _fenced(job, token)
        if pending_code:
            if not rows.update(lease_expires_at=_lease_until()):
                return None
            job.outputs.filter(status=JobOutput.Status.PENDING).update(
                status=JobOutput.Status.FAILED, error_code=pending_code[:64], error_message=pending_message[:500]
            )
        produced = job.outputs.filter(status=JobOutput.Status.SUCCEEDED).count()
        failed = job.outputs.filter(status=JobOutput.Status.FAILED).count()
        if failed == 0:
            status, timestamps = Job.Status.COMPLETED, {"completed_at": now}
        elif produced:
            status, timestamps = Job.Status.PARTIAL, {"completed_at": now}
        else:
            status, timestamps = Job.Status.FAILED, {"failed_at": now}
        error = {}
        if status == Job.Status.FAILED:
            first_failure = job.outputs.filter(status=JobOutput.Status.FAILED).order_by("index").first()
            error = {"error_code": first_failure.error_code if first_failure else pending_code,
                     "error_message": first_failure.error_message if first_failure else pending_message}
        consumed = 0 if job.is_test else produced
        if not rows.update(status=status, produced=produced, failed=failed, credits_consumed=consumed,
                           lease_token=None, lease_expires_at=None, **timestamps, **error):
            return None
        if job.attempts > 1:
            # Before the commit that shows the job ended, so a finished job has no
            # stray file; after the fenced update, so no new attempt can be writing.
            _job_remove_unrecorded_files(job)
        _settle_credits(job=job, consumed=consumed)
        # After the balance, as job_create takes them: two transactions never hold
        # the account's balance and its workload row in opposite orders.
        workload_release(account_id=job.account_id, images=job.requested)
        transaction.on_commit(lambda: job_terminal_event(job_id=job.pk))
    job.refresh_from_db()
    return job


def _settle_credits(*, job: Job, consumed: int) -> None:
    if job.is_test or job.credits_reserved == 0:
        return
    credits_capture(job=job, amount=consumed)
    credits_release(job=job, amount=job.credits_reserved - consumed)


def job_cancel(*, job: Job) -> Job:
    """Cancels a queued or processing job: what it produced so far is charged, the
    rest of its reservation released. A worker still rendering loses its lease."""
    now = timezone.now()
    with transaction.atomic():
        canceled = Job.objects.filter(pk=job.pk, status__in=Job.ACTIVE_STATUSES).update(
            status=Job.Status.CANCELED, canceled_at=now, lease_token=None, lease_expires_at=None
        )
        if not canceled:
            job.refresh_from_db(fields=["status"])
            raise JobNotCancelable(f"The job is already {job.status}; only queued or processing jobs can be canceled.")
        produced = job.outputs.filter(status=JobOutput.Status.SUCCEEDED).count()
        failed = job.outputs.filter(status=JobOutput.Status.FAILED).count()
        consumed = 0 if job.is_test else produced
        Job.objects.filter(pk=job.pk).update(produced=produced, failed=failed, credits_consumed=consumed)
        _settle_credits(job=job, consumed=consumed)
        workload_release(account_id=job.account_id, images=job.requested)
        transaction.on_commit(lambda: job_terminal_event(job_id=job.pk))
    job.refresh_from_db()
    return job


def job_terminal_event(*, job_id) -> None:
    """Tells the account's webhook receivers that the job ended."""
    from generation.events import job_event_dispatch

    job_event_dispatch(job_id=job_id)


@dataclass(frozen=True)
class ReapReport:
    requeued: int
    failed: int
    reenqueued: int
    recounted: int = 0


def job_reap(*, queued_before=None) -> ReapReport:
    """Runs every minute: processing jobs whose lease expired go back to the queue (or
    end, with their credits settled, once out of attempts); queued jobs nobody
    picked up are enqueued again (the claim is compare-and-set, so a duplicate
    message is harmless): those queued before `queued_before`, by default
    JOB_QUEUED_STALE_SECONDS ago (the supervisor passes the moment it restarted a
    cluster, whose pulled-but-unrun messages died with it); counts of active work
    that drifted are corrected."""
    now = timezone.now()
    requeued = failed = reenqueued = 0
    expired = Job.objects.filter(status=Job.Status.PROCESSING, lease_expires_at__lt=now)
    for job in expired.only("id", "attempts", "account_id", "mode", "credits_reserved", "requested"):
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            # Take the expired lease over (compare-and-set) so that only one reaper,
            # and no late worker, ends the job.
            token = uuid.uuid4()
            if Job.objects.filter(pk=job.pk, status=Job.Status.PROCESSING, lease_expires_at__lt=now).update(
                lease_token=token, lease_expires_at=_lease_until()
            ) and job_finish(job=job, token=token, pending_code="worker_lost",
                             pending_message="The worker rendering this image stopped and no attempts are left."):
                failed += 1
            continue
        if Job.objects.filter(pk=job.pk, status=Job.Status.PROCESSING, lease_expires_at__lt=now).update(
            status=Job.Status.QUEUED, lease_token=None, lease_expires_at=None, queued_at=now
        ):
            requeued += 1
            job_enqueue(job_id=job.pk)
    stale_before = queued_before or now - timedelta(seconds=settings.JOB_QUEUED_STALE_SECONDS)
    for job_id in Job.objects.filter(status=Job.Status.QUEUED, queued_at__lt=stale_before).values_list("id", flat=True):
        if Job.objects.filter(pk=job_id, status=Job.Status.QUEUED, queued_at__lt=stale_before).update(queued_at=now):
            reenqueued += 1
            job_enqueue(job_id=job_id)
    IdempotencyRecord.objects.filter(
        created_at__lt=now - timedelta(hours=IDEMPOTENCY_RETENTION_HOURS)
    ).delete()
    return ReapReport(requeued=requeued, failed=failed, reenqueued=reenqueued, recounted=workload_recount())


class JobNotRerunnable(Conflict):
    code, title = "job_not_rerunnable", "Job not re-runnable"


def job_rerun(*, job: Job) -> Accepted:
    """A new job for the outputs a failed or partial job could not produce (it
    reserves credits like any new job)."""
    if job.status not in (Job.Status.FAILED, Job.Status.PARTIAL):
        raise JobNotRerunnable(f"Only failed or partial jobs can be re-run; this one is {job.status}.")
    failed_formats = list(job.outputs.filter(status=JobOutput.Status.FAILED).order_by("index")
                          .values_list("format", flat=True))
    request = {**job.request, "formats": failed_formats, "count": len(failed_formats)}
    return job_create(account=job.account, api_key=job.api_key, job_type=job.type, request=request,
                      metadata={**job.metadata, "rerunOf": str(job.pk)}, webhook_url=job.webhook_url)
