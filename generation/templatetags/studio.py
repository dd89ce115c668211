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
def format_family(code: str) -> str:
    """The layout family of a format code (square, portrait, story, landscape, banner, skyscraper)."""
    spec = engine.FORMATS.get(code)
    return spec.family if spec else ""
