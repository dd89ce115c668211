"""Small template helpers for the product pages."""
from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from generation import engine
from generation.models import Job, JobOutput

register = template.Library()


@register.simple_tag(takes_context=True)
def current(context, *url_names: str) -> str:
    """`aria-current="page"` on the nav link of the page being shown."""
    match = getattr(context.get("request"), "resolver_match", None)
    return mark_safe('aria-current="page"') if match and match.url_name in url_names else ""


@register.filter
def format_name(code: str) -> str:
    spec = engine.FORMATS.get(code)
    return spec.name if spec else code


@register.filter
def format_size(code: str) -> str:
    spec = engine.FORMATS.get(code)
    return f"{spec.width}×{spec.height}" if spec else code.replace("x", "×")


@register.filter
def cover(job: Job) -> JobOutput | None:
    """The job's first produced image, for thumbnails (outputs are prefetched)."""
    return next((o for o in job.outputs.all() if o.status == JobOutput.Status.SUCCEEDED and o.file), None)


@register.filter
def signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


@register.filter
def job_title(job: Job) -> str:
    """What a job is called on the pages: its claim, player or product, else its type."""
    request = job.request or {}
    return (request.get("claim") or (request.get("player") or {}).get("name") or request.get("productName")
            or job.get_type_display())
