"""A drawn player: the person on preset previews, and the subject of the synthetic test
photos (scripts/make_card_photos.py). Deterministic for the same arguments.

The figure is painted in layers at SS× and averaged down: a kit with collar, sleeves
and shading; neck and head shaded as rounded bodies (Lambert light from the upper
left); hair with a soft, strand-broken outline; brows, eyes, nose and mouth in the
proportions a face detector expects (eyes at mid-head, dark brows over light cheeks).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

SS = 2

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Look:
    skin: RGB = (206, 150, 112)
    hair: RGB = (38, 26, 20)
    kit: RGB = (220, 30, 48)
    kit_trim: RGB = (250, 250, 250)
    short_hair: bool = True
    beard: bool = False


LOOKS: tuple[Look, ...] = (
    Look(),
    Look(skin=(120, 78, 52), hair=(16, 12, 10), kit=(20, 70, 170), kit_trim=(255, 210, 40), beard=True),
    Look(skin=(236, 196, 164), hair=(150, 96, 44), kit=(250, 250, 250), kit_trim=(20, 20, 30), short_hair=False),
    Look(skin=(170, 116, 80), hair=(24, 20, 18), kit=(30, 140, 70), kit_trim=(245, 245, 245)),
)


def _shade(layer: np.ndarray, mask: np.ndarray, centre: tuple[float, float], radius: tuple[float, float],
           strength: float = 0.55) -> None:
    """Darken/lighten `layer` (float RGB) inside `mask` as a rounded body lit from the
    upper left: a sphere-like normal from the ellipse (centre, radius). Works on the
    mask's bounding box only."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return
    y0, y1, x0, x1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    nx = (xs - centre[0]) / radius[0]
    ny = (ys - centre[1]) / radius[1]
    nz = np.sqrt(np.clip(1.0 - nx * nx - ny * ny, 0.0, 1.0))
    light = np.array([-0.45, -0.55, 0.70], np.float32)
    light /= np.linalg.norm(light)
    lam = np.clip(nx * light[0] + ny * light[1] + nz * light[2], 0.0, 1.0)
    factor = (1.0 - strength) + strength * 1.25 * lam
    region = layer[y0:y1, x0:x1]
    m = mask[y0:y1, x0:x1, None]
    region[:] = np.where(m, region * factor[..., None], region)


