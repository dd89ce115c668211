"""The Player cards page (README, Using the web app): profile + photo + design → the
job page, where the card appears. It calls the same validator and services as
POST /api/v1/images."""
from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from rest_framework.exceptions import ValidationError

from accounts.forms import form_add_refusal
from accounts.views import current_account
from config.problems import DomainError, PayloadTooLarge
from generation.api.card_serializers import PlayerCardRequestSerializer
from generation.forms import CARD_FIELD_NAMES, PlayerCardForm
from generation.models import Job
from generation.selectors import job_list_for_account
from generation.services import job_create
from generation.services_cards import card_presets
from generation.views import _created_job_id, upload_page, upload_then_create

RECENT_CARDS = 6


def _page(request: HttpRequest, form: PlayerCardForm, *, status: int = 200) -> HttpResponse:
    account = current_account(request)
    recent = list(job_list_for_account(account=account, mode=None, type=Job.Type.PLAYER_CARD)[:RECENT_CARDS])
    return render(request, "generation/cards.html", {"form": form, "account": account, "designs": form.designs,
                                                     "recent": recent}, status=status)


def _too_large(request: HttpRequest, error: PayloadTooLarge) -> HttpResponse:
    messages.error(request, f"Photo: {error.detail}")
    return _page(request, PlayerCardForm(designs=card_presets()), status=413)


@login_required
@require_http_methods(["GET", "POST"])
@upload_page(_too_large)
def player_cards(request: HttpRequest) -> HttpResponse:
    form = PlayerCardForm(request.POST or None, request.FILES or None, designs=card_presets())
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data.get("photo") and not form.cleaned_data.get("photo_url"):
            # The API's message names its fields; the page names its own.
            form.add_error("photo", "Choose a photo of the player, or give the address of one below.")
            return _page(request, form)
        try:
            job_id = _card_submit(current_account(request), form)
        except (ValidationError, DomainError) as error:
            form_add_refusal(form, error, CARD_FIELD_NAMES)
        else:
            return redirect("job", job_id=job_id)
    return _page(request, form)


def _card_submit(account, form: PlayerCardForm) -> str:
    """The API's calls for one form: the photo upload (POST /api/v1/assets) when a file
    was chosen, then POST /api/v1/images. Judged before anything is stored; a refused
    card keeps no upload."""

    def create(asset_id: str | None = None) -> str:
        serializer = PlayerCardRequestSerializer(data=form.to_api_body(asset_id=asset_id))
        serializer.is_valid(raise_exception=True)
        return _created_job_id(job_create(account=account, api_key=None, job_type=Job.Type.PLAYER_CARD,
                          request=serializer.to_job_request()))

    upload = form.cleaned_data.get("photo")
    if upload is None:
        return create()
    # The profile is judged first (with a stand-in asset id), so a typo costs no upload.
    PlayerCardRequestSerializer(data=form.to_api_body(asset_id=str(uuid.UUID(int=0)))).is_valid(raise_exception=True)
    return upload_then_create(account=account, upload=upload, create=create)
