import uuid

from django.contrib import admin, messages
from django.utils.html import format_html

from config.problems import DomainError
from generation import engine
from generation.models import AccountWorkload, Asset, BrandKit, IdempotencyRecord, Job, JobOutput, Preset
from generation.services import job_cancel, job_rerun


def _thumbnail(file, *, size: int = 96) -> str:
    """A linked image of at most `size` px (64, 96 or 480: the sizes static/admin-thumbnails.css
    knows; a class, not a style attribute, which the Content-Security-Policy refuses)."""
    if not file:
        return "—"
    return format_html('<a href="{0}" target="_blank" rel="noopener"><img src="{0}" alt="" loading="lazy" '
                       'class="admin-thumb admin-thumb-{1}"></a>', file.url, size)


class FormatListFilter(admin.SimpleListFilter):
    """Formats in the product's order (F1, F2 … F12), not the text order (F1, F10, F11 …)."""

    title = "format"
    parameter_name = "format"

    def lookups(self, request, model_admin):
        return [(code, f"{code} · {spec.width}×{spec.height}")
                for code, spec in sorted(engine.FORMATS.items(), key=lambda item: int(item[0][1:]))]

    def queryset(self, request, queryset):
        return queryset.filter(format=self.value()) if self.value() else queryset


class _ThumbnailStyles:
    class Media:
        css = {"all": ["admin-thumbnails.css"]}


class JobOutputInline(_ThumbnailStyles, admin.TabularInline):
    model = JobOutput
    extra = 0
    can_delete = False
    fields = ("index", "thumbnail", "format", "variant", "status", "file", "width", "height", "byte_size",
              "render_ms", "error_code", "error_message")
    readonly_fields = fields

    @admin.display(description="Image")
    def thumbnail(self, output: JobOutput) -> str:
        return _thumbnail(output.file)

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

    def _apply_to_each(self, request, queryset, service, done_message: str) -> None:
        """Runs a service per selected job; a refusal is reported, not raised."""
        done = 0
        for job in queryset:
            try:
                service(job=job)
                done += 1
            except DomainError as error:
                self.message_user(request, f"{job.pk}: {error.detail}", messages.WARNING)
        self.message_user(request, done_message.format(done=done))

    def get_search_results(self, request, queryset, search_term):
        # A player card's image_id (img_ + the job id's hex) finds its job too.
        from generation.services_cards import IMAGE_ID_PREFIX

        term = search_term.strip()
        if term.startswith(IMAGE_ID_PREFIX):
            try:
                return queryset.filter(pk=uuid.UUID(hex=term[len(IMAGE_ID_PREFIX):])), False
            except ValueError:
                return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    @admin.action(description="Cancel selected jobs (releases unrendered credits)")
    def cancel_jobs(self, request, queryset):
        self._apply_to_each(request, queryset, job_cancel, "Canceled {done} job(s).")

    @admin.action(description="Re-run failed outputs of selected jobs as a new job")
    def rerun_failed_jobs(self, request, queryset):
        self._apply_to_each(request, queryset, job_rerun, "Queued {done} new job(s).")


@admin.register(JobOutput)
class JobOutputAdmin(_ThumbnailStyles, admin.ModelAdmin):
    list_display = ("thumbnail", "job", "index", "format", "status", "width", "height", "byte_size", "render_ms",
                    "error_code")
    list_display_links = ("thumbnail", "job")
    list_filter = ("status", FormatListFilter)
    list_select_related = ("job",)
    readonly_fields = ["preview"] + [f.name for f in JobOutput._meta.fields]

    @admin.display(description="Image")
    def thumbnail(self, output: JobOutput) -> str:
        return _thumbnail(output.file, size=64)

    @admin.display(description="Preview")
    def preview(self, output: JobOutput) -> str:
        return _thumbnail(output.file, size=480)

    def has_add_permission(self, request):
        return False


@admin.register(Preset)
class PresetAdmin(_ThumbnailStyles, admin.ModelAdmin):
    list_display = ("thumbnail", "id", "name", "base_style", "is_active", "sort_order")
    list_display_links = ("thumbnail", "id")
    list_filter = ("is_active",)
    search_fields = ("id", "name", "prompt_text")
    list_editable = ("is_active", "sort_order")
    readonly_fields = ("thumbnail",)

    @admin.display(description="Preview")
    def thumbnail(self, preset: Preset) -> str:
        return _thumbnail(preset.preview, size=64)


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


@admin.register(AccountWorkload)
class AccountWorkloadAdmin(admin.ModelAdmin):
    """Read-only: the counts move only with jobs (and the reaper corrects drift)."""

    list_display = ("account", "active_jobs", "active_images", "last_claimed_at")
    ordering = ("-active_images",)
    readonly_fields = [f.name for f in AccountWorkload._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BrandKit)
class BrandKitAdmin(admin.ModelAdmin):
    """The accounts' brand kits, to look at: customers edit theirs in Settings → Brand."""

    list_display = ("account", "primary_color", "secondary_color", "logo", "updated_at")
    search_fields = ("account__name",)
    readonly_fields = ("account", "primary_color", "secondary_color", "logo", "updated_at")

    def has_add_permission(self, request) -> bool:
        return False

