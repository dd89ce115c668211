"""Composing a player card: the cached plate (frame.py), the player placed by the face,
the lettering, the watermark.

Layout, in shares of the card (u across, v down): the rating and position stand in a
column at the upper left (u < 0.34, v < 0.42), the number in a badge under them; the
face is placed at u = 0.56, v = 0.30, FACE_HEIGHT of the card tall, so it lies right of
that column and above the name band (v ≥ 0.68), which holds the name (one or two lines)
and the position written out.
"""
from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image, ImageDraw

from ..caches import cached
from ..errors import RenderError
from ..watermark import apply_watermark
from . import frame, lettering
from .person import Person, head_from_face, person_cut_out
from .presets import DEFAULT_CARD_PRESET, CardPalette, card_palette, card_preset
from .sample import draw_player
from .spec import POSITIONS, CardSpec

FACE_CENTRE = (0.56, 0.30)
FACE_HEIGHT = 0.19           # of the card's height
FACE_DROP = 0.05             # the face may move down this much (of the card's height) …
FACE_HEIGHT_MAX = 0.24       # … and grow to this, for a photo that ends at the chest
MAX_UPSCALE = 3.0            # a tiny photo is enlarged at most this much (then it shows)
FADE = (0.64, 0.76)          # the player fades out into the name band between these v …
FADE_METALLIC = (0.58, 0.71)  # … and sooner on foil designs, whose dark name stands on the foil itself
NAME_V = 0.755
NAME_WIDTH = 0.80            # of the card's width
NAME_CAP = (0.062, 0.036)    # one line: largest and smallest cap height (of the card's height)

POSITION_NAMES = {
    "GK": "GOALKEEPER", "CB": "CENTRE BACK", "LB": "LEFT BACK", "RB": "RIGHT BACK",
    "CDM": "DEFENSIVE MIDFIELDER", "CM": "CENTRAL MIDFIELDER", "CAM": "ATTACKING MIDFIELDER",
    "LM": "LEFT MIDFIELDER", "RM": "RIGHT MIDFIELDER", "LW": "LEFT WINGER", "RW": "RIGHT WINGER",
    "CF": "CENTRE FORWARD", "ST": "STRIKER",
}

Box = tuple[int, int, int, int]


def _check(spec: CardSpec) -> None:
    if spec.position not in POSITIONS:
        raise RenderError(f"Unknown position {spec.position!r}; one of: {' '.join(POSITIONS)}.",
                          code="invalid_card")
    if not 1 <= spec.skill_level <= 99:
        raise RenderError(f"Skill level {spec.skill_level} is outside 1–99.", code="invalid_card")
    if spec.number is not None and not 1 <= spec.number <= 99:
        raise RenderError(f"Number {spec.number} is outside 1–99.", code="invalid_card")
    if not spec.name.strip():
        raise RenderError("The player's name is empty.", code="invalid_card")
    if not (200 <= spec.width <= 4000 and 200 <= spec.height <= 4000):
        raise RenderError(f"A card is 200–4000 px a side, not {spec.width}×{spec.height}.", code="invalid_card")
    card_preset(spec.preset)


