"""Preset scene styles: a catalog of procedural backgrounds (README, Product photoshoots).

Every scene is numpy/OpenCV: smooth textures are computed at a reduced resolution
(long side ≤ base.WORK_SIDE) and upscaled, crisp shapes are drawn at full size with
anti-aliased OpenCV primitives. Same (id, size, seed, colours) → same pixels. One
module per family of painters; `catalog` names them and caches what they paint.
"""
from .catalog import PRESET_STYLES, PRESETS_BY_ID, PresetStyle, cached_background, render_background

__all__ = ["PRESETS_BY_ID", "PRESET_STYLES", "PresetStyle", "cached_background", "render_background"]
