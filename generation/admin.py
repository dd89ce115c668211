from django.contrib import admin, messages

from config.problems import DomainError
from generation.models import Asset, IdempotencyRecord, Job, JobOutput, Preset
from generation.services import job_cancel, job_rerun


class JobOutputInline(admin.TabularInline):
    model = JobOutput
    extra = 0
    can_delete = False
    fields = ("index", "format", "variant", "status", "file", "width", "height", "byte_size", "render_ms",
              "error_code", "error_message")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "type", "status", "mode", "account", "requested", "produced", "failed",
                    "credits_consumed", "attempts", "created_at")
    list_filter = ("status", "type", "mode")
    search_fields = ("id", "account__name")
    date_hierarchy = "created_at"
    inlines = [JobOutputInline]
    readonly_fields = [f.name for f in Job._meta.fields]
    actions = ["cancel_jobs", "rerun_failed_jobs"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Cancel selected jobs (releases unrendered credits)")
    def cancel_jobs(self, request, queryset):
        done = 0
        for job in queryset:
            try:
                job_cancel(job=job)
                done += 1
            except DomainError as error:
                self.message_user(request, f"{job.pk}: {error.detail}", messages.WARNING)
        self.message_user(request, f"Canceled {done} job(s).")

    @admin.action(description="Re-run failed outputs of selected jobs as a new job")
    def rerun_failed_jobs(self, request, queryset):
        done = 0
        for job in queryset:
            try:
                job_rerun(job=job)
                done += 1
            except DomainError as error:
                self.message_user(request, f"{job.pk}: {error.detail}", messages.WARNING)
        self.message_user(request, f"Queued {done} new job(s).")


@admin.register(JobOutput)
class JobOutputAdmin(admin.ModelAdmin):
    list_display = ("job", "index", "format", "status", "width", "height", "byte_size", "render_ms", "error_code")
    list_filter = ("status", "format")
    readonly_fields = [f.name for f in JobOutput._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Preset)
class PresetAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "base_style", "is_active", "sort_order")
    list_filter = ("is_active",)
    search_fields = ("id", "name", "prompt_text")
    list_editable = ("is_active", "sort_order")


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ("key", "account", "response_status", "job", "created_at")
    search_fields = ("key",)
    readonly_fields = [f.name for f in IdempotencyRecord._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ("id", "account", "original_name", "width", "height", "byte_size", "created_at")
    readonly_fields = [f.name for f in Asset._meta.fields]


from generation.webhooks import admin as webhooks_admin  # noqa: E402,F401  (registers the webhook admins)
