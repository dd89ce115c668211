from __future__ import annotations

import secrets
import uuid

from django.db import models
from django.db.models import Q

from accounts.models import Mode
from config.unicode import SurrogateSafeJSONDecoder


def _token() -> str:
    return secrets.token_urlsafe(24)


class Job(models.Model):
    """One request for images. The row is the source of truth for the pipeline: a
    worker claims it by compare-and-set (status + lease), renders its outputs one by
    one, and finishes it with an update fenced by its lease token."""

    class Type(models.TextChoices):
        CREATIVE = "creative", "Ad creative"
        PHOTOSHOOT = "photoshoot", "Product photoshoot"
        PLAYER_CARD = "player_card", "Player card"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        PROCESSING = "processing", "Processing"
        COMPLETED = "completed", "Completed"
        PARTIAL = "partial", "Partial"
        FAILED = "failed", "Failed"
        CANCELED = "canceled", "Canceled"

    TERMINAL_STATUSES = (Status.COMPLETED, Status.PARTIAL, Status.FAILED, Status.CANCELED)
    ACTIVE_STATUSES = (Status.QUEUED, Status.PROCESSING)

    Mode = Mode  # the API key's mode, which the job takes

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No single-column indexes where a composite index below starts with the column
    # (account; status): every index is one more B-tree page written per accepted job.
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="jobs",
                                db_index=False)
    # Unindexed too: only deleting a key (an admin action; keys are revoked, not
    # deleted) looks jobs up by key, and it may scan.
    api_key = models.ForeignKey("accounts.ApiKey", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="jobs", db_index=False)
    type = models.CharField(max_length=16, choices=Type.choices)
    mode = models.CharField(max_length=4, choices=Mode.choices, default=Mode.LIVE)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    # Decoded without lone surrogates: what the API sends back must encode as UTF-8.
    request = models.JSONField(help_text="The validated input, as the API echoes it back.",
                               decoder=SurrogateSafeJSONDecoder)
    metadata = models.JSONField(default=dict, blank=True, decoder=SurrogateSafeJSONDecoder)
    webhook_url = models.URLField(max_length=2000, blank=True)
    # The job's images live under outputs/<files_token>/: unguessable URLs, and one
    # folder to sweep for files a killed worker wrote but never recorded.
    files_token = models.CharField(max_length=40, default=_token, editable=False)

    requested = models.PositiveIntegerField()
    produced = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    credits_reserved = models.PositiveIntegerField(default=0)
    credits_consumed = models.PositiveIntegerField(default=0)

    # Lease: who may work on the job and until when. `lease_token` fences every write
    # a worker makes, so a worker that lost its lease cannot overwrite the new owner.
    attempts = models.PositiveIntegerField(default=0)
    lease_token = models.UUIDField(null=True, blank=True)
    # Unindexed: the reaper finds expired leases through (status, queued_at), among the
    # few jobs that are processing.
    lease_expires_at = models.DateTimeField(null=True, blank=True)

    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.CharField(max_length=500, blank=True)

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["account", "-created_at"]), models.Index(fields=["status", "queued_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(produced__lte=models.F("requested")), name="job_produced_le_requested"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.id} ({self.status})"

    @property
    def is_terminal(self) -> bool:
        return self.status in self.TERMINAL_STATUSES

    @property
    def is_test(self) -> bool:
        return self.mode == self.Mode.TEST


class JobOutput(models.Model):
    """One image of a job, created `pending` with the job so a re-run after a crash
    renders only what is missing and can never produce an output twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    # Indexed by the unique (job, index) constraint alone.
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="outputs", db_index=False)
    index = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=16)
    variant = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(max_length=300, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    byte_size = models.PositiveIntegerField(null=True, blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.CharField(max_length=500, blank=True)
    render_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["job", "index"]
        constraints = [models.UniqueConstraint(fields=["job", "index"], name="output_unique_index_per_job")]

    def __str__(self) -> str:
        return f"{self.job_id}#{self.index} {self.format} ({self.status})"


class IdempotencyRecord(models.Model):
    """The first answer to an Idempotency-Key, replayed for retries (README, What to expect: Idempotency)."""

    # Indexed by the unique (account, mode, key) constraint.
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="idempotency_records",
                                db_index=False)
    # The mode of the key that sent the request: a test key's records never answer a
    # live key, nor the other way round (README, What to expect: Test keys).
    mode = models.CharField(max_length=4, choices=Mode.choices, default=Mode.LIVE)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField(decoder=SurrogateSafeJSONDecoder)
    job = models.ForeignKey(Job, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            # Concurrent duplicates: the second insert waits for the first to commit,
            # then fails here and replays the first answer — exactly one job.
            models.UniqueConstraint(fields=["account", "mode", "key"], name="idempotency_key_unique_per_account_mode"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.response_status}"


class Preset(models.Model):
    """A scene style from the catalog (editable in admin). `base_style` names the
    engine's procedural renderer; the id is what API clients send."""

    id = models.SlugField(primary_key=True, max_length=64)
    name = models.CharField(max_length=100)
    prompt_text = models.CharField(max_length=300)
    categories = models.JSONField(default=list)
    tags = models.JSONField(default=list)
    base_style = models.CharField(max_length=64)
    preview = models.ImageField(upload_to="presets/", blank=True)
    is_old_preset = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Asset(models.Model):
    """An uploaded image (product photo, logo), validated and re-encoded as PNG, or
    the cut-out the engine made of one (a PNG with an alpha channel)."""

    class Kind(models.TextChoices):
        UPLOAD = "upload", "Upload"
        CUTOUT = "cutout", "Cut-out"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.UPLOAD)
    # A cut-out points to the photo it was made from, so a photo is cut out once.
    source = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="cutouts")
    file = models.FileField(max_length=300)
    # A copy no larger than ASSET_WORKING_MAX_SIDE on its longest side (the same file
    # as `file` when the upload is that small): what a logo is drawn from, so a job
    # never decodes or scales the full upload once per image. Empty on assets stored
    # before working copies existed.
    working_file = models.FileField(max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    byte_size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name or self.id}"


