from __future__ import annotations

from django import forms

from generation.limits import WEBHOOK_URL_MAX_CHARS
from generation.webhooks.services import JOB_EVENT_TYPES


class EndpointCreateForm(forms.Form):
    url = forms.URLField(label="Endpoint URL", max_length=WEBHOOK_URL_MAX_CHARS, assume_scheme="https",
                         widget=forms.URLInput(attrs={"placeholder": "https://example.com/webhooks/creative-studio"}))
    description = forms.CharField(max_length=200, required=False)
    event_types = forms.MultipleChoiceField(
        label="Events", required=False, choices=[(name, name) for name in JOB_EVENT_TYPES],
        widget=forms.CheckboxSelectMultiple, help_text="None ticked: every job event.",
    )
