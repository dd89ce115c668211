"""Idempotency-Key parsing and request fingerprints (README, What to expect: Idempotency)."""
from __future__ import annotations

import hashlib
import json

from config.problems import DomainError
from generation.limits import IDEMPOTENCY_KEY_MAX_CHARS


class IdempotencyKeyRequired(DomainError):
    status, code, title = 400, "idempotency_key_required", "Idempotency-Key required"


class IdempotencyKeyInvalid(DomainError):
    status, code, title = 400, "idempotency_key_invalid", "Idempotency-Key invalid"


class IdempotencyKeyReused(DomainError):
    status, code, title = 409, "idempotency_key_reused_with_different_payload", "Idempotency-Key reused"


class IdempotencyKeyInUse(DomainError):
    status, code, title = 409, "idempotency_key_in_use", "Idempotency-Key in use"


def idempotency_key_parse(header: str | None, *, required: bool = False) -> str | None:
    """The key from the header: 1–255 printable ASCII, or an RFC 8941 quoted string."""
    if header is None or header == "":
        if required:
            raise IdempotencyKeyRequired("This endpoint needs an Idempotency-Key header.")
        return None
    key = header.strip()
    if len(key) >= 2 and key[0] == '"' and key[-1] == '"':
        inner = key[1:-1]
        if '"' in inner.replace('\\"', "") or "\\" in inner.replace('\\"', "").replace("\\\\", ""):
            raise IdempotencyKeyInvalid("The quoted Idempotency-Key is not a valid structured-field string.")
        key = inner.replace('\\"', '"').replace("\\\\", "\\")
    if not 1 <= len(key) <= IDEMPOTENCY_KEY_MAX_CHARS:
        raise IdempotencyKeyInvalid(f"An Idempotency-Key has 1 to {IDEMPOTENCY_KEY_MAX_CHARS} characters.")
    if not all(" " <= ch <= "~" for ch in key):
        raise IdempotencyKeyInvalid("An Idempotency-Key is printable ASCII only.")
    return key


def request_fingerprint(*, method: str, path: str, body: object) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    # surrogatepass: the same bytes as UTF-8 for every valid text, and no error on a
    # lone surrogate (the parser refuses those; this must not fail on one anyway).
    return hashlib.sha256(f"{method.upper()} {path}\n{canonical}".encode("utf-8", "surrogatepass")).hexdigest()
