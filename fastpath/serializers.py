"""A DRF Serializer base for input shapes on hot paths."""
from __future__ import annotations

import copy

from rest_framework import serializers


# A Serializer whose per-request fields are shallow copies of the declared ones.
#
# DRF deep-copies every declared field for every serializer instance, and a field's
# deep copy re-runs its __init__ with deep-copied arguments: for the generate request
# that was about half a millisecond per call, more than validating the input.
# Validation never changes a field's own state — only `bind()` does, and it assigns
# per-copy attributes (name, parent, source) — so a shallow copy of each declared
# field is as independent as the deep copy was, for input validation. Not for
# serializers that mutate their fields per instance.
#
# A comment, not a docstring: subclasses without a docstring of their own would
# inherit it, and drf-spectacular would publish it as their schema's description.
class InputSerializer(serializers.Serializer):

    def get_fields(self):
        return {name: copy.copy(field) for name, field in self._declared_fields.items()}
