"""render_creative: a CreativeSpec in, an RGB image of the format's exact size out."""
from __future__ import annotations

import zlib
from operator import mul

import cv2
import numpy as np
from PIL import Image, ImageDraw

from .caches import cached, cached_images
from .colors import (INK_DARK, PALETTES, WHITE, Palette, best_ink, contrast_ratio, mix, parse_hex,
                     relative_luminance, shade)
from .errors import RenderError, TextDoesNotFit
from .formats import FORMATS, FormatSpec
from .languages import LanguageSetting, language_setting
from .layouts import MIN_CTA_PX, Layout, claim_on_panel, layout_for
from .spec import CreativeSpec
from .text import baseline_for_middle, draw_line, fit_text
from .watermark import apply_watermark



def _palette_for(spec: CreativeSpec) -> Palette:
    # The claim picks the starting palette, the variant walks from there: repeats of
    # one format get distinct palettes, the same input always the same one.
    start = zlib.crc32(spec.claim.encode("utf-8"))
    base = PALETTES[(start + spec.variant * 5) % len(PALETTES)]
    primary = parse_hex(spec.primary_color)
    secondary = parse_hex(spec.secondary_color)
    if primary is None and secondary is None:
        return base
    bg, bg2, accent, surface = base.bg, base.bg2, base.accent, base.surface
    cta = base.cta
    if primary is not None:
        light = relative_luminance(primary) > 0.4
        bg = primary
        bg2 = shade(primary, -0.28 if light else 0.22)
        accent = shade(primary, -0.45 if light else 0.55)
        surface = shade(primary, 0.9) if not light else shade(primary, -0.75)
        cta = best_ink(primary, (INK_DARK, WHITE)) if secondary is None else cta
    if secondary is not None:
        cta = secondary
        accent = secondary if primary is None else accent
    return Palette(base.name + "+brand", bg, bg2, accent, cta, best_ink(bg, (base.ink, WHITE, INK_DARK)), surface)


# --- built-in background (no preset) -------------------------------------------------

@cached(64)
def _gradient_grid(lw: int, lh: int, flip: bool) -> np.ndarray:
    """Where each cell of the small gradient grid sits between the two colours (0..1):
    the same for every palette."""
    yy, xx = np.ogrid[0:lh, 0:lw]
    t = (xx / max(lw - 1, 1) * 0.45 + yy / max(lh - 1, 1) * 0.55).astype(np.float32)
    return (1.0 - t if flip else t)[..., None]


