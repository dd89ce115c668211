"""The preset catalog: every scene style, its words for search and prompts, and the cached
renderer that paints it (README, Product photoshoots)."""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Callable

import cv2
import numpy as np
from PIL import Image

from ..caches import cached_images
from ..colors import parse_hex
from ..errors import RenderError
from .base import Ctx
from .gradients import gradient, mesh, mono_gradient, solid
from .light import bokeh, moon_night, neon, rays, sheen
from .materials import concrete, folds, marble, wood
from .nature import layers
from .patterns import dots, lowpoly, scatter, stripes
from .seasonal import black_friday, christmas, winter
from .studio import podium, studio


@dataclass(frozen=True)
class PresetStyle:
    id: str
    name: str
    prompt_text: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]


_RENDERERS: dict[str, Callable[[Ctx], np.ndarray]] = {}
_STYLES: list[PresetStyle] = []


def _add(id_: str, name: str, prompt: str, categories: tuple[str, ...], tags: tuple[str, ...], fn) -> None:
    _STYLES.append(PresetStyle(id_, name, prompt, categories, tags))
    _RENDERERS[id_] = fn


_add("white_background", "White background", "on a clean pure white background", ("monochrome",),
     ("white", "clean", "minimal", "ecommerce"), solid("#F7F7F5"))
_add("black_background", "Black background", "on a deep matte black background", ("monochrome",),
     ("black", "dark", "minimal", "bold"), solid("#141416"))
_add("blush_pink", "Blush pink", "on a soft blush pink backdrop", ("monochrome",), ("pink", "pastel", "soft", "beauty"),
     solid("#F6DCE2"))
_add("sage_green", "Sage green", "on a calm sage green backdrop", ("monochrome",),
     ("green", "pastel", "calm", "natural"), solid("#C5D3BE"))
_add("monochrome_gradient", "Monochrome gradient", "on a smooth single-colour gradient in the brand colour",
     ("monochrome", "gradient"), ("gradient", "brand", "smooth"), mono_gradient)
_add("sunset_gradient", "Sunset gradient", "on a warm sunset gradient from coral to gold", ("gradient",),
     ("orange", "pink", "warm", "vibrant"),
     gradient([(0, "#FF5F6D"), (0.55, "#FF8E6E"), (1, "#FFC371")], 35))
_add("ocean_gradient", "Ocean gradient", "on a fresh ocean-blue gradient", ("gradient",),
     ("blue", "teal", "fresh", "cool"), gradient([(0, "#0B4F6C"), (0.6, "#1B98B5"), (1, "#7FDBDA")], -25))
_add("mesh_gradient", "Pastel mesh gradient", "on a dreamy pastel mesh gradient", ("gradient",),
     ("pastel", "dreamy", "modern", "soft"), mesh(["#F3E8FF", "#FBCFE8", "#BFDBFE", "#C7F9CC", "#FDE68A"]))
_add("studio_sweep", "Studio sweep", "in a bright photo studio on a seamless grey sweep with a soft shadow",
     ("studio",), ("studio", "grey", "product", "soft shadow"), studio("#D9D9DC", "#F1F1F3", "#CFCFD3"))
_add("studio_dark", "Dark studio", "in a dark studio with a single spotlight", ("studio",),
     ("studio", "dark", "spotlight", "dramatic"), studio("#1A1A1E", "#3A3A40", "#202024", dark=True))
_add("podium", "Pastel podium", "on a round pastel podium in a minimal studio", ("studio", "geometric"),
     ("podium", "pastel", "product", "display"), podium("#F4E1D2", "#FBEFE6", "#E7C9B4"))
_add("geometric_lowpoly", "Low-poly geometric", "on a sleek geometric low-poly pattern", ("pattern", "geometric"),
     ("geometric", "triangles", "modern", "tech"), lowpoly)
_add("diagonal_stripes", "Diagonal stripes", "on bold diagonal stripes", ("pattern", "geometric"),
     ("stripes", "bold", "graphic"), stripes("#1D3557", "#243F67"))
_add("polka_dots", "Polka dots", "on a playful polka-dot pattern", ("pattern",), ("dots", "playful", "retro"),
     dots("#FFE5D9", "#FFCAD4"))
_add("memphis", "Memphis shapes", "on a playful 80s Memphis pattern of shapes and squiggles", ("pattern", "geometric"),
     ("memphis", "playful", "colourful", "retro"),
     scatter("#FFF7E8", ["#FF6B6B", "#4ECDC4", "#FFE66D", "#5F4B8B"], "memphis", 26, 0.85, (0.02, 0.045)))
