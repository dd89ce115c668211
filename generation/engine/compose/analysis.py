"""What the engine can say about a product from its cut-out, deterministically.

- Colours: k-means (k = 5) in CIE Lab over the opaque pixels of the cut-out reduced to
  ≤ 160 px, seeded from lightness quantiles (no randomness); clusters closer than
  ΔE 14 merge, clusters under 6 % of the pixels drop; named by the nearest entry of
  palette.NAMED_COLORS.
- Shape: from the alpha's bounding box (aspect = height / width) and fill (opaque
  share of that box).
- Recommendations: preset scenes scored by colour harmony with the product's main
  colour (lightness contrast, complementary/analogous hue, neutral backdrops for
  colourful products), picked greedily with a penalty for repeating a family or a
  colour; prompts written from templates in the words scene_from_prompt knows.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np
from PIL import Image

from ..scenes import PRESETS_BY_ID, cached_background
from .palette import NAMED_COLORS, chroma, color_name, hex_of, hue, lab_of, to_lab, to_rgb


@dataclass(frozen=True)
class ProductFacts:
    dominant_colors: tuple[str, ...]  # "#RRGGBB", most dominant first, 1–5, from the opaque pixels only
    color_names: tuple[str, ...]  # the same colours in words
    shape: str  # "tall and slim" | "tall" | "round" | "boxy" | "compact" | "wide" | "wide and low"
    orientation: str  # "portrait" | "landscape" | "square"
    frame_share: float  # share of the photo the product covers (0..1)


def _opaque_pixels(cutout: Image.Image) -> tuple[np.ndarray, tuple[int, int, int, int] | None, float, float]:
    """(opaque pixels of the cut-out reduced to ≤ 160 px, alpha bbox, share of the frame, fill of the bbox)."""
    img = cutout if cutout.mode == "RGBA" else cutout.convert("RGBA")
    alpha = img.getchannel("A")
    hist = alpha.histogram()
    solid = sum(hist[128:])
    total = max(1, img.width * img.height)
    box = alpha.point(lambda v: 255 if v > 127 else 0).getbbox()
    if box is None:
        return np.zeros((0, 3), np.float32), None, 0.0, 0.0
    crop = img.crop(box)
    fill = solid / max(1, crop.width * crop.height)
    scale = 160 / max(crop.size)
    if scale < 1:
        crop = crop.resize((max(1, round(crop.width * scale)), max(1, round(crop.height * scale))),
                           Image.Resampling.BOX, reducing_gap=3.0)
    arr = np.asarray(crop)
    return arr[arr[..., 3] > 200][:, :3].astype(np.float32), box, solid / total, fill


def _kmeans_lab(pixels: np.ndarray, k: int = 5, iterations: int = 12) -> list[tuple[np.ndarray, float]]:
    lab = to_lab(pixels)
    order = np.argsort(lab[:, 0], kind="stable")
    k = max(1, min(k, len(lab)))
    centers = lab[order[((np.arange(k) + 0.5) / k * len(lab)).astype(int)]].copy()
    for _ in range(iterations):
        d = ((lab[:, None, :] - centers[None]) ** 2).sum(-1)
        label = d.argmin(1)
        for i in range(k):
            members = lab[label == i]
            if len(members):
                centers[i] = members.mean(0)
    d = ((lab[:, None, :] - centers[None]) ** 2).sum(-1)
    label = d.argmin(1)
    counts = np.bincount(label, minlength=k).astype(np.float64)
    clusters = [(centers[i], counts[i] / len(lab)) for i in range(k) if counts[i]]
    # merge near-identical clusters (the same paint in light and shade stays apart: ΔE ≥ 14)
    merged: list[tuple[np.ndarray, float]] = []
    for c, w in sorted(clusters, key=lambda cw: -cw[1]):
        for j, (m, mw) in enumerate(merged):
            if np.linalg.norm(m - c) < 14:
                merged[j] = ((m * mw + c * w) / (mw + w), mw + w)
                break
        else:
            merged.append((c, w))
    merged.sort(key=lambda cw: -cw[1])
    kept = [cw for cw in merged if cw[1] >= 0.06] or merged[:1]
    return kept[:5]


def _shape(box: tuple[int, int, int, int] | None, fill: float) -> tuple[str, str]:
    if box is None:
        return "compact", "square"
    w, h = box[2] - box[0], box[3] - box[1]
    aspect = h / max(1, w)
    orientation = "portrait" if aspect > 1.15 else "landscape" if aspect < 1 / 1.15 else "square"
    if aspect >= 1.8:
        shape = "tall and slim"
    elif aspect >= 1.25:
        shape = "tall"
    elif aspect <= 0.55:
        shape = "wide and low"
    elif aspect <= 0.8:
        shape = "wide"
    elif fill >= 0.88:
        shape = "boxy"
    elif 0.68 <= fill < 0.88:
        shape = "round"
    else:
        shape = "compact"
    return shape, orientation


def product_facts(cutout: Image.Image) -> ProductFacts:
    """Colours, shape, orientation and frame share of an RGBA cut-out (alpha = matte)."""
    pixels, box, share, fill = _opaque_pixels(cutout)
    if len(pixels) == 0:
        return ProductFacts(("#808080",), ("grey",), "compact", "square", 0.0)
    clusters = _kmeans_lab(pixels)
    rgbs = to_rgb(np.array([c for c, _ in clusters], np.float32))
    hexes = tuple(hex_of(c) for c in rgbs)
    names = tuple(color_name(h) for h in hexes)
    shape, orientation = _shape(box, fill)
    return ProductFacts(hexes, names, shape, orientation, round(share, 4))


# --- names and descriptions ----------------------------------------------------------

_CAMERA = re.compile(
    r"^(img|image|dsc|dscn|dscf|dcim|pxl|mvimg|photo|picture|pic|screenshot|screen shot|whatsapp image|"
    r"signal|scan|untitled|capture|snapshot|file|upload|copy|final|edited|new|export|cut ?out)$", re.I)


def product_name_clean(filename: str) -> str:
    """A product name from an upload's file name: "IMG_2041-red_sneaker (2).JPG" →
    "Red sneaker"; a name made only of camera words and numbers → "Product"."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"\.[A-Za-z0-9]{2,5}$", "", base)
    base = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", base)
    base = re.sub(r"(?i)whats\s?app\s+(image|video)|screen\s?shot|\bat\s+\d{1,2}[.:]\d{2}([.:]\d{2})?", " ", base)
    base = re.sub(r"\d{4}-\d{2}-\d{2}", " ", base)
    base = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", base)  # camelCase → words
    words = []
    for word in re.split(r"[\s_\-.+,;]+", base):
        if not word or _CAMERA.match(word) or not re.search(r"[^\W\d_]", word):
            continue
        if re.fullmatch(r"(?i)(img|dsc|dscn|pxl|mvimg|v|ver|version)?\d+[a-z]?", word):
            continue
        words.append(word.lower())
    if not words:
        return "Product"
    name = " ".join(words)[:80].strip()
    return name[0].upper() + name[1:]


