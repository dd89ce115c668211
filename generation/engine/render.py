"""render_creative: a CreativeSpec in, an RGB image of the format's exact size out."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from operator import mul

import cv2
import numpy as np
from PIL import Image

from .caches import cached, cached_images
from .colors import (INK_DARK, WHITE, Palette, best_ink, contrast_ratio, mix, parse_hex, relative_luminance, rgb_of,
                     shade)
from .faces import face_for, headline_setting
from .headline import claim_parts, degradations, word_count
from .errors import RenderError, TextDoesNotFit
from .formats import FORMATS, FormatSpec
from .languages import LanguageSetting, language_setting
from .layouts import HIERARCHY, MIN_CTA_PX, Box, Layout, claim_on_panel, layout_for, logo_aspect_bucket
from .legibility import best_ink_for, detail_map, has_detail, required_contrast, samples_behind
from .palettes import color_system, legible_button
from .product import place_product, prepared_product
from .product_layouts import STEPS as PRODUCT_STEPS
from .product_layouts import product_layout_for
from .scenes import cached_background
from .spec import CreativeSpec
from .text import (FittedText, baseline_for_middle, draw_line, fit_text, line_mask, missing_glyphs_message,
                   normalize_claim)
from .watermark import apply_watermark



def _palette_for(spec: CreativeSpec) -> Palette:
    return color_system(preset=spec.preset, primary=spec.primary_color, secondary=spec.secondary_color,
                        variant=spec.variant)


# --- built-in background (no preset) -------------------------------------------------

@cached(64)
def _gradient_grid(lw: int, lh: int, flip: bool) -> np.ndarray:
    """Where each cell of the small gradient grid sits between the two colours (0..1):
    the same for every palette."""
    yy, xx = np.ogrid[0:lh, 0:lw]
    t = (xx / max(lw - 1, 1) * 0.45 + yy / max(lh - 1, 1) * 0.55).astype(np.float32)
    return (1.0 - t if flip else t)[..., None]


_SHIFT = 4  # fractional bits of the outline points handed to OpenCV


def _circle(img: np.ndarray, center: tuple[int, int], radius: int, color, thickness: int) -> None:
    """An anti-aliased circle (thickness -1: a disc) filled as fine polygons with sub-pixel
    points: cv2.circle steps 5° on large radii, which shows as facets on a 1080 px ring."""

    def rim(r: float) -> np.ndarray:
        steps = max(24, int(2 * np.pi * r / 3))  # a vertex every 3 px of the rim
        angles = np.linspace(0.0, 2 * np.pi, steps, endpoint=False)
        pts = np.stack((center[0] + r * np.cos(angles), center[1] + r * np.sin(angles)), axis=1)
        return np.rint(pts * (1 << _SHIFT)).astype(np.int32)

    if thickness < 0:
        cv2.fillPoly(img, [rim(radius)], color, cv2.LINE_AA, _SHIFT)
    else:  # a ring: the area between two rims (filled even-odd)
        cv2.fillPoly(img, [rim(radius + thickness / 2), rim(max(radius - thickness / 2, 0.5))], color, cv2.LINE_AA,
                     _SHIFT)


# The palette's colours as weights: the background is drawn once in these, then mapped.
_BG, _BG2, _ACCENT = (255, 0, 0), (0, 255, 0), (0, 0, 255)


@cached_images(48, nbytes=lambda weights: weights.nbytes)  # MB
def _background_weights(w: int, h: int, deco: str, rtl: bool, flip: bool) -> np.ndarray:
    """How much of the palette's bg2 and accent every pixel of the built-in background
    takes (channels 1 and 2, 0..255; bg takes the rest; channel 0 is a constant 255).

    The gradient and every decoration are blends towards one of the palette's colours,
    so the background is drawn once per format and look with the three colours as
    unit weights, and each palette then costs one cv2.transform (a 3×3 matrix per
    pixel). bg's share is implied rather than stored: three rounded shares need not
    add up to 255, and that ±1 jitter between neighbours would double the PNG's size."""
    # The gradient is smooth: compute it on a small grid and let OpenCV upscale it.
    c0 = np.array(_BG, np.float32)
    c1 = np.array(_BG2, np.float32)
    small = np.rint(c0 + (c1 - c0) * _gradient_grid(max(2, w // 8), max(2, h // 8), flip)).astype(np.uint8)
    img = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    s = min(w, h)
    accent = _ACCENT

    def X(x: float) -> int:  # mirror decorations for right-to-left layouts
        return int(round(w - x if rtl else x))

    def disc(cx: int, cy: int, r: int, alpha: float) -> None:
        """A translucent anti-aliased disc, blended only inside its bounding box."""
        x0, y0, x1, y1 = max(cx - r - 1, 0), max(cy - r - 1, 0), min(cx + r + 2, w), min(cy + r + 2, h)
        if x1 <= x0 or y1 <= y0:
            return
        roi = img[y0:y1, x0:x1]
        overlay = roi.copy()
        _circle(overlay, (cx - x0, cy - y0), r, accent, -1)
        cv2.addWeighted(overlay, alpha, roi, 1.0 - alpha, 0, dst=roi)

    if deco == "corners":
        disc(X(w * 0.96), int(h * 0.04), int(s * 0.32), 0.16)
        disc(X(w * 0.02), int(h * 0.98), int(s * 0.22), 0.16)
        _circle(img, (X(w * 0.96), int(h * 0.04)), int(s * 0.40), accent, max(2, s // 160))
    elif deco == "orb":
        disc(X(w * 0.95), int(h * 0.93), int(s * 0.42), 0.22)
        _circle(img, (X(w * 0.95), int(h * 0.93)), int(s * 0.5), accent, max(2, s // 200))
    elif deco == "half_orb":
        disc(X(w * 0.86), int(h * 0.5), int(s * 0.55), 0.2)
        _circle(img, (X(w * 0.86), int(h * 0.5)), int(s * 0.38), accent, max(2, s // 120))
    elif deco == "stripes":
        overlay = img.copy()
        step = max(s // 9, 6)
        thick = max(step // 3, 2)
        # One call for all the stripes (the same lines as one cv2.line each; a thin banner has ~90).
        cv2.polylines(overlay, [np.array(((X(i), 0), (X(i + h), h)), np.int32) for i in range(-h, w + h, step)],
                      False, accent, thick, cv2.LINE_AA)
        cv2.addWeighted(overlay, 0.07, img, 0.93, 0, dst=img)
    elif deco == "rings":
        for r in (0.2, 0.34, 0.48, 0.62):
            _circle(img, (X(w * 0.08), int(h * 0.12)), int(s * r), mix(_BG, _ACCENT, 0.35), max(2, s // 220))
    img[..., 0] = 255
    return img


def _default_background(w: int, h: int, palette: Palette, deco: str, rtl: bool, flip: bool) -> Image.Image:
    bg, bg2, accent = (np.array(c, np.float32) for c in (palette.bg, palette.bg2, palette.accent))
    colors = np.stack((bg, bg2 - bg, accent - bg), axis=1) / 255.0  # [channel, (1, bg2 share, accent share)]
    pixels = cv2.transform(_background_weights(w, h, deco, rtl, flip), colors)
    # Copied into Pillow's layout (RGB has no shared-memory mode).
    return Image.frombuffer("RGB", (w, h), pixels, "raw", "RGB", 0, 1)


# --- drawing helpers -----------------------------------------------------------------

@cached(64)
def _corners(radius: int, alpha: int) -> tuple[Image.Image, Image.Image, Image.Image, Image.Image]:
    """Anti-aliased quarter discs (coverage × alpha/255) for the four corners of a
    rounded rectangle — the only anti-aliased part of a panel or pill, computed
    analytically once per (radius, alpha) instead of supersampling the shape."""
    yy, xx = np.mgrid[0:radius, 0:radius].astype(np.float32) + 0.5
    cover = np.clip(radius - np.hypot(radius - xx, radius - yy) + 0.5, 0.0, 1.0)
    tl = np.round(cover * alpha).astype(np.uint8)
    return tuple(Image.fromarray(np.ascontiguousarray(a), "L")  # type: ignore[return-value]
                 for a in (tl, tl[:, ::-1], tl[::-1, :], tl[::-1, ::-1]))


@cached(256)
def _rounded_mask(w: int, h: int, r: int) -> Image.Image:
    """Coverage of a small w×h rounded rectangle (button sizes recur: labels are few)."""
    mask = Image.new("L", (w, h), 255)
    for xy, m in zip(((0, 0), (w - r, 0), (0, h - r), (w - r, h - r)), _corners(r, 255)):
        mask.paste(m, xy)
    return mask


def _rounded_parts(img: Image.Image, box, radius: int):
    """A rounded rectangle clipped to img, in whole pixels: (x0, y0, x1, y1, r) or None."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, img.width), min(y1, img.height)
    if x1 <= x0 or y1 <= y0:
        return None
    return x0, y0, x1, y1, max(0, min(radius, (x1 - x0) // 2, (y1 - y0) // 2))


def _bands_and_corners(x0: int, y0: int, x1: int, y1: int, r: int):
    """The plain bands of a rounded rectangle, and its corners as ((x, y), coverage mask)."""
    if not r:
        return [(x0, y0, x1, y1)], []
    bands = [(x0, y0 + r, x1, y1 - r), (x0 + r, y0, x1 - r, y0 + r), (x0 + r, y1 - r, x1 - r, y1)]
    corners = zip(((x0, y0), (x1 - r, y0), (x0, y1 - r), (x1 - r, y1 - r)), _corners(r, 255))
    return [b for b in bands if b[2] > b[0] and b[3] > b[1]], list(corners)


def _fill_rounded(img: Image.Image, box, color, radius: int) -> None:
    """Fill a rounded rectangle: plain fills for the body, small masks for the corners."""
    parts = _rounded_parts(img, box, radius)
    if parts is None:
        return
    x0, y0, x1, y1, r = parts
    color = tuple(int(c) for c in color)
    if r and (x1 - x0) * (y1 - y0) <= 6_000:  # a small bar: one paste through a cached mask
        img.paste(color, (x0, y0, x1, y1), _rounded_mask(x1 - x0, y1 - y0, r))
        return
    bands, corners = _bands_and_corners(*parts)
    for band in bands:
        img.paste(color, band)
    for (cx, cy), m in corners:
        img.paste(color, (cx, cy, cx + r, cy + r), m)


def _paste_rounded(img: Image.Image, source: Image.Image, box, radius: int) -> None:
    """Copy what `source` (an image of img's size) has inside a rounded rectangle onto img:
    plain copies for the body, small coverage masks for the corners."""
    parts = _rounded_parts(img, box, radius)
    if parts is None:
        return
    r = parts[4]
    bands, corners = _bands_and_corners(*parts)
    for band in bands:
        img.paste(source.crop(band), band[:2])
    for (cx, cy), m in corners:
        img.paste(source.crop((cx, cy, cx + r, cy + r)), (cx, cy), m)


# Below this size a headline is set in the language's text face, not the look's display face.
DISPLAY_FACE_MIN_PX = 16
# A short claim (1–3 words) is set up to this share of the format's short side.
SHORT_CLAIM_SHARE = 0.33


@cached(64)
def _feather_mask(w: int, h: int, left: int, top: int, right: int, bottom: int, feather: int) -> Image.Image:
    """Coverage 255 inside the inner box (left/top/right/bottom in from the edges),
    easing to 0 at the outer edge."""
    def ramp(n: int, start: int, end: int) -> np.ndarray:
        t = np.ones(n, np.float32)
        pos = np.arange(n, dtype=np.float32) + 0.5
        if start > 0:
            t = np.minimum(t, np.clip(pos / start, 0, 1))
        if end > 0:
            t = np.minimum(t, np.clip((n - pos) / end, 0, 1))
        return t * t * (3 - 2 * t)

    mask = np.minimum(ramp(h, top, bottom)[:, None], ramp(w, left, right)[None, :])
    return Image.fromarray(np.round(mask * 255).astype(np.uint8), "L")


@cached(64)
def _blend_table(color: tuple[int, int, int], alpha: int) -> list[int]:
    """Per-channel table of v → v blended with `color` at alpha/255, rounded as Pillow
    rounds its own blends."""
    return [(v * (255 - alpha) + c * alpha + 127) // 255 for c in color for v in range(256)]


_LUMA = (0.2126, 0.7152, 0.0722)


def _region_stats(img: Image.Image, box) -> tuple[tuple[float, float, float], float]:
    """Mean colour and luminance spread (0..1) of a region, from an 8×8 point sample."""
    x0, y0, x1, y1 = box
    w, h = img.size
    x0, y0 = min(max(float(x0), 0.0), w - 1.0), min(max(float(y0), 0.0), h - 1.0)
    x1, y1 = min(max(float(x1), x0 + 1), w), min(max(float(y1), y0 + 1), h)
    sample = img.resize((8, 8), Image.Resampling.NEAREST, box=(x0, y0, x1, y1)).tobytes()
    r, g, b = sample[0::3], sample[1::3], sample[2::3]
    sr, sg, sb = sum(r), sum(g), sum(b)
    # Variance of the luminance as E[lum²] − E[lum]², from exact integer sums of products
    # (64 samples: plain sums over bytes beat a numpy round trip).
    wr, wg, wb = _LUMA
    lum2 = (wr * wr * sum(map(mul, r, r)) + wg * wg * sum(map(mul, g, g)) + wb * wb * sum(map(mul, b, b))
            + 2 * (wr * wg * sum(map(mul, r, g)) + wr * wb * sum(map(mul, r, b)) + wg * wb * sum(map(mul, g, b))))
    mean_lum = (wr * sr + wg * sg + wb * sb) / 64.0
    spread = max(lum2 / 64.0 - mean_lum * mean_lum, 0.0) ** 0.5
    return (sr / 64.0, sg / 64.0, sb / 64.0), spread / 255.0


# --- the renderer --------------------------------------------------------------------

def _resolve_x(align: str, rtl: bool) -> str:
    if align == "center":
        return "center"
    start_is_left = not rtl
    return "left" if (align == "start") == start_is_left else "right"


def render_creative(spec: CreativeSpec) -> Image.Image:
    """The creative for `spec` as an RGB image of exactly the format's size."""
    fmt = FORMATS.get(spec.format_code)
    if fmt is None:
        raise RenderError(f"Unknown format {spec.format_code!r}.", code="unknown_format")
    return _render(fmt, spec)


def preview_creative(preset_id: str, title: str) -> Image.Image:
    """A 480×360 sample creative on a preset scene (preset picker thumbnails)."""
    fmt = FormatSpec("preview", 480, 360, "Preset preview", "landscape")
    spec = CreativeSpec(claim=title, language="EN", format_code="preview", cta="Shop now", variant=1,
                        preset=preset_id)
    return _render(fmt, spec)


def _render(fmt: FormatSpec, spec: CreativeSpec, boxes: dict | None = None) -> Image.Image:
    setting = language_setting(spec.language)
    claim = normalize_claim(spec.claim or "")
    if not claim:
        raise RenderError("The claim is empty.", code="empty_claim")
    rtl = setting.rtl
    cta_text = " ".join((spec.cta or "").split())
    problem = missing_glyphs_message(f"{claim} {cta_text}", setting.code)
    if problem:  # the font would draw empty boxes
        raise RenderError(problem, code="unsupported_characters")
    if spec.product is not None:
        return _render_with_product(fmt, spec, setting, claim, cta_text, boxes)
    head, sub = claim_parts(claim)
    short = sub is None and word_count(head) <= 3
    palette = _palette_for(spec)
    aspect = logo_aspect_bucket(spec.logo)
    # In a banner a wide logo slot yields to the claim before the claim fails: a
    # narrower slot first, then none (the claim takes the logo's place).
    tries = [(spec.logo is not None, aspect)]
    if spec.logo is not None and fmt.family == "banner":
        tries += [(True, 2.0)] if aspect > 2 else []
        tries.append((False, 1.0))
    for attempt, (with_logo, slot) in enumerate(tries):
        layout, cta = _layout_with_cta(fmt, spec.variant, setting, with_logo, cta_text, slot, short)
        plate = _plate_or_retry(fmt, layout, palette, spec, rtl)
        img = plate.image.copy()
        try:
            try:
                _draw_content(img, plate, fmt, layout, palette, setting, claim, spec, cta_text, cta, boxes=boxes,
                              lead_or_drop=_drops_cta(fmt) and cta is not None)
            except _HeadlineCannotLead:  # 320×50: the claim takes the button's place (the banner is the link)
                if boxes is not None:
                    boxes.clear()
                layout, cta = _without_cta(layout), None
                plate = _plate_or_retry(fmt, layout, palette, spec, rtl)
                img = plate.image.copy()
                _draw_content(img, plate, fmt, layout, palette, setting, claim, spec, "", None, boxes=boxes)
        except TextDoesNotFit:
            if attempt == len(tries) - 1:
                raise
            if boxes is not None:
                boxes.clear()
            continue
        return _finish(img, fmt, layout, spec, rtl, boxes, plate)
    raise AssertionError("unreachable")


class _HeadlineCannotLead(Exception):
    """Even the claim's shortest form cannot be set HIERARCHY × the smallest legible label."""


def _drops_cta(fmt: FormatSpec) -> bool:
    """Only the one-row 320×50 gives up its button for the headline (README, Hierarchy)."""
    return fmt.family == "banner" and fmt.height < 60


def _without_cta(layout: Layout) -> Layout:
    """A side-by-side layout with the button's box given to the claim (a band under it follows)."""
    if layout.cta_box is None or layout.cta_below:
        return layout
    cx0, _, cx1, _ = layout.cta_box
    x0, y0, x1, y1 = layout.claim
    claim = (x0, y0, cx1, y1) if cx0 >= x1 else (cx0, y0, x1, y1)
    panel = layout.panel
    if panel is not None and claim_on_panel(layout):
        panel = (panel[0] + (claim[0] - x0), panel[1], panel[2] + (claim[2] - x1), panel[3])
    return replace(layout, claim=claim, cta_box=None, panel=panel)


def _render_with_product(fmt: FormatSpec, spec: CreativeSpec, setting: LanguageSetting, claim: str,
                         cta_text: str, boxes: dict | None) -> Image.Image:
    """The creative with the product in its zone; when the claim does not fit, the
    product gives the text room (smaller zone) before the output fails."""
    assert spec.product is not None  # only creatives with a product come here
    product = prepared_product(spec.product)
    aspect = product.aspect
    palette = _palette_for(spec)
    for step in range(PRODUCT_STEPS):
        try:
            layout, cta = _product_layout_with_cta(fmt, spec.variant, aspect, setting, spec.logo is not None,
                                                   cta_text, step)
            plate = _plate_or_retry(fmt, layout, palette, spec, setting.rtl)
            img = plate.image.copy()
            placed = place_product(img, product, layout.product)
            _draw_content(img, plate, fmt, layout, palette, setting, claim, spec, cta_text, cta,
                          avoid=layout.product, boxes=boxes)
        except TextDoesNotFit:
            if step == PRODUCT_STEPS - 1:
                raise
            continue
        if boxes is not None:
            boxes["product"] = placed
            boxes["product_zone"] = layout.product
        return _finish(img, fmt, layout, spec, setting.rtl, boxes, plate)
    raise AssertionError("unreachable")


def _plate_or_retry(fmt: FormatSpec, layout: Layout, palette: Palette, spec: CreativeSpec, rtl: bool) -> _Plate:
    try:
        return _plate_for(fmt, layout, palette, spec, rtl)
    except RenderError:
        raise
    except (MemoryError, OSError) as exc:  # resource trouble: worth another attempt
        raise RenderError(f"Background rendering failed: {exc}", code="render_failed", retryable=True) from exc


def _finish(img: Image.Image, fmt: FormatSpec, layout: Layout, spec: CreativeSpec, rtl: bool,
            boxes: dict | None, plate: "_Plate | None" = None) -> Image.Image:
    """The logo and the test watermark: what goes over everything else."""
    if spec.logo is not None and layout.logo is not None:
        placed = _place_logo(img, spec.logo, layout.logo,
                             _resolve_x(layout.align, rtl) if fmt.family not in ("banner",) else "center",
                             plate, boxes)
        if boxes is not None:
            boxes["logo"] = placed
    if spec.watermark:
        img = apply_watermark(img)
    return img


def layout_boxes(spec: CreativeSpec) -> dict:
    """Where everything of `spec`'s creative landed, as (x0, y0, x1, y1) boxes: "lines"
    (the ink of each claim line), "cta", "bar" (accent rule), "scrim", "logo",
    "product" (the product's visible pixels) and "product_zone"; absent keys were not
    drawn. Renders the creative to find out (for tests and tools, not the pipeline)."""
    fmt = FORMATS.get(spec.format_code)
    if fmt is None:
        raise RenderError(f"Unknown format {spec.format_code!r}.", code="unknown_format")
    boxes: dict = {}
    _render(fmt, spec, boxes)
    return boxes


# --- the plate: what does not depend on the claim --------------------------------------

class _Plate:
    """The scene with the layout's panel on it: everything under the claim that does not
    depend on the claim, composed once per look and shared (read-only) by every creative
    drawn on it. Contrast samples of fixed boxes (a side button's place) are kept too."""

    __slots__ = ("image", "panel_color", "_stats", "_detail")

    def __init__(self, image: Image.Image, panel_color):
        self.image = image
        self.panel_color = panel_color
        self._stats: dict = {}
        self._detail: tuple[np.ndarray, int] | None = None

    def has_detail(self, box) -> bool:
        """Whether decoration (legibility.detail_map) falls inside `box`."""
        detail = self._detail
        if detail is None:
            detail = self._detail = detail_map(self.image)
        return has_detail(detail, box)

    @property
    def image_bytes(self) -> int:  # counted whole even when shared with the scene cache: it keeps it alive
        return self.image.width * self.image.height * 4

    def region_stats(self, box) -> tuple[tuple[float, float, float], float]:
        stats = self._stats.get(box)
        if stats is None:
            if len(self._stats) >= 64:  # one per button size: a plate drawn with many labels starts over
                self._stats.clear()
            stats = self._stats[box] = _region_stats(self.image, box)
        return stats


def _plate_for(fmt: FormatSpec, layout: Layout, palette: Palette, spec: CreativeSpec, rtl: bool) -> _Plate:
    on_panel = claim_on_panel(layout)
    if spec.preset:  # the scene ignores the palette: so does its plate
        if spec.product is not None:  # the product casts its own shadow: none painted on the scene's stage
            return _preset_plate(spec.preset, fmt.width, fmt.height, spec.variant // 3, spec.primary_color,
                                 spec.secondary_color, layout.panel, layout.panel_radius, False)
        return _preset_plate(spec.preset, fmt.width, fmt.height, spec.variant // 3, spec.primary_color,
                             spec.secondary_color, layout.panel, layout.panel_radius)
    panel_color = None
    if layout.panel is not None:
        panel_color = palette.surface if on_panel else palette.accent
    return _default_plate(fmt.width, fmt.height, palette, layout.deco, rtl, bool(spec.variant // 3 % 2),
                          layout.panel, layout.panel_radius, panel_color)


@cached_images(48, nbytes=lambda plate: plate.image_bytes)  # MB; never scrimmed (no scene to be busy)
def _default_plate(w: int, h: int, palette: Palette, deco: str, rtl: bool, flip: bool, panel, radius: int,
                   panel_color) -> _Plate:
    img = _default_background(w, h, palette, deco, rtl, flip)
    if panel is not None:
        _fill_rounded(img, panel, panel_color, radius)
    return _Plate(img, panel_color)


# MB: a plate and room for its scrimmed copies; a plate without a panel is the scene itself.
@cached_images(96, nbytes=lambda plate: plate.image_bytes)
def _preset_plate(preset: str, w: int, h: int, seed: int, primary_color, secondary_color, panel,
                  radius: int, stage: bool = True) -> _Plate:
    scene = cached_background(preset, w, h, seed=seed, primary_color=primary_color, secondary_color=secondary_color,
                              stage=stage)
    if panel is None:
        return _Plate(scene, None)
    # On a scene, the panel is a deep or pale tint of the scene itself.
    mean, _ = _region_stats(scene, panel)
    panel_color = shade(rgb_of(round(c) for c in mean), -0.62 if relative_luminance(mean) < 0.45 else 0.78)
    img = scene.copy()
    _fill_rounded(img, panel, panel_color, radius)
    return _Plate(img, panel_color)


@cached(512)
def _layout_with_cta(fmt: FormatSpec, variant: int, setting: LanguageSetting, has_logo: bool,
                     cta_text: str, logo_aspect: float = 1.0,
                     short_claim: bool = False) -> tuple[Layout, tuple[int, float, int, int] | None]:
    """The layout and the CTA's (size, label width, pill w, pill h), a flexible CTA box
    resized to its pill: labels recur across jobs, so each is measured once per layout."""
    layout = layout_for(fmt, variant, rtl=setting.rtl, has_logo=has_logo, logo_aspect=logo_aspect,
                        short_claim=short_claim)
    return _with_cta(fmt, layout, setting, cta_text)


@cached(512)
def _product_layout_with_cta(fmt: FormatSpec, variant: int, aspect: float, setting: LanguageSetting,
                             has_logo: bool, cta_text: str, step: int):
    """_layout_with_cta for a creative that carries a product of height/width `aspect`."""
    layout = product_layout_for(fmt, variant, aspect, rtl=setting.rtl, has_logo=has_logo, step=step)
    return _with_cta(fmt, layout, setting, cta_text)


def _with_cta(fmt: FormatSpec, layout: Layout, setting: LanguageSetting,
              cta_text: str) -> tuple[Layout, tuple[int, float, int, int] | None]:
    if not cta_text:
        return layout, None
    cta_max_w = (layout.cta_box[2] - layout.cta_box[0]) if layout.cta_box else layout.claim[2] - layout.claim[0]
    if layout.cta_flex:
        cta_max_w = round(fmt.width * layout.cta_max_share)
    cta = _cta_metrics(cta_text, setting, layout.cta_px, cta_max_w, fmt.is_display)
    if layout.cta_flex:
        layout = _flex_cta(layout, cta[2])
    if layout.cta_box is not None:
        cta_box_h = layout.cta_box[3] - layout.cta_box[1]
        if cta[3] > cta_box_h:  # pill taller than a banner's slot: tighten it
            cta = (cta[0], cta[1], cta[2], cta_box_h)
    return layout, cta


def _cta_metrics(text: str, setting: LanguageSetting, px: int, max_w: float, display: bool):
    """Shrink the CTA label until its pill fits max_w; (size, label width, pill w, pill h)."""
    floor = MIN_CTA_PX["display" if display else "social"]
    size = px
    side = 0.85 if display else 1.1  # the pill's padding either side of the label, in label sizes
    label_w = _label_width(text, setting, size)
    pill_w = label_w + 2 * round(size * side)
    if pill_w > max_w:  # widths scale with the size: jump close, then step down
        size = max(floor, min(px, int(px * max_w / pill_w)))
        while True:
            label_w = _label_width(text, setting, size)
            pill_w = label_w + 2 * round(size * side)
            if pill_w <= max_w or size <= floor:
                break
            size -= 1
    if pill_w > max_w:
        raise TextDoesNotFit(f"The call to action {text!r} does not fit the button at {floor}px.")
    pill_h = round(size * 2.3)
    return size, label_w, round(pill_w), pill_h


def _flex_cta(layout: Layout, pill_w: int) -> Layout:
    """Resize a side-by-side CTA box to its pill; the claim box takes up the slack."""
    from dataclasses import replace

    assert layout.cta_box is not None  # a side-by-side CTA has its own box
    cx0, cy0, cx1, cy1 = layout.cta_box
    x0, y0, x1, y1 = layout.claim
    if cx0 >= x1:  # CTA to the right of the claim: keep its outer (right) edge
        gap = cx0 - x1
        cx0 = cx1 - pill_w
        x1 = cx0 - gap
    else:  # CTA to the left (mirrored layouts)
        gap = x0 - cx1
        cx1 = cx0 + pill_w
        x0 = cx1 + gap
    panel = layout.panel
    if panel is not None and claim_on_panel(layout):  # a band under the claim follows its edge
        ox0, _, ox1, _ = layout.claim
        panel = (panel[0] + (x0 - ox0), panel[1], panel[2] + (x1 - ox1), panel[3])
    return replace(layout, cta_box=(cx0, cy0, cx1, cy1), claim=(x0, y0, x1, y1), panel=panel)


def _label_width(text: str, setting: LanguageSetting, size: int) -> float:
    from .text import text_width

    return text_width(setting, size, text)


# Plates behind text on a scene, by whether the scene is dark: a translucent scrim
# when the scene is calm (as much alpha as the contrast needs), opaque when it is busy.
_SCRIM_ALPHAS = (150, 190, 225, 255)


@dataclass(frozen=True)
class _Claim:
    head: FittedText
    sub: FittedText | None
    kept: str  # "full", "first_sentence", "first_clause", "paragraph"
    head_setting: LanguageSetting  # the headline's face (engine.faces); the subline keeps the language's

    @property
    def gap(self) -> int:
        return round(self.head.size * 0.4) if self.sub is not None else 0

    @property
    def height(self) -> int:
        return self.head.height + (self.gap + self.sub.height if self.sub is not None else 0)

    @property
    def width(self) -> float:
        return max(self.head.width, self.sub.width if self.sub is not None else 0)


def _fit_claim(claim: str, setting: LanguageSetting, fmt: FormatSpec, layout: Layout, box_w: float,
               box_h: float, face: str | None = None, lead_px: int = 0) -> _Claim:
    """The claim set as headline (+ subline) at the largest size that fits; display sizes
    degrade (headline alone, first clause) only where the whole claim cannot be set.

    lead_px: on display sizes with a button, the size a headline needs to lead the
    smallest legible label (HIERARCHY × the display CTA floor). A form that cannot be
    set that large counts as not set whole, so the claim degrades until its headline
    leads; when not even its shortest form can, the form set largest is used."""
    if fmt.is_display and lead_px > layout.min_claim_px:
        try:
            return _fit_forms(degradations(claim), claim, setting, fmt, replace(layout, min_claim_px=lead_px),
                              box_w, box_h, face, keep_glue=True)
        except TextDoesNotFit:
            pass
        best = None
        for form in degradations(claim):
            try:
                fitted = _fit_forms([form], claim, setting, fmt, layout, box_w, box_h, face)
            except TextDoesNotFit:
                continue
            if best is None or fitted.head.size > best.head.size:
                best = fitted
        if best is not None:
            return best
    return _fit_forms(degradations(claim), claim, setting, fmt, layout, box_w, box_h, face)


def _fit_forms(forms: list[tuple[str, str | None, str]], claim: str, setting: LanguageSetting, fmt: FormatSpec,
               layout: Layout, box_w: float, box_h: float, face: str | None, keep_glue: bool = False) -> _Claim:
    """The first of `forms` that can be set at the layout's minimum size, at its largest size;
    keep_glue: a form fits only with its product names and number+unit pairs whole."""
    if not fmt.is_display:
        forms = forms[:1]
        if forms[0][1] is not None:  # no room for a subline: the claim as one paragraph
            forms.append((" ".join(claim.split()), None, "paragraph"))
    short_side = min(fmt.width, fmt.height)
    # A shorter form only where the whole claim cannot be set at the minimum size: the
    # message comes first; the CTA label then shrinks under the headline (HIERARCHY).
    min_size = layout.min_claim_px
    for head, sub, kept in forms:
        head_setting = headline_setting(setting, face, head)
        fitted = _fit_form(head, sub, head_setting, setting, layout, box_w, box_h, min_size, short_side,
                           fmt.is_display, keep_glue)
        if fitted is not None and head_setting is not setting and fitted[0].size < DISPLAY_FACE_MIN_PX:
            # A display face is for display sizes: small headlines read better in the text face.
            plain = _fit_form(head, sub, setting, setting, layout, box_w, box_h, min_size, short_side,
                              fmt.is_display, keep_glue)
            if plain is not None:
                fitted, head_setting = plain, setting
        if fitted is not None:
            return _Claim(fitted[0], fitted[1], kept, head_setting)
    raise TextDoesNotFit(
        f"The claim does not fit {fmt.code} ({fmt.width}×{fmt.height}) at the minimum readable size "
        f"of {layout.min_claim_px}px."
    )


def _fit_form(head: str, sub: str | None, head_setting: LanguageSetting, setting: LanguageSetting, layout: Layout,
              box_w: float, box_h: float, min_size: int, short_side: int, display: bool, keep_glue: bool = False):
    max_size = layout.max_claim_px
    if sub is None and word_count(head) <= 3:  # a short claim is the picture: a quarter to a third of the side
        max_size = max(max_size, round(short_side * SHORT_CLAIM_SHARE))
    if sub is None:
        fitted = fit_text(head, head_setting, box_w, box_h, max_size=max_size, min_size=min_size,
                          max_lines=layout.max_lines, keep_glue=keep_glue)
        return None if fitted is None else (fitted, None)
    sub_min = 11 if display else max(layout.min_claim_px * 2 // 3, 20)
    lines = max(layout.max_lines - 1, 2)
    fitted = fit_text(head, head_setting, box_w, box_h * 0.62, max_size=max_size, min_size=min_size,
                      max_lines=lines, keep_glue=keep_glue)
    if fitted is None:
        return None
    room = box_h - fitted.height - round(fitted.size * 0.4)
    sub_max = max(sub_min, round(fitted.size * 0.5))
    fitted_sub = fit_text(sub, setting, box_w, room, max_size=sub_max, min_size=sub_min, max_lines=lines,
                          keep_glue=keep_glue)
    if fitted_sub is None:
        return None
    return fitted, fitted_sub


def _draw_content(img: Image.Image, plate: _Plate, fmt: FormatSpec, layout: Layout, palette: Palette,  # noqa: C901
                  setting: LanguageSetting, claim: str, spec: CreativeSpec, cta_text: str, cta, *,
                  avoid: Box | None = None, boxes: dict | None = None, lead_or_drop: bool = False) -> None:
    rtl = setting.rtl
    x0, y0, x1, y1 = layout.claim
    box_w, box_h = x1 - x0, y1 - y0
    panel_color = plate.panel_color
    on_panel = claim_on_panel(layout) and panel_color is not None

    gap = 0
    claim_h = box_h
    if cta is not None and layout.cta_below:
        gap = round(cta[3] * 0.7)
        claim_h = box_h - cta[3] - gap
    bar_h = 0
    if layout.accent_bar:
        bar_h = max(round(min(fmt.width, fmt.height) * 0.012), 3)
        claim_h -= bar_h * 4
    lead_px = math.ceil(HIERARCHY * MIN_CTA_PX["display"]) if cta is not None and fmt.is_display else 0
    fitted = _fit_claim(claim, setting, fmt, layout, box_w, claim_h, face_for(spec.preset, spec.variant), lead_px)
    if lead_or_drop and fitted.head.size < lead_px:
        raise _HeadlineCannotLead
    if cta is not None and cta[0] * HIERARCHY > fitted.head.size:  # the headline leads: a smaller label
        floor = MIN_CTA_PX["display" if fmt.is_display else "social"]
        size = max(floor, int(fitted.head.size / HIERARCHY))
        if size < cta[0]:
            cta = _cta_metrics(cta_text, setting, size, cta[2], fmt.is_display)
    if cta is not None and layout.cta_below:
        gap = round(cta[3] * 0.7)

    group_h = fitted.height + (bar_h * 4 if bar_h else 0) + ((gap + cta[3]) if (cta and layout.cta_below) else 0)
    if layout.valign == "top":
        gy = y0
    elif layout.valign == "bottom":
        gy = y1 - group_h
    else:
        gy = y0 + (box_h - group_h) // 2
    halign = _resolve_x(layout.align, rtl)

    def line_x(width: float) -> float:
        if halign == "left":
            return x0
        if halign == "right":
            return x1 - width
        return x0 + (box_w - width) / 2

    text_top = gy + (bar_h * 4 if bar_h else 0)
    text_w = fitted.width
    tx0 = line_x(text_w)
    size = fitted.sub.size if fitted.sub is not None else fitted.head.size
    need = required_contrast(size)
    text_box = (tx0, text_top, tx0 + text_w, text_top + fitted.height)
    cta_below = cta is not None and layout.cta_below
    group_box = (min(tx0, line_x(cta[2])) if cta_below else tx0, gy,
                 max(tx0 + text_w, line_x(cta[2]) + cta[2]) if cta_below else tx0 + text_w, gy + group_h)
    candidates = (palette.ink, WHITE, INK_DARK)
    short = min(fmt.width, fmt.height)
    pad = max(6, min(round(fitted.head.size * 0.45), round(short * 0.05)))
    plated = False
    if on_panel:  # a flat, opaque panel: nothing to sample
        mean = (float(panel_color[0]), float(panel_color[1]), float(panel_color[2]))
        ink = best_ink(mean, candidates)
    else:
        busy = plate.has_detail(_padded(group_box, pad // 2))
        if busy and spec.preset is None:  # the built-in look clears its own decoration around the text
            _clear_decoration(img, plate, fmt, layout, palette, spec, rtl, _padded(group_box, pad))
            busy = False
        under = img if spec.preset is None else plate.image
        pixels = samples_behind(under, text_box)
        ink, ratio = best_ink_for(pixels, candidates)
        mean = _mean_rgb(pixels)
        if busy or ratio < need:  # a plate: as much of it as legibility needs, opaque over decoration
            plated = True
            edge = max(4, round(short * 0.02))  # a plate never bleeds off the canvas
            px0, py0, px1, py1 = _padded(group_box, pad)
            plate_box = (max(px0, edge), max(py0, edge), min(px1, fmt.width - edge), min(py1, fmt.height - edge))
            radius = pad
            if fmt.height < 100:  # a thin banner: the plate is a band of its whole height
                plate_box, radius = (plate_box[0], 0, plate_box[2], fmt.height), 0
            if avoid is not None:  # never over the product (the text is already clear of it)
                plate_box = _clear_of(plate_box, avoid)
            if spec.logo is not None and layout.logo is not None:  # nor under the logo
                plate_box = _clear_of(plate_box, layout.logo)
            dark = relative_luminance(mean) < 0.35
            color = _plate_color(palette, mean, dark, spec)
            for alpha in ((255,) if busy else _SCRIM_ALPHAS):
                blended = (pixels * (1 - alpha / 255) + np.array(color) * (alpha / 255)).round().astype(np.uint8)
                ink, ratio = best_ink_for(blended, candidates)
                if ratio >= need:
                    break
            _scrim(img, img, plate_box, color, alpha, radius)  # img: the plate, cleared of decoration
            mean = _mean_rgb(blended)
            if boxes is not None:
                boxes["scrim"] = plate_box
    if boxes is not None:
        boxes["under"] = img.copy()  # what the text sits on, for measuring contrast and decoration
        boxes["ink"] = ink
        # the headline as set, besides its boxes: read by engine.fit_report
        boxes["claim_size"] = fitted.head.size
        boxes["claim_lines"] = list(fitted.head.lines)
        boxes["claim_kept"] = fitted.kept
        boxes["claim_box"] = (x0, y0, x1, y1)

    if bar_h:
        bar_w = round(fitted.head.size * 1.6)
        bx = line_x(bar_w)
        accent = palette.accent if contrast_ratio(palette.accent, mean) > 1.8 else ink
        _fill_rounded(img, (bx, gy + bar_h, bx + bar_w, gy + bar_h * 2), accent, bar_h // 2)
        if boxes is not None:
            boxes["bar"] = (bx, gy + bar_h, bx + bar_w, gy + bar_h * 2)

    def draw(text_fit: FittedText, face: LanguageSetting, top: float, key: str) -> None:
        for i, (line, width) in enumerate(zip(text_fit.lines, text_fit.widths)):
            baseline = baseline_for_middle(face, text_fit.size, top + text_fit.line_pitch * (i + 0.5))
            draw_line(img, face, text_fit.size, line, line_x(width), baseline, ink)
            if boxes is not None:
                boxes.setdefault(key, []).append(_ink_box(face, text_fit.size, line, line_x(width), baseline))

    draw(fitted.head, fitted.head_setting, text_top, "lines")
    if boxes is not None:
        boxes["claim_font"] = fitted.head_setting.font_path.name
    if fitted.sub is not None:
        draw(fitted.sub, setting, text_top + fitted.head.height + fitted.gap, "sub_lines")
        if boxes is not None:
            boxes["sub_size"] = fitted.sub.size
            boxes["claim_sub_lines"] = list(fitted.sub.lines)

    if cta is None:
        return
    _, _, pill_w, pill_h = cta
    if layout.cta_below:  # under the claim: its place moves with the claim
        px = line_x(pill_w)
        py = text_top + fitted.height + gap
        if on_panel or plated:  # the button sits on what the claim sits on
            behind = mean
        else:
            behind, _ = _region_stats(img, (px, py, px + pill_w, py + pill_h))
    else:  # in its own box: the same place on the same plate for every claim
        assert layout.cta_box is not None  # not cta_below: the layout gave the CTA a box
        cx0, cy0, cx1, cy1 = layout.cta_box
        px = cx0 + (cx1 - cx0 - pill_w) / 2
        py = cy0 + (cy1 - cy0 - pill_h) / 2
        behind, _ = plate.region_stats((px, py, px + pill_w, py + pill_h))
    button, label = _button_colors(palette, behind, spec)
    tile, mask = _button(cta, cta_text, setting, button)
    img.paste(tile, (int(round(px)), int(round(py))), mask)
    if boxes is not None:
        boxes["cta"] = (int(round(px)), int(round(py)), int(round(px)) + pill_w, int(round(py)) + pill_h)
        boxes["cta_size"] = cta[0]
        boxes["cta_colors"] = (button, label)


def _scrim(img: Image.Image, source: Image.Image, box, color, alpha: int, radius: int) -> None:
    """`source`'s pixels inside a rounded box, blended towards `color` (opaque at 255), onto img."""
    parts = _rounded_parts(img, box, radius)
    if parts is None:
        return
    x0, y0, x1, y1, r = parts
    region = (Image.new("RGB", (x1 - x0, y1 - y0), color) if alpha >= 255
              else source.crop((x0, y0, x1, y1)).point(_blend_table(color, alpha)))
    img.paste(region, (x0, y0), _rounded_mask(x1 - x0, y1 - y0, r) if r else None)


def _mean_rgb(pixels: np.ndarray) -> tuple[float, float, float]:
    r, g, b = (float(c) for c in pixels.mean(axis=0))
    return (r, g, b)


def _padded(box, pad: float):
    x0, y0, x1, y1 = box
    return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)


def _plate_color(palette: Palette, mean, dark: bool, spec: CreativeSpec) -> tuple[int, int, int]:
    """A plate in the creative's own colours: the brand's deep or pale tint, or the scene's."""
    base = parse_hex(spec.primary_color) or tuple(round(c) for c in mean)
    return shade(base, -0.72) if dark else shade(base, 0.86)


def _button_colors(palette: Palette, behind, spec: CreativeSpec) -> tuple[tuple[int, int, int], tuple]:
    """The button in the system's CTA colour (the brand's secondary when given), moved
    off what is behind it when it would fade into it; its label at 4.5:1 or more."""
    button = palette.cta
    if contrast_ratio(button, behind) < 1.6:
        if spec.secondary_color or spec.primary_color:  # keep the brand's hue, change its tone
            lighter = relative_luminance(behind) < 0.3
            for step in range(1, 15):
                candidate = shade(button, (0.06 if lighter else -0.06) * step)
                if contrast_ratio(candidate, behind) >= 1.6:
                    button = candidate
                    break
        else:
            button = palette.accent if contrast_ratio(palette.accent, behind) >= 1.6 else best_ink(behind)
    return legible_button(rgb_of(button))


def _clear_decoration(img: Image.Image, plate: _Plate, fmt: FormatSpec, layout: Layout, palette: Palette,
                      spec: CreativeSpec, rtl: bool, box) -> None:
    """Paint the built-in background without its decoration inside `box`, fading back
    to it over the box's edge: the text's zone is clear, the shapes stay around it."""
    clean = _default_plate(fmt.width, fmt.height, palette, "none", rtl, bool(spec.variant // 3 % 2), layout.panel,
                           layout.panel_radius, plate.panel_color)
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    feather = max(6, round(min(fmt.width, fmt.height) * 0.14))  # wide: the shapes fade, no edge shows
    X0, Y0 = max(x0 - feather, 0), max(y0 - feather, 0)
    X1, Y1 = min(x1 + feather, fmt.width), min(y1 + feather, fmt.height)
    if X1 <= X0 or Y1 <= Y0:
        return
    mask = _feather_mask(X1 - X0, Y1 - Y0, x0 - X0, y0 - Y0, X1 - x1, Y1 - y1, feather)
    img.paste(clean.image.crop((X0, Y0, X1, Y1)), (X0, Y0), mask)


def _ink_box(setting: LanguageSetting, size: int, line: str, x: float, baseline: float) -> Box:
    """Where draw_line put the ink of `line` (the same rounding)."""
    mask, ox, oy, _ = line_mask(setting, size, line)
    left, top = int(round(x)) + ox, int(round(baseline)) + oy
    return (left, top, left + (mask.width if mask else 0), top + (mask.height if mask else 0))


def _clear_of(box, avoid: Box):
    """`box` cut back on the one side that frees it from `avoid` at the least loss."""
    x0, y0, x1, y1 = box
    ax0, ay0, ax1, ay1 = avoid
    if x1 <= ax0 or ax1 <= x0 or y1 <= ay0 or ay1 <= y0:
        return box
    options = [(x0, y0, min(x1, ax0), y1), (max(x0, ax1), y0, x1, y1), (x0, y0, x1, min(y1, ay0)),
               (x0, max(y0, ay1), x1, y1)]
    return max(options, key=lambda b: max(b[2] - b[0], 0) * max(b[3] - b[1], 0))


@cached_images(16, nbytes=lambda button: button[0].width * button[0].height * 5)  # MB; a few labels and colours
def _button(cta: tuple[int, float, int, int], text: str, setting: LanguageSetting,
            color: tuple[int, int, int]) -> tuple[Image.Image, Image.Image | None]:
    """The call to action as a pill-sized tile (the button colour, its label drawn on it)
    and the pill's coverage mask to paste it through."""
    size, label_w, pill_w, pill_h = cta
    tile = Image.new("RGB", (pill_w, pill_h), tuple(int(c) for c in color))
    draw_line(tile, setting, size, text, (pill_w - label_w) / 2, baseline_for_middle(setting, size, pill_h / 2),
              best_ink(color))
    r = min(pill_h // 2, pill_w // 2)
    return tile, (_rounded_mask(pill_w, pill_h, r) if r else None)


LOGO_CONTRAST = 3.3  # the goal is 3:1 measured on the mark's own pixels: a margin for sampling


def _logo_mark(logo: Image.Image, size: tuple[int, int]) -> tuple[Image.Image, tuple[int, int, int], bool]:
    """The logo at `size`, its colour (the mean of its opaque pixels) and whether it is
    one colour (a mark that can be knocked out to white or black)."""
    mark = logo.convert("RGBA").resize(size, Image.Resampling.LANCZOS)
    arr = np.asarray(mark)
    solid = arr[..., 3] > 128
    if not solid.any():
        return mark, (0, 0, 0), True
    pixels = arr[..., :3][solid].astype(np.float32)
    color = rgb_of(np.round(pixels.mean(axis=0)))
    return mark, color, bool(pixels.std(axis=0).max() < 24)


def _place_logo(img: Image.Image, logo: Image.Image, box, halign: str, plate=None,
                boxes: dict | None = None) -> Box | None:
    """The logo in its slot, at 3:1 or more against what is behind it: as it is, knocked
    out to white or black (a one-colour mark), or on a backing chip (a multicolour one,
    or anything over decoration)."""
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    if bw <= 0 or bh <= 0 or logo.width == 0 or logo.height == 0:
        return None
    scale = min(bw / logo.width, bh / logo.height)
    size = (max(1, round(logo.width * scale)), max(1, round(logo.height * scale)))
    mark, color, mono = _logo_mark(logo, size)
    if halign == "left":
        lx = x0
    elif halign == "right":
        lx = x1 - size[0]
    else:
        lx = x0 + (bw - size[0]) // 2
    ly = y0 + (bh - size[1]) // 2
    lx, ly = int(lx), int(ly)
    placed = (lx, ly, lx + size[0], ly + size[1])
    behind = tuple(float(c) for c in samples_behind(img, placed).mean(axis=0))
    busy = plate is not None and plate.has_detail(placed)
    treatment = "as_is"
    if busy or contrast_ratio(color, behind) < LOGO_CONTRAST:
        knocked = best_ink(behind)
        if mono and not busy and contrast_ratio(knocked, behind) >= LOGO_CONTRAST:
            solid = Image.new("RGBA", size, knocked + (255,))
            solid.putalpha(mark.getchannel("A"))
            mark, treatment = solid, "knock_out"
        else:  # a chip in the ink the mark stands out on, a little larger than the mark
            chip = best_ink(color, (WHITE, INK_DARK))
            pad = max(3, round(size[1] * 0.22))
            chip_box = (max(lx - pad, 0), max(ly - pad, 0), min(lx + size[0] + pad, img.width),
                        min(ly + size[1] + pad, img.height))
            _fill_rounded(img, chip_box, chip, pad)
            treatment = "chip"
            if boxes is not None:
                boxes["logo_chip"] = chip_box
    if boxes is not None:
        boxes["under_logo"] = img.crop(placed)
        boxes["logo_mark"] = mark
        boxes["logo_treatment"] = treatment
    img.paste(mark, (lx, ly), mark)
    return placed
