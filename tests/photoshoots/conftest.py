from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from generation.engine import PRESET_STYLES
from generation.models import Preset
from tests.generation.conftest import ledger_stays_balanced  # noqa: F401 — Σ ledger = balance after each test


def product_photo(*, size=(900, 700), background=(232, 230, 226), body=(178, 34, 52), fmt="JPEG") -> bytes:
    """A phone-like photo of a bottle standing on a plain, softly lit background."""
    w, h = size
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    base = np.array(background, np.float32) * (1.02 - 0.08 * y)
    image = Image.fromarray(np.clip(np.broadcast_to(base, (h, w, 3)), 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    cx, bottom = w // 2, int(h * 0.86)
    bw, bh = int(w * 0.16), int(h * 0.56)
    draw.rounded_rectangle((cx - bw // 2, bottom - bh, cx + bw // 2, bottom), radius=bw // 4, fill=body)
    draw.rectangle((cx - bw // 6, bottom - bh - h // 9, cx + bw // 6, bottom - bh + 4), fill=body)
    draw.rectangle((cx - bw // 5, bottom - bh - h // 9 - h // 22, cx + bw // 5, bottom - bh - h // 9),
                   fill=(30, 30, 34))
    draw.rectangle((cx - bw // 2 + 8, bottom - bh // 2 - 40, cx + bw // 2 - 8, bottom - bh // 2 + 40),
                   fill=(245, 240, 228))
    highlight = Image.new("L", (w, h), 0)
    ImageDraw.Draw(highlight).rectangle((cx - bw // 3, bottom - bh + 20, cx - bw // 3 + 10, bottom - 30), fill=90)
    image.paste((255, 255, 255), mask=highlight.filter(ImageFilter.GaussianBlur(4)))
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 92} if fmt == "JPEG" else {}))
    return out.getvalue()


def empty_photo(*, size=(900, 700)) -> bytes:
    """A plain, softly lit wall with nothing on it."""
    w, h = size
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    base = np.array((232, 230, 226), np.float32) * (1.02 - 0.08 * y)
    image = Image.fromarray(np.clip(np.broadcast_to(base, (h, w, 3)), 0, 255).astype(np.uint8), "RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


@pytest.fixture
def presets(db) -> list[str]:
    """The catalog as `load_presets` makes it, without rendering previews."""
    Preset.objects.bulk_create([
        Preset(pk=style.id, name=style.name, prompt_text=style.prompt_text, categories=list(style.categories),
               tags=list(style.tags), base_style=style.id, sort_order=order)
        for order, style in enumerate(PRESET_STYLES)
    ])
    return [style.id for style in PRESET_STYLES]
