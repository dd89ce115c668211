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
    upper left: a sphere-like normal from the ellipse (centre, radius)."""
    h, w = mask.shape
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    nx = (xs - centre[0]) / radius[0]
    ny = (ys - centre[1]) / radius[1]
    nz = np.sqrt(np.clip(1.0 - nx * nx - ny * ny, 0.0, 1.0))
    light = np.array([-0.45, -0.55, 0.70], np.float32)
    light /= np.linalg.norm(light)
    lam = np.clip(nx * light[0] + ny * light[1] + nz * light[2], 0.0, 1.0)
    factor = (1.0 - strength) + strength * 1.25 * lam
    m = mask[..., None]
    layer[:] = np.where(m, layer * factor[..., None], layer)


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
    head_c = (cx, H * 0.36)
    head_r = (W * 0.135, H * 0.145)
    # torso: shoulders as a wide rounded body, the kit's sleeves darker at the sides
    torso = shape(lambda d: d.rounded_rectangle((W * 0.06, H * 0.64, W * 0.94, H * 1.3), radius=W * 0.22, fill=255))
    paint(torso, look.kit)
    _shade(rgb, torso, (cx - W * 0.05, H * 0.72), (W * 0.55, H * 0.55), strength=0.45)
    for side in (-1, 1):
        sleeve = shape(lambda d, s=side: d.line(
            [(cx + s * W * 0.40, H * 0.70), (cx + s * W * 0.45, H * 1.0)], fill=255, width=int(W * 0.03)))
        paint(sleeve & torso, look.kit_trim)
    # neck, with the chin's shadow on it
    neck = shape(lambda d: d.rounded_rectangle((cx - W * 0.075, H * 0.45, cx + W * 0.075, H * 0.70),
                                               radius=W * 0.03, fill=255))
    paint(neck, tuple(c * 0.82 for c in look.skin))
    _shade(rgb, neck, (cx - W * 0.02, H * 0.55), (W * 0.09, H * 0.3), strength=0.5)
    # collar: a V in the trim colour
    collar = shape(lambda d: d.polygon([(cx - W * 0.12, H * 0.645), (cx, H * 0.76), (cx + W * 0.12, H * 0.645),
                                        (cx + W * 0.085, H * 0.64), (cx, H * 0.715), (cx - W * 0.085, H * 0.64)],
                                       fill=255))
    paint(collar, look.kit_trim)
    # ears, head
    for side in (-1, 1):
        ear = shape(lambda d, s=side: d.ellipse((cx + s * head_r[0] - W * 0.03, H * 0.34, cx + s * head_r[0] + W * 0.03,
                                                 H * 0.41), fill=255))
        paint(ear, tuple(c * 0.9 for c in look.skin))
    head = shape(lambda d: d.ellipse((head_c[0] - head_r[0], head_c[1] - head_r[1], head_c[0] + head_r[0],
                                      head_c[1] + head_r[1]), fill=255))
    jaw = shape(lambda d: d.polygon([(cx - head_r[0] * 0.98, H * 0.38), (cx + head_r[0] * 0.98, H * 0.38),
                                     (cx + head_r[0] * 0.55, H * 0.48), (cx, H * 0.505),
                                     (cx - head_r[0] * 0.55, H * 0.48)], fill=255))
    face_area = head | jaw
    paint(face_area, look.skin)
    _shade(rgb, face_area, (head_c[0] - W * 0.01, head_c[1] + H * 0.01), (head_r[0] * 1.15, head_r[1] * 1.2))
    # features
    ey = H * 0.365
    for side in (-1, 1):
        ex = cx + side * W * 0.055
        brow = shape(lambda d, x=ex: d.line([(x - W * 0.035, ey - H * 0.028), (x + W * 0.035, ey - H * 0.032)],
                                            fill=255, width=int(H * 0.011)))
        paint(brow, tuple(c * 0.8 for c in look.hair))
        socket = shape(lambda d, x=ex: d.ellipse((x - W * 0.042, ey - H * 0.018, x + W * 0.042, ey + H * 0.016),
                                                 fill=255))
        rgb[socket] *= 0.8
        white = shape(lambda d, x=ex: d.ellipse((x - W * 0.03, ey - H * 0.009, x + W * 0.03, ey + H * 0.009),
                                                fill=255))
        paint(white, (236, 232, 226))
        iris = shape(lambda d, x=ex: d.ellipse((x - W * 0.012, ey - H * 0.009, x + W * 0.012, ey + H * 0.009),
                                               fill=255))
        paint(iris, (60, 40, 28))
    nose = shape(lambda d: d.polygon([(cx - W * 0.006, ey + H * 0.005), (cx - W * 0.022, H * 0.425),
                                      (cx + W * 0.02, H * 0.428), (cx + W * 0.01, ey + H * 0.005)], fill=255))
    rgb[nose] *= 0.86
    nostrils = shape(lambda d: d.ellipse((cx - W * 0.028, H * 0.42, cx + W * 0.028, H * 0.434), fill=255))
    rgb[nostrils] *= 0.78
    mouth = shape(lambda d: d.chord((cx - W * 0.045, H * 0.447, cx + W * 0.045, H * 0.472), 0, 180, fill=255))
    paint(mouth, (150, 70, 66))
    lip = shape(lambda d: d.line([(cx - W * 0.046, H * 0.458), (cx + W * 0.046, H * 0.458)], fill=255,
                                 width=max(2, int(H * 0.004))))
    paint(lip, (90, 40, 38))
    if look.beard:
        beard = jaw & ~shape(lambda d: d.ellipse((cx - W * 0.07, H * 0.395, cx + W * 0.07, H * 0.49), fill=255))
        beard &= shape(lambda d: d.rectangle((0, H * 0.40, W, H), fill=255))
        rgb[beard] = rgb[beard] * 0.45 + np.array(look.hair) * 0.55
    # hair: a cap over the skull, its lower edge broken into strands
    top = head_c[1] - head_r[1]
    if look.short_hair:
        cap_box = (head_c[0] - head_r[0] * 1.06, top - H * 0.025, head_c[0] + head_r[0] * 1.06, head_c[1] + H * 0.03)
        cap = shape(lambda d: d.chord(cap_box, 180, 360, fill=255))
        cap &= ~shape(lambda d: d.ellipse((cx - head_r[0] * 0.9, ey - H * 0.06, cx + head_r[0] * 0.9, H * 0.6),
                                          fill=255))
    else:
        cap = shape(lambda d: d.ellipse((head_c[0] - head_r[0] * 1.2, top - H * 0.04, head_c[0] + head_r[0] * 1.2,
                                         head_c[1] + H * 0.14), fill=255))
        cap &= ~shape(lambda d: d.ellipse((cx - head_r[0] * 0.86, ey - H * 0.05, cx + head_r[0] * 0.86, H * 0.62),
                                          fill=255))
        cap &= ~(torso & ~shape(lambda d: d.rectangle((0, 0, W, H * 0.66), fill=255)))
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
    face = (round((cx - head_r[0]) / SS), round((ey - H * 0.05) / SS), round((cx + head_r[0]) / SS),
            round(H * 0.505 / SS))
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