@cached_images(96)  # MB
def _default_background(w: int, h: int, palette: Palette, deco: str, rtl: bool, flip: bool) -> Image.Image:
    # The gradient is smooth: compute it on a small grid and let OpenCV upscale it.
    c0 = np.array(palette.bg, np.float32)
    c1 = np.array(palette.bg2, np.float32)
    small = (c0 + (c1 - c0) * _gradient_grid(max(2, w // 8), max(2, h // 8), flip)).astype(np.uint8)
    img = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    s = min(w, h)
    accent = tuple(int(c) for c in palette.accent)

    def X(x: float) -> int:  # mirror decorations for right-to-left layouts
        return int(round(w - x if rtl else x))

    def disc(cx: int, cy: int, r: int, alpha: float) -> None:
        """A translucent anti-aliased disc, blended only inside its bounding box."""
        x0, y0, x1, y1 = max(cx - r - 1, 0), max(cy - r - 1, 0), min(cx + r + 2, w), min(cy + r + 2, h)
        if x1 <= x0 or y1 <= y0:
            return
        roi = img[y0:y1, x0:x1]
        overlay = roi.copy()
        cv2.circle(overlay, (cx - x0, cy - y0), r, accent, -1, cv2.LINE_AA)
        cv2.addWeighted(overlay, alpha, roi, 1.0 - alpha, 0, dst=roi)

    if deco == "corners":
        disc(X(w * 0.96), int(h * 0.04), int(s * 0.32), 0.16)
        disc(X(w * 0.02), int(h * 0.98), int(s * 0.22), 0.16)
        cv2.circle(img, (X(w * 0.96), int(h * 0.04)), int(s * 0.40), accent, max(2, s // 160), cv2.LINE_AA)
    elif deco == "orb":
        disc(X(w * 0.95), int(h * 0.93), int(s * 0.42), 0.22)
        cv2.circle(img, (X(w * 0.95), int(h * 0.93)), int(s * 0.5), accent, max(2, s // 200), cv2.LINE_AA)
    elif deco == "half_orb":
        disc(X(w * 0.86), int(h * 0.5), int(s * 0.55), 0.2)
        cv2.circle(img, (X(w * 0.86), int(h * 0.5)), int(s * 0.38), accent, max(2, s // 120), cv2.LINE_AA)
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
            cv2.circle(img, (X(w * 0.08), int(h * 0.12)), int(s * r), mix(palette.bg, palette.accent, 0.35),
                       max(2, s // 220), cv2.LINE_AA)
    # Copied into Pillow's layout (RGB has no shared-memory mode); callers copy the cached
    # image again before drawing on it.
    return Image.frombuffer("RGB", (w, h), np.ascontiguousarray(img), "raw", "RGB", 0, 1)


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


def _fill_rounded(img: Image.Image, box, color, radius: int, opacity: float = 1.0) -> None:
    """Fill a rounded rectangle: plain fills for the body, small masks for the corners."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, img.width), min(y1, img.height)
    if x1 <= x0 or y1 <= y0:
        return
    color = tuple(int(c) for c in color)
    r = max(0, min(radius, (x1 - x0) // 2, (y1 - y0) // 2))
    alpha = round(255 * opacity)
    if alpha >= 255:
        if not r:
            img.paste(color, (x0, y0, x1, y1))
            return
        if (x1 - x0) * (y1 - y0) <= 6_000:  # small buttons and bars: one paste through a cached mask
            img.paste(color, (x0, y0, x1, y1), _rounded_mask(x1 - x0, y1 - y0, r))
            return
        img.paste(color, (x0, y0 + r, x1, y1 - r))
        img.paste(color, (x0 + r, y0, x1 - r, y0 + r))
        img.paste(color, (x0 + r, y1 - r, x1 - r, y1))
        for (cx, cy), m in zip(((x0, y0), (x1 - r, y0), (x0, y1 - r), (x1 - r, y1 - r)), _corners(r, 255)):
            img.paste(color, (cx, cy, cx + r, cy + r), m)
        return
    # Translucent: constant-alpha blends of the three bands (no full-size mask), then the
    # four corners through their small pre-scaled masks. A large band goes through a
    # per-channel lookup table (crop, table, paste: about twice as fast as ImageDraw's
    # per-pixel RGBA blend, same values); Image.point's setup does not pay off on a small one.
    bands = [(x0 + r, y0, x1 - r, y1)]
    if r:
        bands += [(x0, y0 + r, x0 + r, y1 - r), (x1 - r, y0 + r, x1, y1 - r)]
    draw = None
    for bx0, by0, bx1, by1 in bands:
        if bx1 <= bx0 or by1 <= by0:
            continue
        if (bx1 - bx0) * (by1 - by0) >= 40_000:
            img.paste(img.crop((bx0, by0, bx1, by1)).point(_blend_table(color, alpha)), (bx0, by0))
        else:
            draw = draw or ImageDraw.Draw(img, "RGBA")
            draw.rectangle((bx0, by0, bx1 - 1, by1 - 1), fill=color + (alpha,))
    if r:
        for (cx, cy), m in zip(((x0, y0), (x1 - r, y0), (x0, y1 - r), (x1 - r, y1 - r)), _corners(r, alpha)):
            img.paste(color, (cx, cy, cx + r, cy + r), m)


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


def _render(fmt: FormatSpec, spec: CreativeSpec) -> Image.Image:
    setting = language_setting(spec.language)
    claim = " ".join((spec.claim or "").split())
    if not claim:
        raise RenderError("The claim is empty.", code="empty_claim")
    rtl = setting.rtl
    cta_text = " ".join((spec.cta or "").split())
    layout, cta = _layout_with_cta(fmt, spec.variant, setting, spec.logo is not None, cta_text)
    palette = _palette_for(spec)
    w, h = fmt.width, fmt.height

    try:
        if spec.preset:
            from .presets import cached_background

            img = cached_background(spec.preset, w, h, seed=spec.variant // 3,
                                    primary_color=spec.primary_color, secondary_color=spec.secondary_color).copy()
        else:
            img = _default_background(w, h, palette, layout.deco, rtl, bool(spec.variant // 3 % 2)).copy()
    except RenderError:
        raise
    except (MemoryError, OSError) as exc:  # resource trouble: worth another attempt
        raise RenderError(f"Background rendering failed: {exc}", code="render_failed", retryable=True) from exc

    _draw_content(img, fmt, layout, palette, setting, claim, spec, cta_text, cta)
    if spec.logo is not None and layout.logo is not None:
        _place_logo(img, spec.logo, layout.logo, _resolve_x(layout.align, rtl) if fmt.family not in ("banner",) else "center")
    if spec.watermark:
        img = apply_watermark(img)
    return img


@cached(512)
def _layout_with_cta(fmt: FormatSpec, variant: int, setting: LanguageSetting, has_logo: bool,
                     cta_text: str) -> tuple[Layout, tuple[int, float, int, int] | None]:
    """The layout and the CTA's (size, label width, pill w, pill h), a flexible CTA box
    resized to its pill: labels recur across jobs, so each is measured once per layout."""
    layout = layout_for(fmt, variant, rtl=setting.rtl, has_logo=has_logo)
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
    label_w = _label_width(text, setting, size)
    pill_w = label_w + 2 * round(size * 1.1)
    if pill_w > max_w:  # widths scale with the size: jump close, then step down
        size = max(floor, min(px, int(px * max_w / pill_w)))
        while True:
            label_w = _label_width(text, setting, size)
            pill_w = label_w + 2 * round(size * 1.1)
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
    return replace(layout, cta_box=(cx0, cy0, cx1, cy1), claim=(x0, y0, x1, y1))


def _label_width(text: str, setting: LanguageSetting, size: int) -> float:
    from .text import text_width

    return text_width(setting, size, text)


def _draw_content(img: Image.Image, fmt: FormatSpec, layout: Layout, palette: Palette,
                  setting: LanguageSetting, claim: str, spec: CreativeSpec, cta_text: str, cta) -> None:
    rtl = setting.rtl
    x0, y0, x1, y1 = layout.claim
    box_w, box_h = x1 - x0, y1 - y0

    # Panel first: the claim colour is chosen against what is really under it.
    on_panel = claim_on_panel(layout)
    panel_color = None
    if layout.panel is not None:
        if spec.preset is None:
            panel_color = palette.surface if on_panel else palette.accent
        else:  # on a scene: a deep or pale tint of the scene itself
            scene, _ = _region_stats(img, layout.panel)
            panel_color = shade(tuple(round(c) for c in scene), -0.62 if relative_luminance(scene) < 0.45 else 0.78)
        _fill_rounded(img, layout.panel, panel_color, layout.panel_radius)
    on_panel = on_panel and panel_color is not None

    gap = 0
    claim_h = box_h
    if cta is not None and layout.cta_below:
        gap = round(cta[3] * 0.7)
        claim_h = box_h - cta[3] - gap
    bar_h = 0
    if layout.accent_bar:
        bar_h = max(round(min(fmt.width, fmt.height) * 0.012), 3)
        claim_h -= bar_h * 4
    fitted = fit_text(claim, setting, box_w, claim_h, max_size=layout.max_claim_px,
                      min_size=layout.min_claim_px, max_lines=layout.max_lines)
    if fitted is None:
        raise TextDoesNotFit(
            f"The claim does not fit {fmt.code} ({fmt.width}×{fmt.height}) at the minimum readable size "
            f"of {layout.min_claim_px}px."
        )

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
    # Contrast: sample what is under the text; pick ink, add a scrim if the scene is busy.
    if on_panel:  # a flat, opaque panel: nothing to sample
        mean, busy = tuple(float(c) for c in panel_color), 0.0
    else:
        mean, busy = _region_stats(img, (tx0, text_top, tx0 + text_w, text_top + fitted.height))
    ink = best_ink(mean, (palette.ink, WHITE, INK_DARK))
    scrimmed = spec.preset is not None and not on_panel and (contrast_ratio(ink, mean) < 4.5 or busy > 0.09)
    if scrimmed:  # busy or low-contrast scene under the text: a translucent scrim
        pad = round(fitted.size * 0.55)
        scrim_box = (min(tx0, line_x(cta[2]) if (cta and layout.cta_below) else tx0) - pad, gy - pad,
                     max(tx0 + text_w, (line_x(cta[2]) + cta[2]) if (cta and layout.cta_below) else 0) + pad,
                     gy + group_h + pad)
        dark = relative_luminance(mean) < 0.35
        scrim, alpha = ((12, 14, 20), 0.55) if dark else ((255, 255, 255), 0.72)
        _fill_rounded(img, scrim_box, scrim, pad, alpha)
        mean = tuple(m + (c - m) * alpha for m, c in zip(mean, scrim))  # what the scrim leaves under the text
        ink = best_ink(mean, (palette.ink, WHITE, INK_DARK))

    if bar_h:
        bar_w = round(fitted.size * 1.6)
        bx = line_x(bar_w)
        accent = palette.accent if contrast_ratio(palette.accent, mean) > 1.8 else ink
        _fill_rounded(img, (bx, gy + bar_h, bx + bar_w, gy + bar_h * 2), accent, bar_h // 2)

    for i, (line, width) in enumerate(zip(fitted.lines, fitted.widths)):
        baseline = baseline_for_middle(setting, fitted.size, text_top + fitted.line_pitch * (i + 0.5))
        draw_line(img, setting, fitted.size, line, line_x(width), baseline, ink)

    if cta is None:
        return
    size, label_w, pill_w, pill_h = cta
    if layout.cta_below:
        px = line_x(pill_w)
        py = text_top + fitted.height + gap
    else:
        cx0, cy0, cx1, cy1 = layout.cta_box
        px = cx0 + (cx1 - cx0 - pill_w) / 2
        py = cy0 + (cy1 - cy0 - pill_h) / 2
    button = palette.cta
    if layout.cta_below and (on_panel or scrimmed):  # the button sits on what the claim sits on
        behind = mean
    else:
        behind, _ = _region_stats(img, (px, py, px + pill_w, py + pill_h))
    if contrast_ratio(button, behind) < 2.5:  # button would fade into what is behind it
        button = ink
    _fill_rounded(img, (px, py, px + pill_w, py + pill_h), button, pill_h // 2)
    draw_line(img, setting, size, cta_text, px + (pill_w - label_w) / 2,
              baseline_for_middle(setting, size, py + pill_h / 2), best_ink(button))


def _place_logo(img: Image.Image, logo: Image.Image, box, halign: str) -> None:
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0, y1 - y0
    if bw <= 0 or bh <= 0 or logo.width == 0 or logo.height == 0:
        return
    scale = min(bw / logo.width, bh / logo.height)
    size = (max(1, round(logo.width * scale)), max(1, round(logo.height * scale)))
    mark = logo.convert("RGBA").resize(size, Image.Resampling.LANCZOS)
    if halign == "left":
        lx = x0
    elif halign == "right":
        lx = x1 - size[0]
    else:
        lx = x0 + (bw - size[0]) // 2
    ly = y0 + (bh - size[1]) // 2
    img.paste(mark, (int(lx), int(ly)), mark)
