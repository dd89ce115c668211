"""The Usage page and its ledger export, read through the same selectors as
GET /api/v1/usage."""
from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.views import current_account
from billing.selectors import default_period, ledger_for_account, usage_summary

LEDGER_PER_PAGE = 25
CSV_COLUMNS = ("created_at", "kind", "credits", "available_delta", "reserved_delta", "job_id", "reason")


@login_required
@require_GET
def usage(request: HttpRequest) -> HttpResponse:
    account = current_account(request)
    summary = usage_summary(account=account, period=default_period(), mode=None)  # the owner: both modes
    page = Paginator(ledger_for_account(account=account), LEDGER_PER_PAGE).get_page(request.GET.get("page"))
    chart = {"labels": [day["date"] for day in summary["daily"]],
             "credits": [day["credits"] for day in summary["daily"]],
             "images": [day["images"] for day in summary["daily"]]}
    return render(request, "billing/usage.html", {"account": account, "summary": summary, "page": page,
                                                  "chart": chart})


class _Echo:
    """A file-like object whose write() hands the line back, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def ledger_csv(request: HttpRequest) -> StreamingHttpResponse:
    account = current_account(request)
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        for entry in ledger_for_account(account=account).iterator(chunk_size=500):
            yield writer.writerow([
                entry.created_at.isoformat(), entry.kind, entry.credits, entry.available_delta,
                entry.reserved_delta, entry.job_id or "", entry.reason,
            ])

    filename = f"creative-studio-ledger-{timezone.localdate().isoformat()}.csv"
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