_add("terrazzo", "Terrazzo", "on a speckled terrazzo surface", ("texture", "pattern"),
     ("terrazzo", "speckled", "interior", "stone"),
     scatter("#F3EEE7", ["#E07A5F", "#81B29A", "#3D405B", "#F2CC8F"], "chip", 130, 1.0, (0.006, 0.02)))
_add("marble", "White marble", "on a polished white marble surface", ("texture", "luxury"),
     ("marble", "white", "stone", "elegant"), marble("#F2F0EC", "#9A9AA3", "#C9C4BC"))
_add("black_marble", "Black marble", "on dark black marble with gold veins", ("texture", "luxury"),
     ("marble", "black", "gold", "elegant"), marble("#1C1C20", "#C8A45A", "#6E6E76", 1.4))
_add("wood", "Wood planks", "on warm natural wood planks", ("texture", "nature"), ("wood", "warm", "rustic", "natural"),
     wood("#C89B6D", "#7A4E2D"))
_add("concrete", "Concrete", "on a raw grey concrete surface", ("texture",),
     ("concrete", "urban", "grey", "industrial"), concrete("#A9A9A6"))
_add("kraft_paper", "Kraft paper", "on textured brown kraft paper", ("texture",), ("paper", "craft", "eco", "brown"),
     concrete("#C9A77C"))
_add("bokeh", "Bokeh lights", "with soft colourful bokeh lights in the background", ("bokeh", "lights"),
     ("bokeh", "night", "lights", "blur"), bokeh("#0B1026", "#1E1B4B", ["#F472B6", "#60A5FA", "#FBBF24", "#A78BFA"]))
_add("golden_bokeh", "Golden bokeh", "with warm golden bokeh sparkles", ("bokeh", "luxury"),
     ("bokeh", "gold", "warm", "festive"), bokeh("#2A1A08", "#120A02", ["#FFD166", "#FFB703", "#FFE8A3"]))
_add("forest", "Forest", "in a misty green forest", ("nature",), ("forest", "green", "trees", "outdoor"),
     layers([(0, "#E3F2E1"), (1, "#B7D7B0")], ["#8DB38B", "#5E8C61", "#2F5D3A", "#173B26"], "forest"))
_add("beach", "Beach", "on a sunny beach by the sea", ("nature", "seasonal"), ("beach", "summer", "sea", "sand"),
     layers([(0, "#7EC8E3"), (0.5, "#CDEFFD")], ["#1B98B5", "#48C1D6", "#F4E1B8", "#EBD3A0"], "beach"))
_add("mountains", "Mountains", "in front of layered misty mountains at dawn", ("nature",),
     ("mountains", "outdoor", "adventure", "dawn"),
     layers([(0, "#FBC2A8"), (1, "#FDE7D7")], ["#B79BC2", "#8A6FA3", "#5B4A80", "#2F2A52"], "mountains"))
_add("sky_clouds", "Sky and clouds", "against a blue sky with soft white clouds", ("nature",),
     ("sky", "clouds", "blue", "airy"), layers([(0, "#4A90D9"), (1, "#BFE3FF")], [], "clouds"))
_add("botanical", "Botanical leaves", "surrounded by fresh green leaves", ("nature",),
     ("leaves", "botanical", "green", "fresh"),
     scatter("#E4EFE1", ["#7FB77E", "#4F8A5B", "#A7C957", "#386641"], "leaf", 30, 0.9, (0.03, 0.06)))
_add("desert_dunes", "Desert dunes", "among warm desert sand dunes", ("nature",), ("desert", "sand", "warm", "travel"),
     layers([(0, "#F9D9A6"), (1, "#FCEBD0")], ["#E9B872", "#D99A4E", "#C07A35"], "dunes"))
_add("gold_luxury", "Gold luxury", "on a luxurious black and gold backdrop with a fine gold frame", ("luxury",),
     ("gold", "black", "premium", "elegant"), sheen("#2A2418", "#0C0B09", "#D4AF37"))
_add("velvet", "Burgundy velvet", "on rich draped burgundy velvet", ("luxury", "texture"),
     ("velvet", "red", "premium", "fabric"), folds("#3B0A14", "#8E1B33"))
_add("champagne_silk", "Champagne silk", "on flowing champagne silk", ("luxury", "texture"),
     ("silk", "champagne", "soft", "premium"), folds("#CDB495", "#F6EBDD"))
_add("christmas", "Christmas", "in a festive Christmas scene with warm lights and snow", ("seasonal", "holiday"),
     ("christmas", "winter", "red", "festive"), christmas)
