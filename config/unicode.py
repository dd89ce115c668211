"""Lone UTF-16 surrogates (U+D800–U+DFFF): JSON can spell them (`"\\ud800"`) but they
are not characters, and no UTF-8 encoder (responses, the database driver, webhook
bodies) accepts them. Requests carrying one are refused where JSON is parsed
(config.parsers); text read back from storage or about to be encoded goes through
`surrogates_replace`, so text stored before that rule cannot break a response."""
from __future__ import annotations

import json
import re

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def text_has_lone_surrogate(value: str) -> bool:
    # After JSON decoding a proper pair is one astral character, so any code point
    # left in the surrogate block is a lone one.
    return _LONE_SURROGATE.search(value) is not None


def lone_surrogate_path(value: object, path: str = "") -> str | None:
    """Where in a decoded JSON document the first lone surrogate is (`metadata.key`,
    `formats[1]`), '' for the top level, or None when there is none."""
    if isinstance(value, str):
        return path if text_has_lone_surrogate(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if text_has_lone_surrogate(key):
                return f"{path}.{surrogates_replace(key)}" if path else surrogates_replace(key)
            found = lone_surrogate_path(item, f"{path}.{key}" if path else key)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = lone_surrogate_path(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def surrogates_replace(value):
    """`value` (text, or JSON-like dicts and lists of it) with every lone surrogate,
    in keys too, replaced by U+FFFD."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub(REPLACEMENT, value) if text_has_lone_surrogate(value) else value
    if isinstance(value, dict):
        return {surrogates_replace(key): surrogates_replace(item) for key, item in value.items()}
    if isinstance(value, list):
        return [surrogates_replace(item) for item in value]
    if isinstance(value, tuple):
        return tuple(surrogates_replace(item) for item in value)
    return value


class SurrogateSafeJSONDecoder(json.JSONDecoder):
    """The decoder of JSON model fields: what the database holds comes back without
    lone surrogates, whatever an older version stored."""

    def decode(self, s, *args, **kwargs):
        return surrogates_replace(super().decode(s, *args, **kwargs))