def _paste_person(canvas: np.ndarray, person: Person, g: frame.CardGeometry, window: np.ndarray,
                  boxes: dict, fade_at: tuple[float, float]) -> None:
    """Scale the cut-out so the face is FACE_HEIGHT of the card, put the face's centre
    at FACE_CENTRE, and blend it in (premultiplied), clipped to the card's window and
    faded into the name band; a soft shadow of the player falls on the card first."""
    if person.face is None:
        raise ValueError("a card needs a cut-out with a face")
    fl, ft, fr, fb = person.face
    face_h = max(1, fb - ft)
    scale = min(MAX_UPSCALE, FACE_HEIGHT * g.card_h / face_h)
    tx, ty = g.at(*FACE_CENTRE)
    # a photo cut off at the chest would end above the name band: move the player down,
    # then enlarge, until the figure reaches into the fade (within limits that keep the
    # face clear of the lettering)
    fade_end = g.at(0, fade_at[1])[1]
    bottom = person.bbox[3]
    cy = (ft + fb) / 2
    short = fade_end - (ty + (bottom - cy) * scale)
    if short > 0:
        drop = min(short, FACE_DROP * g.card_h)
        ty += drop
        short -= drop
    if short > 0 and bottom > cy:
        scale = max(scale, min(MAX_UPSCALE, FACE_HEIGHT_MAX * g.card_h / face_h, (fade_end - ty) / (bottom - cy)))
    ox = tx - (fl + fr) / 2 * scale
    oy = ty - cy * scale
    rgba = np.asarray(person.image)
    h, w = canvas.shape[:2]
    # the part of the canvas the scaled photo covers
    x0, y0 = max(0, math.floor(ox)), max(0, math.floor(oy))
    x1, y1 = min(w, math.ceil(ox + rgba.shape[1] * scale)), min(h, math.ceil(oy + rgba.shape[0] * scale))
    if x1 <= x0 or y1 <= y0:
        return
    m = np.array([[scale, 0, ox - x0], [0, scale, oy - y0]], np.float32)
    a = rgba[..., 3:4].astype(np.float32) / 255.0
    pre = np.concatenate([rgba[..., :3].astype(np.float32) * a, a * 255.0], axis=2)
    if scale < 1:  # shrink with area averaging first, then place at the sub-pixel offset
        sw, sh_ = max(1, round(rgba.shape[1] * scale)), max(1, round(rgba.shape[0] * scale))
        pre = cv2.resize(pre, (sw, sh_), interpolation=cv2.INTER_AREA)
        m = np.array([[sw / rgba.shape[1], 0, ox - x0], [0, sh_ / rgba.shape[0], oy - y0]], np.float32)
        m[0, 0] = m[1, 1] = 1.0
    placed = cv2.warpAffine(pre, m, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR, borderValue=0)
    alpha: np.ndarray = placed[..., 3] / 255.0
    vs = (np.arange(y0, y1, dtype=np.float32) - g.top) / g.card_h
    fade = np.clip((fade_at[1] - vs) / (fade_at[1] - fade_at[0]), 0.0, 1.0)
    fade = fade * fade * (3 - 2 * fade)  # smoothstep: no visible edge where the fade starts
    clip = window[y0:y1, x0:x1] * fade[:, None]
    region: np.ndarray = canvas[y0:y1, x0:x1].astype(np.float32)
    # shadow: the player's silhouette, soft, a little to the lower right
    sh = cv2.GaussianBlur(alpha, (0, 0), g.card_w / 90.0)
    shift = max(1, round(g.card_w / 110.0))
    moved = np.zeros_like(sh)
    moved[shift:, shift:] = sh[:-shift, :-shift]
    sh = moved * clip * 0.45
    region *= (1.0 - sh)[..., None]
    k = (alpha * clip)[..., None]
    region = region * (1.0 - k) + placed[..., :3] * clip[..., None]
    canvas[y0:y1, x0:x1] = np.clip(region + 0.5, 0, 255).astype(np.uint8)
    solid = (alpha * clip) >= 0.5
    rows, cols = np.flatnonzero(solid.any(axis=1)), np.flatnonzero(solid.any(axis=0))
    if rows.size:
        boxes["person"] = (x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1)
    boxes["face"] = (round(ox + fl * scale), round(oy + ft * scale), round(ox + fr * scale), round(oy + fb * scale))
    hl, ht, hr, hb = person.head
    boxes["head"] = (round(ox + hl * scale), round(oy + ht * scale), round(ox + hr * scale), round(oy + hb * scale))


