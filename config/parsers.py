"""The JSON parser of every API view: DRF's, plus the one check no serializer can
make reliably — a lone UTF-16 surrogate anywhere (keys and values, at any depth) is a
400 validation_error before any view, fingerprint or database write sees it.

Other inputs cannot carry one: Django decodes query strings, form fields and the path
with replacement characters, and headers are Latin-1."""
from __future__ import annotations

from rest_framework.parsers import JSONParser

from config.problems import ValidationFailed
from config.unicode import lone_surrogate_path


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        path = lone_surrogate_path(data)
        if path is not None:
            message = ("Text contains a lone UTF-16 surrogate (\\ud800–\\udfff), which is not a character; "
                       "send valid Unicode.")
            raise ValidationFailed(f"The request body is not valid text: {message}", errors={path or "body": [message]})
        return data
