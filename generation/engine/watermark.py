"""Test-mode watermark: "TEST" repeated on a diagonal over the whole image."""
from __future__ import annotations


from PIL import Image, ImageDraw

from .caches import cached
from .languages import FONT_DIR
from .text import load_font


@cached(16)
def _masks(w: int, h: int) -> tuple[Image.Image, Image.Image]:
    """(outline mask, fill mask) for a w×h image; built once per size."""
    diag = int((w * w + h * h) ** 0.5) + 4
    size = max(12, round(min(w, h) * 0.16)) if min(w, h) >= 200 else max(12, round(min(w, h) * 0.5))
    font = load_font(str(FONT_DIR / "NotoSans-Bold.ttf"), size)
    stroke = max(1, size // 14)
    fill = Image.new("L", (diag, diag), 0)
    edge = Image.new("L", (diag, diag), 0)
    fd, ed = ImageDraw.Draw(fill), ImageDraw.Draw(edge)
    step_x = round(font.getlength("TEST") + size * 1.2)
    step_y = round(size * 2.1)
    for row, y in enumerate(range(0, diag, step_y)):
        offset = (row % 2) * step_x // 2
        for x in range(-step_x + offset, diag, step_x):
            ed.text((x, y), "TEST", font=font, fill=255, stroke_width=stroke, stroke_fill=255)
            fd.text((x, y), "TEST", font=font, fill=255)
    angle = 30 if w >= h else 60
    fill = fill.rotate(angle, resample=Image.Resampling.BILINEAR)
    edge = edge.rotate(angle, resample=Image.Resampling.BILINEAR)
    left, top = (diag - w) // 2, (diag - h) // 2
    box = (left, top, left + w, top + h)
    return edge.crop(box).point(lambda v: v * 45 // 100), fill.crop(box).point(lambda v: v * 55 // 100)


def apply_watermark(img: Image.Image) -> Image.Image:
    edge, fill = _masks(img.width, img.height)
    out = img.copy()
    out.paste((20, 20, 20), (0, 0, img.width, img.height), edge)
    out.paste((255, 255, 255), (0, 0, img.width, img.height), fill)
    return out