class BrandKit(models.Model):
    """The account's default brand (Settings → Brand): colours and a logo that the
    Generate page preselects and API requests use with `brand: "default"`. A job
    copies the kit's values when it is accepted, so editing the kit never changes a
    job already made."""

    account = models.OneToOneField("accounts.Account", on_delete=models.CASCADE, primary_key=True,
                                   related_name="brand_kit")
    primary_color = models.CharField(max_length=7, blank=True)  # "#RRGGBB" or empty
    secondary_color = models.CharField(max_length=7, blank=True)
    # SET_NULL: the logo asset may be deleted; the kit keeps its colours.
    logo = models.ForeignKey(Asset, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"brand kit of {self.account_id}"

    @property
    def is_empty(self) -> bool:
        return not (self.primary_color or self.secondary_color or self.logo_id)


class WorkerHeartbeat(models.Model):
    """When the task cluster last did work: one row for every host (a stalled
    queue is one fact for the whole system). Each worker process writes it at
    most every few seconds; the web (`/healthz`) and the supervisor read it."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    beat_at = models.DateTimeField()  # the latest of the three below
    last_job_at = models.DateTimeField(null=True, blank=True)  # a job claimed, advanced or ended
    last_reap_at = models.DateTimeField(null=True, blank=True)  # the reaper task ran
    last_ping_at = models.DateTimeField(null=True, blank=True)  # the supervisor's probe task ran

    def __str__(self) -> str:
        return f"worker heartbeat at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class AccountWorkload(models.Model):
    """An account's work in the pipeline: how many of its jobs and images are queued
    or processing (the cap on active work checks and moves these with a conditional
    UPDATE, as the ledger does with credits), and when a worker last took one of its
    jobs (fair dequeue serves the account that waited longest)."""

    account = models.OneToOneField("accounts.Account", on_delete=models.CASCADE, primary_key=True,
                                   related_name="workload")
    active_jobs = models.PositiveIntegerField(default=0)
    active_images = models.PositiveIntegerField(default=0)
    last_claimed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.account_id}: {self.active_jobs} jobs, {self.active_images} images active"

