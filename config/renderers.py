"""The JSON renderer of every API view."""
from __future__ import annotations

from rest_framework.renderers import JSONRenderer

from config.unicode import surrogates_replace


class SafeJSONRenderer(JSONRenderer):
    """DRF's renderer; text that UTF-8 cannot encode (a lone surrogate that reached
    the data some other way) is rendered with U+FFFD instead of failing the response."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            return super().render(surrogates_replace(data), accepted_media_type, renderer_context)
