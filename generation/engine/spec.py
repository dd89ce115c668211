"""What the engine is asked to draw: plain data, no ORM, no request."""
from __future__ import annotations

from dataclasses import dataclass

from PIL import Image


@dataclass(frozen=True)
class CreativeSpec:
    claim: str
    language: str  # one of engine.languages.LANGUAGES, e.g. "EN", "AR", "JA"
    format_code: str  # a key of engine.formats.FORMATS
    cta: str  # call-to-action text, already localized by the caller
    variant: int = 0  # 0, 1, 2 …: distinct layout/palette for repeats of one format
    preset: str | None = None  # a preset style id (engine.scenes), or None for the default look
    primary_color: str | None = None  # "#RRGGBB"
    secondary_color: str | None = None  # "#RRGGBB"
    logo: Image.Image | None = None  # RGBA, already validated and re-encoded by the caller
    watermark: bool = False  # test mode: a diagonal "TEST" mark over the whole image
    # The product to show beside the claim: RGBA, its alpha the cut-out's matte
    # (transparent margins are trimmed). None: the plain layouts, unchanged.
    product: Image.Image | None = None