def draw_player(width: int = 800, height: int = 1000, look: Look = LOOKS[0]) -> tuple[Image.Image, tuple]:
    """The player on a transparent background (RGBA, width × height) and the face box
    (left, top, right, bottom: brows to chin)."""
    W, H = width * SS, height * SS
    rgb = np.zeros((H, W, 3), np.float32)
    alpha = np.zeros((H, W), np.float32)

    def shape(draw_fn) -> np.ndarray:
        img = Image.new("L", (W, H), 0)
        draw_fn(ImageDraw.Draw(img))
        return np.asarray(img) > 127

    def paint(mask: np.ndarray, colour) -> None:
        rgb[mask] = colour
        alpha[mask] = 1.0

    cx = W * 0.5
    head_c = (cx, H * 0.34)
    head_r = (W * 0.15, H * 0.16)
    # torso: shoulders as a wide rounded body, the kit's sleeves darker at the sides
    torso = shape(lambda d: d.rounded_rectangle((W * 0.04, H * 0.585, W * 0.96, H * 1.3), radius=W * 0.2, fill=255))
    paint(torso, look.kit)
    _shade(rgb, torso, (cx - W * 0.05, H * 0.68), (W * 0.55, H * 0.55), strength=0.45)
    for side in (-1, 1):
        sleeve = shape(lambda d, s=side: d.line(
            [(cx + s * W * 0.41, H * 0.66), (cx + s * W * 0.45, H * 1.0)], fill=255, width=int(W * 0.03)))
        paint(sleeve & torso, look.kit_trim)
    # neck, with the chin's shadow on it
    neck = shape(lambda d: d.rounded_rectangle((cx - W * 0.085, H * 0.44, cx + W * 0.085, H * 0.64),
                                               radius=W * 0.03, fill=255))
    paint(neck, tuple(c * 0.82 for c in look.skin))
    _shade(rgb, neck, (cx - W * 0.02, H * 0.52), (W * 0.1, H * 0.25), strength=0.5)
    # collar: a V in the trim colour
    collar = shape(lambda d: d.polygon([(cx - W * 0.13, H * 0.59), (cx, H * 0.70), (cx + W * 0.13, H * 0.59),
                                        (cx + W * 0.095, H * 0.585), (cx, H * 0.655), (cx - W * 0.095, H * 0.585)],
                                       fill=255))
    paint(collar, look.kit_trim)
    # ears, head (everything below in units of the head's radii rx, ry)
    hy = head_c[1]
    rx, ry = head_r
    for side in (-1, 1):
        ear = shape(lambda d, s=side: d.ellipse((cx + s * rx - rx * 0.2, hy - ry * 0.05, cx + s * rx + rx * 0.2,
                                                 hy + ry * 0.45), fill=255))
        paint(ear, tuple(c * 0.9 for c in look.skin))
    head = shape(lambda d: d.ellipse((cx - rx, hy - ry, cx + rx, hy + ry), fill=255))
    jaw = shape(lambda d: d.polygon([(cx - rx * 0.98, hy + ry * 0.25), (cx + rx * 0.98, hy + ry * 0.25),
                                     (cx + rx * 0.55, hy + ry * 0.95), (cx, hy + ry * 1.08),
                                     (cx - rx * 0.55, hy + ry * 0.95)], fill=255))
    face_area = head | jaw
    paint(face_area, look.skin)
    _shade(rgb, face_area, (cx - W * 0.01, hy + H * 0.01), (rx * 1.15, ry * 1.2))
    # features: a dark band of brows and eye sockets over lighter cheeks, a lit nose bridge
    ey = hy + ry * 0.12
    for side in (-1, 1):
        ex = cx + side * rx * 0.40
        socket = shape(lambda d, x=ex: d.ellipse((x - rx * 0.30, ey - ry * 0.16, x + rx * 0.30, ey + ry * 0.12),
                                                 fill=255))
        rgb[socket] *= 0.72
        brow = shape(lambda d, x=ex, s=side: d.polygon(
            [(x - rx * 0.28, ey - ry * 0.17), (x + rx * 0.28, ey - ry * 0.20), (x + rx * 0.28, ey - ry * 0.27),
             (x - rx * 0.28, ey - ry * 0.24)], fill=255))
        paint(brow, tuple(c * 0.8 for c in look.hair))
        white = shape(lambda d, x=ex: d.ellipse((x - rx * 0.19, ey - ry * 0.055, x + rx * 0.19, ey + ry * 0.055),
                                                fill=255))
        paint(white, (200, 190, 182))
        iris = shape(lambda d, x=ex: d.ellipse((x - rx * 0.085, ey - ry * 0.06, x + rx * 0.085, ey + ry * 0.06),
                                               fill=255))
        paint(iris, (50, 32, 24))
        lid = shape(lambda d, x=ex: d.arc((x - rx * 0.2, ey - ry * 0.07, x + rx * 0.2, ey + ry * 0.07), 180, 360,
                                          fill=255, width=max(2, int(ry * 0.03))))
        paint(lid, (30, 20, 16))
    bridge = shape(lambda d: d.ellipse((cx - rx * 0.09, ey - ry * 0.2, cx + rx * 0.09, hy + ry * 0.5), fill=255))
    rgb[bridge] = np.minimum(rgb[bridge] * 1.1, 255)
    nose = shape(lambda d: d.polygon([(cx + rx * 0.02, ey), (cx - rx * 0.13, hy + ry * 0.55),
                                      (cx + rx * 0.02, hy + ry * 0.57)], fill=255))
    rgb[nose] *= 0.85
    nostrils = shape(lambda d: d.ellipse((cx - rx * 0.18, hy + ry * 0.52, cx + rx * 0.18, hy + ry * 0.62),
                                         fill=255))
    rgb[nostrils] *= 0.75
    mouth = shape(lambda d: d.chord((cx - rx * 0.32, hy + ry * 0.72, cx + rx * 0.32, hy + ry * 0.88), 0, 180,
                                    fill=255))
    paint(mouth, (140, 64, 60))
    lip = shape(lambda d: d.line([(cx - rx * 0.33, hy + ry * 0.78), (cx + rx * 0.33, hy + ry * 0.78)], fill=255,
                                 width=max(2, int(ry * 0.03))))
    paint(lip, (80, 36, 34))
    if look.beard:
        beard = jaw & ~shape(lambda d: d.ellipse((cx - rx * 0.45, hy + ry * 0.55, cx + rx * 0.45, hy + ry * 0.98),
                                                 fill=255))
        beard &= shape(lambda d: d.rectangle((0, hy + ry * 0.45, W, H), fill=255))
        rgb[beard] = rgb[beard] * 0.45 + np.array(look.hair) * 0.55
    # hair: a cap over the skull, its lower edge broken into strands
    top = hy - ry
    if look.short_hair:
        cap = shape(lambda d: d.chord((cx - rx * 1.06, top - ry * 0.14, cx + rx * 1.06, hy + ry * 0.25), 180, 360,
                                      fill=255))
        cap &= ~shape(lambda d: d.ellipse((cx - rx * 0.92, ey - ry * 0.5, cx + rx * 0.92, H * 0.7), fill=255))
    else:
        cap = shape(lambda d: d.ellipse((cx - rx * 1.2, top - ry * 0.2, cx + rx * 1.2, hy + ry * 1.0), fill=255))
        cap &= ~shape(lambda d: d.ellipse((cx - rx * 0.88, ey - ry * 0.42, cx + rx * 0.88, H * 0.7), fill=255))
        cap &= ~(torso & ~shape(lambda d: d.rectangle((0, 0, W, H * 0.6), fill=255)))
    rng = np.random.default_rng(7)
    strands = Image.new("L", (W, H), 0)
    sd = ImageDraw.Draw(strands)
    ys, xs = np.nonzero(cap[::8, ::8])
    for k in rng.choice(len(ys), size=min(len(ys), 900), replace=False):
        x0, y0 = xs[k] * 8, ys[k] * 8
        angle = rng.uniform(-0.6, 0.6) + (np.pi / 2)
        length = rng.uniform(0.01, 0.03) * H
        sd.line([(x0, y0), (x0 + np.cos(angle) * length * 0.4, y0 + np.sin(angle) * length)], fill=255,
                width=max(2, SS))
    hair = cap | (np.asarray(strands) > 127)
    paint(hair, look.hair)
    _shade(rgb, hair, (head_c[0] - W * 0.02, head_c[1] - H * 0.06), (head_r[0] * 1.3, head_r[1] * 1.2), 0.5)
    # a soft highlight on the hair and a touch of texture everywhere (no flat plastic)
    noise = rng.normal(0.0, 4.0, (H, W, 1)).astype(np.float32)
    rgb = np.clip(rgb + noise, 0, 255)
    img = Image.fromarray(rgb.astype(np.uint8), "RGB")
    img.putalpha(Image.fromarray((alpha * 255).astype(np.uint8), "L"))
    img = img.resize((width, height), Image.Resampling.BOX)
    face = (round((cx - rx) / SS), round((ey - ry * 0.4) / SS), round((cx + rx) / SS), round((hy + ry * 1.08) / SS))
    return img, face