def _band(canvas: np.ndarray, palette: CardPalette, g: frame.CardGeometry, window: np.ndarray) -> None:
    """A translucent band under the name on dark designs: the name reads on any photo."""
    if palette.band_alpha == 0:
        return
    y0 = int(g.at(0, 0.66)[1])
    y1 = int(g.at(0, 0.99)[1])
    vs = (np.arange(y0, y1, dtype=np.float32) - g.top) / g.card_h
    ramp = np.clip((vs - 0.66) / 0.08, 0.0, 1.0) * (palette.band_alpha / 255.0)
    k = (window[y0:y1] * ramp[:, None])[..., None]
    region = canvas[y0:y1].astype(np.float32)
    region = region * (1.0 - k) + np.asarray(palette.band, np.float32) * k
    canvas[y0:y1] = np.clip(region + 0.5, 0, 255).astype(np.uint8)


def _draw(img: Image.Image, line: lettering.SetLine | None, fill, shadow=None, boxes: list | None = None) -> None:
    if line is None:
        return
    x0, y0, x1, y1 = line.box
    if shadow is not None:
        colour, dy = shadow
        img.paste(colour, (x0, y0 + dy, x1, y1 + dy), line.mask)
    img.paste(tuple(fill), (x0, y0, x1, y1), line.mask)
    if boxes is not None:
        bb = line.mask.getbbox()
        if bb:
            boxes.append((x0 + bb[0], y0 + bb[1], x0 + bb[2], y0 + bb[3]))


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _letter(img: Image.Image, spec: CardSpec, palette: CardPalette, g: frame.CardGeometry, boxes: dict) -> None:
    ch = g.card_h
    dark = sum(palette.ink) > 384          # light ink on a dark design
    shadow = ((0, 0, 0), max(1, round(ch / 300))) if dark else (tuple(palette.rim_light), max(1, round(ch / 400)))
    # the rating and the position, one column
    col_u = 0.205
    rating_cap = 0.088 * ch
    found: list[Box] = []
    x, y = g.at(col_u, 0.125)
    _draw(img, lettering.set_line(str(spec.skill_level), rating_cap, anchor=(x, y), setting=lettering.DISPLAY),
          palette.ink, shadow, found)
    boxes["rating"] = found[-1]
    x, y = g.at(col_u, 0.205)
    _draw(img, lettering.set_line(spec.position, 0.036 * ch, anchor=(x, y), setting=lettering.DISPLAY),
          palette.ink, shadow, found)
    boxes["position"] = found[-1]
    draw = ImageDraw.Draw(img)
    lx0, ly = g.at(col_u - 0.075, 0.245)
    lx1, _ = g.at(col_u + 0.075, 0.245)
    draw.line([(lx0, ly), (lx1, ly)], fill=tuple(palette.accent), width=max(2, round(ch / 400)))
    if spec.number is not None:
        cx, cy = g.at(col_u, 0.305)
        r = 0.045 * ch
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=tuple(palette.accent), width=max(2, round(ch / 300)))
        line = lettering.set_line(str(spec.number), 0.032 * ch, anchor=(cx, cy), setting=lettering.DISPLAY)
        _draw(img, line, palette.ink, None, found)
        boxes["number"] = (round(cx - r), round(cy - r), round(cx + r), round(cy + r))
    # the name: one line, or two when one would be too small
    fitted = lettering.fit_name(spec.name, width=NAME_WIDTH * g.card_w, cap_max=NAME_CAP[0] * ch,
                                cap_min=NAME_CAP[1] * ch)
    names: list[Box] = []
    pitch = fitted.cap_px * 1.32
    n = len(fitted.lines)
    cx, cy = g.at(0.5, NAME_V)
    for i, text in enumerate(fitted.lines):
        yy = cy + (i - (n - 1) / 2) * pitch
        _draw(img, lettering.set_line(text, fitted.cap_px, anchor=(cx, yy), setting=fitted.setting),
              palette.ink, shadow, names)
    boxes["name_lines"] = names
    if names:
        boxes["name"] = _union(names)
    # an accent rule and the position written out
    name_bottom = boxes["name"][3] if names else cy
    ry = max(g.at(0, 0.815)[1], name_bottom + 0.015 * ch)
    rx0, _ = g.at(0.30, 0)
    rx1, _ = g.at(0.70, 0)
    draw.line([(rx0, ry), (rx1, ry)], fill=tuple(palette.accent), width=max(2, round(ch / 350)))
    role: list[Box] = []
    _draw(img, lettering.set_line(POSITION_NAMES[spec.position], 0.020 * ch, anchor=(cx, ry + 0.032 * ch),
                                  setting=lettering.DISPLAY), palette.ink_soft, None, role)
    if role:
        boxes["role"] = role[0]
    # the design's name at the foot, spaced out between two short rules
    label = " ".join(card_preset(boxes["design"]).name.upper())
    mark: list[Box] = []
    _draw(img, lettering.set_line(label, 0.014 * ch, anchor=g.at(0.5, 0.915), setting=lettering.DISPLAY),
          palette.accent, None, mark)
    if mark:
        boxes["label"] = mark[0]
        mx0, my0, mx1, my1 = mark[0]
        my = (my0 + my1) / 2
        gap, length = 0.02 * g.card_w, 0.06 * g.card_w
        thin = max(1, round(ch / 600))
        draw.line([(mx0 - gap - length, my), (mx0 - gap, my)], fill=tuple(palette.accent), width=thin)
        draw.line([(mx1 + gap, my), (mx1 + gap + length, my)], fill=tuple(palette.accent), width=thin)


