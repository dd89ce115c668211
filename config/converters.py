"""`<id:name>`: the one route converter for ids, on the API and the pages alike.

A segment that is not a UUID matches no route, so it answers what any unknown URL
answers (config.errors_views.not_found: a problem document under /api/, the 404 page
elsewhere); the view receives a uuid.UUID. Any spelling uuid.UUID reads is accepted
(upper case, no hyphens), where Django's own `<uuid:…>` takes lower case only."""
from __future__ import annotations

import uuid

from django.urls import register_converter


class IdConverter:
    regex = "[^/]+"

    def to_python(self, value: str) -> uuid.UUID:
        return uuid.UUID(value)  # ValueError: no match

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")
