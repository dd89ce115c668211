"""API key format: `cs_live_` / `cs_test_` + 32 base62 characters of randomness (190
bits) + a 6-character base62 CRC32 checksum, so a mistyped key is refused before any
database lookup and secret scanners can recognise our keys."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import zlib
from dataclasses import dataclass

from django.conf import settings

from accounts.models import Mode

ALPHABET = string.digits + string.ascii_letters
RANDOM_LENGTH = 32
CHECKSUM_LENGTH = 6
PREFIX_RANDOM_CHARS = 8
MODE_PREFIXES: dict[str, str] = {Mode.LIVE: "cs_live_", Mode.TEST: "cs_test_"}
KEY_LENGTH = len("cs_live_") + RANDOM_LENGTH + CHECKSUM_LENGTH


def _base62(number: int, width: int) -> str:
    chars = []
    for _ in range(width):
        number, rest = divmod(number, 62)
        chars.append(ALPHABET[rest])
    return "".join(reversed(chars))


def _checksum(body: str) -> str:
    return _base62(zlib.crc32(body.encode()), CHECKSUM_LENGTH)


@dataclass(frozen=True)
class ParsedKey:
    mode: str
    prefix: str


def generate_key(mode: str) -> str:
    body = MODE_PREFIXES[mode] + "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + _checksum(body)


def parse_key(key: str) -> ParsedKey | None:
    """The mode and lookup prefix of a well-formed key, or None."""
    if len(key) != KEY_LENGTH:
        return None
    mode = next((mode for mode, mode_prefix in MODE_PREFIXES.items() if key.startswith(mode_prefix)), None)
    if mode is None:
        return None
    mode_prefix = MODE_PREFIXES[mode]
    body, checksum = key[:-CHECKSUM_LENGTH], key[-CHECKSUM_LENGTH:]
    if not all(c in ALPHABET for c in key[len(mode_prefix):]):
        return None
    if not hmac.compare_digest(_checksum(body), checksum):
        return None
    return ParsedKey(mode=mode, prefix=key[: len(mode_prefix) + PREFIX_RANDOM_CHARS])


def hash_key(key: str) -> str:
    return hmac.new(settings.API_KEY_PEPPER.encode(), key.encode(), hashlib.sha256).hexdigest()