def compose(spec: CardSpec, person: Person) -> tuple[Image.Image, dict]:
    """The card for `spec` with an already cut-out `person`, and where everything went."""
    _check(spec)
    preset = card_preset(spec.preset)
    design, palette = card_palette(preset, spec.skill_level)
    g = frame.geometry(spec.width, spec.height)
    outer, inner, window = frame.card_masks(spec.width, spec.height)
    preset_painted = card_preset(design)
    plate = frame.card_plate(preset_painted, palette, spec.width, spec.height)
    canvas = np.array(plate)
    boxes: dict = {"card": g.box(0, 0, 1, 1), "design": design}

    _paste_person(canvas, person, g, window, boxes, FADE_METALLIC if preset_painted.metallic else FADE)
    _band(canvas, palette, g, window)
    img = Image.fromarray(canvas, "RGB")
    _letter(img, spec, palette, g, boxes)
    if spec.watermark:
        img = apply_watermark(img)
    return img, boxes


def render_card(spec: CardSpec) -> Image.Image:
    """The player card (RGB, spec.width × spec.height). Cuts the player out of
    spec.photo; raises NoPersonFound when it shows no person."""
    _check(spec)
    return compose(spec, person_cut_out(spec.photo))[0]


def card_layout_boxes(spec: CardSpec) -> dict:
    """Where everything of the card landed, as (x0, y0, x1, y1) canvas boxes: "card",
    "face", "head", "person", "rating", "position", "number" (the badge), "name" (and
    "name_lines"), "role"; plus "design", the design painted (a tier card's tier).
    Renders the card to find out (for tests and tools)."""
    _check(spec)
    return compose(spec, person_cut_out(spec.photo))[1]


@cached(2)
def _sample_person() -> Person:
    image, face = draw_player(800, 1000)
    alpha = np.asarray(image.getchannel("A"))
    ys, xs = np.nonzero(alpha >= 128)
    bbox = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
    return Person(image=image, bbox=bbox, face=face, head=head_from_face(face))


@cached(16)
def _preview(preset_id: str) -> Image.Image:
    spec = CardSpec(name="Alex Rivera", position="ST", number=9, skill_level=88, preset=preset_id,
                    photo=Image.new("RGB", (1, 1)))
    return compose(spec, _sample_person())[0]


def render_card_preview(preset_id: str = DEFAULT_CARD_PRESET) -> Image.Image:
    """A sample card of a design, with the drawn player (deterministic)."""
    card_preset(preset_id)
    return _preview(preset_id).copy()
