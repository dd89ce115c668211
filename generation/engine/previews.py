"""Preset previews: a sample creative on each scene, for the preset picker.

Apart from scenes/ and render.py so that neither imports the other's caller.
"""
from __future__ import annotations

from PIL import Image

from .errors import RenderError
from .render import preview_creative
from .scenes import PRESETS_BY_ID


def render_preset_preview(preset_id: str) -> Image.Image:
    """A 480×360 sample creative on the scene, for the preset picker."""
    if preset_id not in PRESETS_BY_ID:
        raise RenderError(f"Unknown preset {preset_id!r}.", code="unknown_preset")
    return preview_creative(preset_id, PRESETS_BY_ID[preset_id].name)
