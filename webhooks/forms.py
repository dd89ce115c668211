from __future__ import annotations

from django import forms

from webhooks.services import JOB_EVENT_TYPES


class EndpointCreateForm(forms.Form):
    """What the Settings → Webhooks form shows; its input is judged by the API's own
    EndpointCreateSerializer (`to_api_body`), so the page and the API accept the same."""

    url = forms.URLField(label="Endpoint URL", assume_scheme="https",
                         widget=forms.URLInput(attrs={"placeholder": "https://example.com/webhooks/creative-studio"}))
    description = forms.CharField(required=False)
    event_types = forms.MultipleChoiceField(
        label="Events", required=False, choices=[(name, name) for name in JOB_EVENT_TYPES],
        widget=forms.CheckboxSelectMultiple, help_text="None ticked: every job event.",
    )

    def to_api_body(self) -> dict:
        data = self.cleaned_data
        return {"url": data["url"], "description": data["description"], "eventTypes": data["event_types"]}
