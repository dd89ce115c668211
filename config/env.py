"""Typed environment helpers: a setting that is present but malformed stops start-up
with a message naming the variable, instead of running with a surprise."""
from __future__ import annotations

import os
import re


class ImproperEnv(Exception):
    pass


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperEnv(f"Environment variable {name} is required")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperEnv(f"{name}={value!r} is not a boolean (use true/false, 1/0, yes/no, on/off)")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperEnv(f"{name}={value!r} is not an integer") from None
    if minimum is not None and number < minimum:
        raise ImproperEnv(f"{name}={number} must be at least {minimum}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperEnv(f"{name}={value!r} must be one of {sorted(choices)}")
    return value


def env_header(name: str) -> tuple[str, str] | None:
    """A request header and the value that marks it, written "Header-Name: value", as
    Django's META key and value (e.g. ("HTTP_X_FORWARDED_PROTO", "https")); unset → None."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    header, sep, expected = value.partition(":")
    header, expected = header.strip(), expected.strip()
    if not sep or not header or not expected or not all(c.isalnum() or c == "-" for c in header):
        raise ImproperEnv(f"{name}={value!r} must look like 'X-Forwarded-Proto: https'")
    return "HTTP_" + header.upper().replace("-", "_"), expected


def env_prefixed(prefix: str, *, pattern: str | None = None) -> dict[str, str]:
    """Every set variable named `<prefix><NAME>` as {name.lower(): value}, e.g. the
    Stripe Price id of each catalog item (STRIPE_PRICE_PACK_100 → {"pack_100": …}).
    A value that does not match `pattern` (a regular expression) stops start-up."""
    found = {}
    for name, value in os.environ.items():
        if not name.startswith(prefix) or name == prefix or not value.strip():
            continue
        value = value.strip()
        if pattern is not None and not re.fullmatch(pattern, value):
            raise ImproperEnv(f"{name}={value!r} does not look right (expected {pattern})")
        found[name[len(prefix):].lower()] = value
    return found