_add("winter_snow", "Winter snow", "in a calm snowy winter landscape", ("seasonal", "nature"),
     ("winter", "snow", "cold", "white"), winter)
_add("halloween", "Halloween night", "under a glowing Halloween moon", ("seasonal", "holiday"),
     ("halloween", "night", "orange", "spooky"), moon_night)
_add("valentines", "Valentine's hearts", "surrounded by Valentine's Day hearts", ("seasonal", "holiday"),
     ("valentines", "love", "pink", "hearts"),
     scatter(gradient([(0, "#FFC2D1"), (1, "#FF8FAB")], 20), ["#FB6F92", "#FFE5EC", "#E5383B"], "heart", 26, 0.8,
              (0.02, 0.05)))
_add("spring_flowers", "Spring flowers", "among pastel spring and Easter flowers", ("seasonal", "nature"),
     ("spring", "easter", "flowers", "pastel"),
     scatter("#E8F6EF", ["#FFB4C2", "#B8C0FF", "#FFD6A5", "#FDFFB6"], "flower", 26, 0.9, (0.02, 0.04)))
_add("summer_sun", "Summer sun", "in bright summer sunshine with radiating rays", ("seasonal",),
     ("summer", "sun", "yellow", "bright"), rays("#FFE066", "#FF922B", "#FFFFFF"))
_add("autumn_leaves", "Autumn leaves", "with falling autumn leaves", ("seasonal", "nature"),
     ("autumn", "fall", "leaves", "orange"),
     scatter(gradient([(0, "#F8E1C4"), (1, "#EFC39A")], 10), ["#D8572A", "#C32F27", "#F7B538", "#DB7C26"], "leaf",
              28, 0.9, (0.02, 0.045)))
_add("black_friday", "Black Friday", "on a bold black backdrop with yellow and red sale stripes", ("seasonal", "sale"),
     ("black friday", "sale", "bold", "black"), black_friday)
_add("party_confetti", "Party confetti", "with colourful party confetti", ("seasonal", "holiday"),
     ("party", "confetti", "new year", "celebration"),
     scatter(gradient([(0, "#1B1B3A"), (1, "#2E2A5A")], 0), ["#FFD166", "#EF476F", "#06D6A0", "#118AB2", "#FFFFFF"],
              "confetti", 70, 1.0, (0.008, 0.018)))
_add("neon_grid", "Neon grid", "on a retro synthwave neon grid at sunset", ("pattern",),
     ("neon", "retro", "synthwave", "night"), neon)

PRESET_STYLES: tuple[PresetStyle, ...] = tuple(_STYLES)
PRESETS_BY_ID: dict[str, PresetStyle] = {p.id: p for p in PRESET_STYLES}


@cached_images(160)  # MB: about twenty 1080×1920 scenes, hundreds of display-size ones
def _background(preset_id: str, width: int, height: int, seed: int, primary, secondary,
                stage: bool = True) -> Image.Image:
    ctx = Ctx(width, height, zlib.crc32(preset_id.encode()) * 1000 + seed, primary, secondary, stage)
    arr = _RENDERERS[preset_id](ctx)
    if arr.shape != (height, width, 3):
        arr = cv2.resize(arr, (width, height), interpolation=cv2.INTER_LINEAR)
    return Image.fromarray(np.ascontiguousarray(arr, dtype=np.uint8), "RGB")


def cached_background(preset_id: str, width: int, height: int, *, seed: int = 0, primary_color=None,
                      secondary_color=None, stage: bool = True) -> Image.Image:
    """Shared cached image — callers must copy before drawing on it. `stage=False`: no
    painted shadow of an imagined product (a creative that carries a real one)."""
    if preset_id not in _RENDERERS:
        raise RenderError(f"Unknown preset {preset_id!r}.", code="unknown_preset")
    if width < 1 or height < 1 or width * height > 40_000_000:
        raise RenderError(f"Invalid background size {width}×{height}.", code="invalid_size")
    args = (preset_id, width, height, seed, parse_hex(primary_color) if isinstance(primary_color, str)
            else primary_color, parse_hex(secondary_color) if isinstance(secondary_color, str) else secondary_color)
    return _background(*args) if stage else _background(*args, False)


def render_background(preset_id: str, width: int, height: int, *, seed: int = 0, primary_color=None,
                      secondary_color=None) -> Image.Image:
    """The scene for `preset_id` at width×height (RGB). Deterministic per seed and colours."""
    return cached_background(preset_id, width, height, seed=seed, primary_color=primary_color,
                             secondary_color=secondary_color).copy()
