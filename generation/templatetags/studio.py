"""Small template helpers for the product pages."""
from __future__ import annotations

from datetime import date, datetime

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
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


# One way to write a moment on every page: "8 Dec 2026, 14:05" (a day alone: "8 Dec 2026"),
# in the site's time zone, inside a <time> element carrying the exact ISO 8601 value.
DATETIME_FORMAT = "j M Y, H:i"
DATE_FORMAT = "j M Y"


@register.filter
def when(value: datetime | date | str | None, precision: str = "") -> str:
    """`{{ job.created_at|when }}` → `<time datetime="…">8 Dec 2026, 14:05</time>`;
    `|when:"day"`, a date or an ISO date string show the day only."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        shown = DATE_FORMAT if precision == "day" else DATETIME_FORMAT
        return format_html('<time datetime="{}">{}</time>', value.isoformat(), date_format(local, shown))
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), date_format(value, DATE_FORMAT))


@register.filter
def credits(value: int) -> str:
    """`{{ n|credits }}` → "1 credit", "0 credits", "1,250 credits"."""
    return f"{intcomma(value)} credit{'' if abs(int(value)) == 1 else 's'}"


@register.filter
def images(value: int) -> str:
    """`{{ n|images }}` → "1 image", "3 images"."""
    return f"{intcomma(value)} image{'' if abs(int(value)) == 1 else 's'}"


@register.inclusion_tag("billing/_low_balance.html", takes_context=True)
def low_balance_warning(context, account) -> dict:
    """The low-balance warning (nothing when the balance is healthy), with the way to
    more credits this installation offers: `{% low_balance_warning account %}`. Quiet
    while sign-up's free credits still wait for the e-mail address to be confirmed
    (the verification banner says so)."""
    from django.conf import settings

    from billing.selectors import account_balance_is_low
    from billing.stripe_gateway import checkout_configured

    user = context.get("user")
    waiting_for_free_credits = bool(settings.FREE_CREDITS) and user is not None and not getattr(
        user, "is_email_verified", True)
    return {"account": account, "low": account_balance_is_low(account=account) and not waiting_for_free_credits,
            "checkout_enabled": checkout_configured()}


@register.filter
def format_family(code: str) -> str:
    """The layout family of a format code (square, portrait, story, landscape, banner, skyscraper)."""
    spec = engine.FORMATS.get(code)
    return spec.family if spec else ""


@register.filter
def job_title(job: Job) -> str:
    """What a job is called on the pages: its claim, player or product, else its type."""
    request = job.request or {}
    return (request.get("claim") or (request.get("player") or {}).get("name") or request.get("productName")
            or job.get_type_display())