def backdrop(width: int, height: int, kind: int) -> Image.Image:
    """A photo backdrop for a test photo: 0 a studio sweep, 1 a blurred stadium at night,
    2 a training pitch in daylight (deterministic)."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    t = ys / height
    if kind == 0:
        base = np.stack([200 - 70 * t, 204 - 70 * t, 210 - 66 * t], axis=-1)
        r = np.hypot(xs - width * 0.5, ys - height * 0.4) / max(width, height)
        base *= (1.0 - 0.35 * r[..., None])
        return Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "RGB")
    rng = np.random.default_rng(11 + kind)
    if kind == 1:
        base = np.stack([20 + 30 * t, 26 + 40 * t, 44 + 50 * t], axis=-1)
        img = np.clip(base, 0, 255).astype(np.uint8)
        for _ in range(60):
            x, y = int(rng.uniform(0, width)), int(rng.uniform(0, height * 0.45))
            rad = int(rng.uniform(6, 22))
            cv2.circle(img, (x, y), rad, (int(rng.uniform(200, 255)), int(rng.uniform(200, 250)), 255), -1)
        green = (ys > height * 0.62)
        img[green] = (img[green] * 0.3 + np.array([30, 110, 50]) * 0.7).astype(np.uint8)
        return Image.fromarray(cv2.GaussianBlur(img, (0, 0), 9), "RGB")
    sky = np.stack([120 + 60 * t, 170 + 40 * t, 230 - 10 * t], axis=-1)
    img = np.clip(sky, 0, 255).astype(np.uint8)
    grass = ys > height * 0.55
    stripes = ((xs + ys * 0.3) // (width / 8)) % 2
    img[grass] = np.stack([60 + 20 * stripes, 140 + 25 * stripes, 60 + 10 * stripes], axis=-1)[grass].astype(np.uint8)
    return Image.fromarray(cv2.GaussianBlur(img, (0, 0), 6), "RGB")


def player_photo(width: int = 720, height: int = 900, look: int = 0, kind: int = 0) -> Image.Image:
    """A synthetic photo of a player (RGB): the drawn player on a backdrop, slightly out
    of focus at the edges, with sensor noise; deterministic."""
    person, _ = draw_player(width, height, LOOKS[look % len(LOOKS)])
    photo = backdrop(width, height, kind)
    photo.paste(person, (0, 0), person)
    arr = np.asarray(photo).astype(np.float32)
    arr += np.random.default_rng(3 + look).normal(0.0, 2.5, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