def _join(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def product_description(name: str, facts: ProductFacts) -> str:
    """One or two sentences from the measured facts (no model): colours, shape, framing."""
    names = list(dict.fromkeys(facts.color_names))[:3]
    pct = round(facts.frame_share * 100)
    framing = ("filling most of the photo" if pct >= 60 else f"covering about {max(pct, 1)}% of the photo")
    return (f"{name} in {_join(names)}. A {facts.shape} product in a {facts.orientation} shot, "
            f"{framing}.")


# --- recommendations -------------------------------------------------------------------

@lru_cache(maxsize=128)
def _scene_lab(preset_id: str) -> tuple[float, float, float]:
    small = np.asarray(cached_background(preset_id, 96, 36), np.float32).reshape(-1, 3)
    lab = to_lab(small).mean(0)
    return float(lab[0]), float(lab[1]), float(lab[2])


def _hue_gap(a: float, b: float) -> float:
    d = abs(a - b) % 360
    return min(d, 360 - d)


def _harmony(product: np.ndarray, scene: np.ndarray) -> float:
    """How well a scene of mean colour `scene` (Lab) sets off a product of main colour `product`."""
    contrast = min(abs(float(product[0] - scene[0])), 55.0) / 55.0
    pc, sc = chroma(product), chroma(scene)
    score = 1.6 * contrast
    if sc < 14:  # a neutral backdrop suits everything; more so a colourful product
        score += 0.55 + 0.25 * min(pc, 40) / 40
    elif pc < 14:  # a neutral product on a colourful scene: colour gives the contrast
        score += 0.45 + 0.2 * min(sc, 40) / 40
    else:
        gap = _hue_gap(hue(product), hue(scene))
        if gap >= 140:
            score += 0.8  # complementary
        elif gap <= 40:
            score += 0.55 if contrast > 0.3 else 0.2  # analogous: only with lightness contrast
        else:
            score += 0.25
    return score


def recommend_scenes(facts: ProductFacts, preset_ids: Sequence[str]) -> tuple[list[str], list[str]]:
    """(4 custom prompts, 6 distinct preset ids from `preset_ids`) by colour harmony."""
    product = lab_of(facts.dominant_colors[0])
    candidates = [p for p in dict.fromkeys(preset_ids) if p in PRESETS_BY_ID]
    scored = {p: _harmony(product, np.array(_scene_lab(p), np.float32)) for p in candidates}
    chosen: list[str] = []
    while len(chosen) < min(6, len(candidates)):
        def value(p: str) -> tuple[float, int]:
            v = scored[p]
            family = PRESETS_BY_ID[p].categories[0]
            v -= 0.45 * sum(PRESETS_BY_ID[c].categories[0] == family for c in chosen)
            lab = np.array(_scene_lab(p), np.float32)
            v -= 0.5 * sum(np.linalg.norm(lab - np.array(_scene_lab(c), np.float32)) < 12 for c in chosen)
            # never all on one side: after three dark (light) picks, more of the same lose
            dark = lab[0] < 45
            same = sum((_scene_lab(c)[0] < 45) == dark for c in chosen)
            v -= 0.6 * max(0, same - 2)
            return (v, -candidates.index(p))
        best = max((p for p in candidates if p not in chosen), key=value)
        chosen.append(best)
    return _prompts_for(facts), chosen


def _prompts_for(facts: ProductFacts) -> list[str]:
    """Four prompts a shop owner might write, in words scene_from_prompt understands."""
    main = lab_of(facts.dominant_colors[0])
    dark = main[0] < 45
    colourful = chroma(main) >= 18
    # a complementary colour for an accent, named in the prompt vocabulary
    if colourful:
        L, a, b = main
        comp = to_rgb(np.array([[min(max(L, 35), 80), -a * 0.8, -b * 0.8]], np.float32))[0]
        accent = color_name(hex_of(comp))
    else:
        accent = "terracotta" if dark else "navy blue"
    seed = zlib.crc32("|".join(facts.dominant_colors).encode())
    prompts = []
    if dark:
        prompts.append("on a white marble counter in soft morning light")
    else:
        prompts.append("on a warm walnut desk in soft morning light")
    prompts.append(f"on {accent} velvet with soft studio light")
    if facts.shape in ("tall and slim", "tall"):
        prompts.append("in a bright bathroom on a glossy stone shelf" if not dark else
                       "on a round pastel podium with soft studio light")
    elif facts.shape in ("wide and low", "wide"):
        prompts.append("on raw concrete with a neon glow" if not dark else "on a sandy beach at sunset")
    else:
        prompts.append("on a linen cloth in a bright kitchen" if not dark else
                       "on a light wood table in a forest")
    neutral = "cream" if dark else "charcoal"
    second = ("geometric pattern", "terrazzo", "stripes")[seed % 3]
    article = "an" if accent[:1].lower() in "aeiou" else "a"
    prompts.append(f"on {article} {accent} and {neutral} {second} background")
    return prompts


__all__ = ["NAMED_COLORS", "ProductFacts", "product_description", "product_facts", "product_name_clean",
           "recommend_scenes"]
