"""Photoshoot scenes: a backdrop (a preset's procedural background, or a wall of our
own) above a FLOOR PLANE the product stands on, lit by one of a few lights.

A scene is a SceneRecipe (frozen, hashable); `scene_canvas(recipe, w, h, tint)` paints
it once per size and product tint and caches it. The floor is a top-down material
texture (the presets' marble, wood, concrete… or our sand, linen, tiles) warped by a
homography into a trapezoid below the horizon, so planks and veins converge; it is
darker and softer towards the back (light falloff, depth of field), and the backdrop
is slightly out of focus, as behind a product shot with a real lens.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from ..caches import cached_images
from ..colors import RGB, mix, parse_hex, rgb_of, shade
from ..errors import RenderError
from ..scenes import PRESETS_BY_ID, cached_background
from .palette import chroma, lab_of, to_rgb


@dataclass(frozen=True)
class SceneRecipe:
    """What one scene is. Two recipes that differ in any field render different pixels."""

    backdrop: str  # a preset style id, or one of OWN_WALLS ("plaster", "subway_tiles", "square_tiles", "plain")
    floor: str  # one of FLOORS
    light: str = "soft"  # one of LIGHTS
    colors: tuple[str, ...] = ()  # "#RRGGBB" from the prompt: they grade the backdrop (or the material)
    pattern: str = ""  # the pattern word that chose the backdrop, if any (for the record)
    setting: str = ""  # kitchen, bathroom, desk, beach, forest, podium… (for the record)
    glossy: bool = False  # a reflective floor: the product gets a soft mirror image
    podium: bool = False  # a round platform under the product
    seed: int = 0  # 0 for presets; a hash of the prompt text for custom prompts
    preset: str = ""  # the preset id this scene stands for, if any


@dataclass(frozen=True)
class Light:
    color: RGB  # the light's colour: rim light and a little of the product's tint
    glow: tuple[float, float, float]  # centre x, y (fractions of the frame) and radius of the bright area
    glow_amount: float
    vignette: float
    grade: RGB | None  # a colour laid over the whole scene (sunset warmth, neon violet)
    grade_amount: float
    cast: tuple[float, float, float] | None  # cast shadow: (length as a share of height, shear, opacity)
    rim: float  # rim light strength on the product
    side: int  # -1: light from the left, +1: from the right
    rim2: RGB | None = None  # a second rim colour on the other side (neon)


LIGHTS: dict[str, Light] = {
    "soft": Light((255, 246, 234), (0.36, 0.22, 1.15), 0.10, 0.12, None, 0.0, None, 0.14, -1),
    "studio": Light((255, 255, 255), (0.5, 0.32, 0.62), 0.18, 0.26, None, 0.0, (0.20, 0.55, 0.26), 0.20, -1),
    "daylight": Light((236, 244, 255), (0.22, 0.18, 1.2), 0.12, 0.10, (232, 241, 255), 0.06, (0.24, 0.9, 0.22),
                      0.12, -1),
    "sunset": Light((255, 176, 104), (0.84, 0.3, 0.95), 0.16, 0.16, (255, 178, 120), 0.30, (0.30, -1.5, 0.34),
                    0.36, 1),
    "neon": Light((255, 70, 210), (0.5, 0.42, 0.85), 0.05, 0.30, (150, 90, 255), 0.10, None, 0.55, 1,
                  rim2=(60, 210, 255)),
}

# floor material → (reflection strength when the scene is glossy, reflection blur as a share of the height)
FLOORS: dict[str, tuple[float, float]] = {
    "sweep": (0.22, 0.004), "matte": (0.18, 0.004), "glass": (0.38, 0.002), "marble": (0.24, 0.004),
    "black_marble": (0.32, 0.003), "wood": (0.16, 0.006), "walnut": (0.18, 0.005), "concrete": (0.12, 0.008),
    "stone": (0.16, 0.006), "kraft": (0.1, 0.01), "terrazzo": (0.2, 0.004), "velvet": (0.08, 0.01),
    "silk": (0.16, 0.008), "sand": (0.08, 0.01), "linen": (0.08, 0.01), "snow": (0.1, 0.008),
    "tile": (0.26, 0.003), "water": (0.34, 0.006), "own": (0.3, 0.003),
}

OWN_WALLS = ("plaster", "subway_tiles", "square_tiles", "plain")

# Where the floor starts (share of the height) and where the product stands.
HORIZON = 0.60
STAND = 0.86
PODIUM_STAND = 0.70


def _p(backdrop, floor, light="soft", glossy=False, podium=False) -> SceneRecipe:
    return SceneRecipe(backdrop=backdrop, floor=floor, light=light, glossy=glossy, podium=podium)


# Every preset of the catalog as a photoshoot scene: which floor it gets and how it is lit.
PRESET_SCENES: dict[str, SceneRecipe] = {
    "white_background": _p("white_background", "sweep", "soft"),
    "black_background": _p("black_background", "sweep", "studio", glossy=True),
    "blush_pink": _p("blush_pink", "sweep", "soft"),
    "sage_green": _p("sage_green", "sweep", "daylight"),
    "monochrome_gradient": _p("monochrome_gradient", "sweep", "studio"),
    "sunset_gradient": _p("sunset_gradient", "sweep", "sunset"),
    "ocean_gradient": _p("ocean_gradient", "water", "daylight", glossy=True),
    "mesh_gradient": _p("mesh_gradient", "sweep", "soft"),
    "studio_sweep": _p("studio_sweep", "sweep", "studio", glossy=True),
    "studio_dark": _p("studio_dark", "sweep", "studio", glossy=True),
    "podium": _p("podium", "sweep", "soft", podium=True),
    "geometric_lowpoly": _p("geometric_lowpoly", "matte", "studio"),
    "diagonal_stripes": _p("diagonal_stripes", "matte", "soft"),
    "polka_dots": _p("polka_dots", "matte", "soft"),
    "memphis": _p("memphis", "matte", "daylight"),
    "terrazzo": _p("terrazzo", "terrazzo", "daylight"),
    "marble": _p("plaster", "marble", "soft", glossy=True),
    "black_marble": _p("black_background", "black_marble", "studio", glossy=True),
    "wood": _p("plaster", "wood", "soft"),
    "concrete": _p("concrete", "concrete", "daylight"),
    "kraft_paper": _p("kraft_paper", "kraft", "soft"),
    "bokeh": _p("bokeh", "glass", "neon", glossy=True),
    "golden_bokeh": _p("golden_bokeh", "glass", "studio", glossy=True),
    "forest": _p("forest", "wood", "daylight"),
    "beach": _p("beach", "sand", "daylight"),
    "mountains": _p("mountains", "stone", "sunset"),
    "sky_clouds": _p("sky_clouds", "stone", "daylight"),
    "botanical": _p("botanical", "linen", "daylight"),
    "desert_dunes": _p("desert_dunes", "sand", "sunset"),
    "gold_luxury": _p("gold_luxury", "glass", "studio", glossy=True),
    "velvet": _p("velvet", "velvet", "studio"),
    "champagne_silk": _p("champagne_silk", "silk", "soft"),
    "christmas": _p("christmas", "wood", "studio"),
    "winter_snow": _p("winter_snow", "snow", "daylight"),
    "halloween": _p("halloween", "stone", "sunset"),
    "valentines": _p("valentines", "matte", "soft"),
    "spring_flowers": _p("spring_flowers", "linen", "daylight"),
    "summer_sun": _p("summer_sun", "sand", "sunset"),
    "autumn_leaves": _p("autumn_leaves", "wood", "sunset"),
    "black_friday": _p("black_friday", "glass", "studio", glossy=True),
    "party_confetti": _p("party_confetti", "glass", "neon", glossy=True),
    "neon_grid": _p("neon_grid", "own", "neon", glossy=True),
}
PRESET_SCENES = {pid: replace(recipe, preset=pid) for pid, recipe in PRESET_SCENES.items()}

# Backdrops that are the same material as their floor, or a far landscape: more blur.
_FAR = {"forest", "beach", "mountains", "sky_clouds", "desert_dunes", "winter_snow", "halloween", "christmas",
        "summer_sun", "bokeh", "golden_bokeh", "botanical", "spring_flowers", "autumn_leaves", "valentines",
        "party_confetti", "subway_tiles", "square_tiles"}
# Presets that colour themselves from a primary colour.
_TAKES_PRIMARY = {"monochrome_gradient", "geometric_lowpoly", "diagonal_stripes", "polka_dots", "podium"}


def scene_for_preset(preset_id: str) -> SceneRecipe:
    """The photoshoot scene of a catalog preset."""
    try:
        return PRESET_SCENES[preset_id]
    except KeyError:
        raise RenderError(f"Unknown preset {preset_id!r}.", code="unknown_preset") from None


# --- painting helpers ----------------------------------------------------------------

def _rgb(c) -> np.ndarray:
    return np.array(parse_hex(c) if isinstance(c, str) else c, np.float32)


def _ramp_lut(stops: list[tuple[float, np.ndarray]]) -> np.ndarray:
    t = np.linspace(0, 1, 256, dtype=np.float32)
    pos = np.array([p for p, _ in stops], np.float32)
    cols = np.stack([c for _, c in stops])
    return np.stack([np.interp(t, pos, cols[:, i]) for i in range(3)], axis=-1).astype(np.float32)


def grade(img: np.ndarray, colors: tuple[str, ...], strength: float = 0.88) -> np.ndarray:
    """Map the picture's lightness onto a ramp of `colors` (a duotone / gradient map):
    the pattern stays, the colours become the prompt's. uint8 in, uint8 out."""
    if not colors:
        return img
    gray = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    sample = gray[::7, ::7]
    lo, mid, hi = (float(v) for v in np.percentile(sample, (3, 50, 97)))
    if hi - lo < 36:  # a near-flat picture: keep its small variations small
        lo, hi = mid - 40, mid + 40
    cols = sorted((_rgb(c) for c in colors[:3]), key=lambda c: float(lab_of(rgb_of(c))[0]))
    if len(cols) == 1:
        c = cols[0]
        stops = [(0.0, np.array(shade(rgb_of(c), -0.32), np.float32)), (0.5, c),
                 (1.0, np.array(shade(rgb_of(c), 0.30), np.float32))]
    else:
        stops = [(i / (len(cols) - 1), c) for i, c in enumerate(cols)]
    lut = _ramp_lut(stops)
    levels = np.clip((np.arange(256, dtype=np.float32) - lo) / max(1.0, hi - lo), 0, 1)
    table = lut[np.round(levels * 255).astype(np.int32)]
    out = table[gray]
    return cv2.addWeighted(out, strength, img.astype(np.float32), 1 - strength, 0).clip(0, 255).astype(np.uint8)


def _noise(h: int, w: int, seed: int, cells: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    ch = max(2, round(cells * h / w))
    grid = rng.random((ch + 1, cells + 1), dtype=np.float32)
    return cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC)


def _own_wall(kind: str, w: int, h: int, seed: int, colors: tuple[str, ...]) -> np.ndarray:
    base = _rgb(colors[0]) if colors else _rgb({"plaster": "#ECE6DC", "subway_tiles": "#F4F2EE",
                                               "square_tiles": "#DCE7EA", "plain": "#E8E6E1"}[kind])
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
    img = np.broadcast_to(base * (1.04 - 0.08 * y), (h, w, 3)).copy()
    if kind == "plain" and len(colors) > 1:
        img = _rgb(colors[1]) * (1 - y) + base * y + np.zeros((h, w, 3), np.float32)
    if kind == "plaster":
        n = _noise(h, w, seed + 7, 40) * 0.6 + _noise(h, w, seed + 8, 9) * 0.4
        img *= (0.98 + 0.03 * n)[..., None]
    if kind in ("subway_tiles", "square_tiles"):
        tile_h = max(6, round(h * (0.07 if kind == "subway_tiles" else 0.12)))
        tile_w = tile_h * (2 if kind == "subway_tiles" else 1)
        grout = np.array(shade(rgb_of(base), -0.16), np.float32)
        rng = np.random.default_rng(seed + 3)
        out = img.astype(np.uint8)
        rows = h // tile_h + 2
        for r in range(rows):
            off = (r % 2) * tile_w // 2 if kind == "subway_tiles" else 0
            for c in range(-1, w // tile_w + 2):
                x0, y0 = c * tile_w + off, r * tile_h
                k = float(rng.uniform(0.965, 1.03))
                cv2.rectangle(out, (x0 + 1, y0 + 1), (x0 + tile_w - 2, y0 + tile_h - 2),
                              tuple(float(v) * k for v in base), -1, cv2.LINE_AA)
                cv2.line(out, (x0 + 3, y0 + 3), (x0 + tile_w - 5, y0 + 3),
                         tuple(min(255.0, float(v) * k * 1.06) for v in base), 1, cv2.LINE_AA)
        mask = np.zeros((h, w), np.uint8)
        for r in range(rows):
            cv2.line(mask, (0, r * tile_h), (w, r * tile_h), 255, 2)
            off = (r % 2) * tile_w // 2 if kind == "subway_tiles" else 0
            for c in range(-1, w // tile_w + 2):
                cv2.line(mask, (c * tile_w + off, r * tile_h), (c * tile_w + off, (r + 1) * tile_h), 255, 2)
        out[mask > 0] = grout.astype(np.uint8)
        img = out.astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


def _backdrop(recipe: SceneRecipe, w: int, h: int) -> np.ndarray:
    if recipe.backdrop in OWN_WALLS:
        return _own_wall(recipe.backdrop, w, h, recipe.seed, recipe.colors)
    primary = recipe.colors[0] if recipe.colors and recipe.backdrop in _TAKES_PRIMARY else None
    img = np.asarray(cached_background(recipe.backdrop, w, h, seed=recipe.seed % 100_000, primary_color=primary))
    if recipe.colors and (primary is None or len(recipe.colors) > 1):
        img = grade(img, recipe.colors)
    return img


def _linen(w: int, h: int, seed: int, base: np.ndarray) -> np.ndarray:
    """Linen seen from above: a fine, faint weave, slubby threads, soft creases."""
    rng = np.random.default_rng(seed)
    # threads: streaks along and across, each thread its own thickness
    along = cv2.resize(rng.random((6, w // 2), dtype=np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    across = cv2.resize(rng.random((h // 2, 8), dtype=np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    crease = _noise(h, w, seed + 2, 6)
    t = 0.35 * along + 0.35 * across + 0.3 * crease
    return np.clip(base * (0.9 + 0.16 * t)[..., None], 0, 255).astype(np.uint8)


def _planks(w: int, h: int, seed: int, light: str, dark: str) -> np.ndarray:
    """Top-down floorboards running away from the camera: long grain, a tone per board, seams."""
    rng = np.random.default_rng(seed + 21)
    boards = 7
    bw = w / boards
    x = np.arange(w, dtype=np.float32)[None, :]
    board = np.floor(x / bw).astype(np.int32)
    # streaky noise: many cells across, few along the board
    streak = cv2.resize(rng.random((4, boards * 14), dtype=np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    fine = cv2.resize(rng.random((3, boards * 60), dtype=np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    phase = rng.random(boards + 1).astype(np.float32)[board] * 6
    local = (x - board * bw) / bw
    grain = np.sin((local * 7 + streak * 2.2 + phase) * np.pi) * 0.5 + 0.5
    t = 0.45 * grain ** 3 + 0.35 * fine + 0.2 * streak
    tone = (0.9 + 0.18 * rng.random(boards + 1).astype(np.float32))[board]
    img = _rgb(light) + (_rgb(dark) - _rgb(light)) * t[..., None]
    img *= tone[..., None]
    seam: np.ndarray = np.zeros((1, w), np.float32)
    for i in range(1, boards):
        seam[0, int(i * bw)] = 1
    seam = cv2.GaussianBlur(seam, (0, 0), 0.8)
    img *= (1 - 0.55 * seam / max(1e-6, float(seam.max())))[..., None]
    return np.clip(img, 0, 255).astype(np.uint8)


_FLOOR_BASE = {"sand": "#D9C096", "linen": "#E4DCCD", "snow": "#EEF2F6", "stone": "#BDB8AF", "tile": "#EDEFF0"}


def _floor_texture(recipe: SceneRecipe, tw: int, th: int) -> np.ndarray:
    m, seed = recipe.floor, recipe.seed % 100_000
    tinted = recipe.colors and recipe.backdrop not in _TAKES_PRIMARY
    preset_texture = {"marble": "marble", "black_marble": "black_marble", "wood": "wood", "walnut": "wood",
                      "concrete": "concrete", "stone": "concrete", "kraft": "kraft_paper", "terrazzo": "terrazzo",
                      "velvet": "velvet", "silk": "champagne_silk", "sand": "kraft_paper", "snow": "concrete"}
    if m in preset_texture:
        if m in ("wood", "walnut"):
            tex = _planks(tw, th, seed, *(("#5E3B24", "#2E1A0F") if m == "walnut" else ("#CFA276", "#8A5A35")))
        else:
            tex = np.asarray(cached_background(preset_texture[m], tw, th, seed=seed + 11))
        if m in ("sand", "snow", "stone"):
            base = parse_hex(_FLOOR_BASE[m])
            low = shade(base, -0.25 if m != "snow" else -0.06)
            tex = grade(tex, (_hex(low), _hex(base), _hex(shade(base, 0.22))), 0.92)
        if m == "sand":  # wind ripples
            y = np.arange(th, dtype=np.float32)[:, None]
            x = np.arange(tw, dtype=np.float32)[None, :]
            ripple = np.sin(y * 0.22 + np.sin(x * 0.011 + seed) * 3.0) * 0.5 + 0.5
            tex = np.clip(tex * (0.95 + 0.07 * ripple)[..., None], 0, 255).astype(np.uint8)
    elif m == "linen":
        tex = _linen(tw, th, seed, _rgb(_FLOOR_BASE["linen"]))
    elif m == "tile":
        tex = _own_wall("square_tiles", tw, th, seed, (_FLOOR_BASE["tile"],))
    else:
        raise ValueError(m)
    if tinted and m not in ("black_marble",):
        tex = grade(tex, recipe.colors[:2], 0.8)
    return tex


def _hex(rgb) -> str:
    return "#%02X%02X%02X" % tuple(int(v) for v in rgb)


def _warp_floor(tex: np.ndarray, w: int, h: int, top: int) -> np.ndarray:
    th, tw = tex.shape[:2]
    src = np.array([[0, 0], [tw, 0], [tw, th], [0, th]], np.float32)
    dst = np.array([[-0.08 * w, top], [1.08 * w, top], [1.9 * w, h], [-0.9 * w, h]], np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(tex, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)


def _glow(w: int, h: int, cx: float, cy: float, r: float) -> np.ndarray:
    x = (np.arange(w, dtype=np.float32)[None, :] / w - cx) * (w / h)
    y = np.arange(h, dtype=np.float32)[:, None] / h - cy
    return np.clip(1 - np.sqrt(x * x + y * y) / r, 0, 1) ** 2


@dataclass
class SceneCanvas:
    """A painted scene and where things go on it."""

    image: np.ndarray  # H×W×3 uint8 (shared: copy before drawing)
    stand_y: int  # the row the product's base stands on
    floor_y: int  # the first floor row
    center_x: int
    max_w: int  # the product's largest size on this scene
    max_h: int
    glossy: float  # reflection strength (0: none)
    reflect_blur: float
    light: Light
    ambient: RGB  # the scene's mean colour around the product
    floor_color: RGB  # the floor just in front of the product
    grain: np.ndarray = field(repr=False)  # H×W int8 film grain, the same as baked into the image

    @property
    def nbytes(self) -> int:
        return self.image.nbytes


def _shift_for(seed: int) -> float:
    """A prompt's own small offset of the light and the product (−0.05..0.05 of the height)."""
    return ((seed % 1001) / 1000 - 0.5) * 0.1 if seed else 0.0


_PAINT_SCALE = 2  # scenes are painted at half size and enlarged: they sit behind a lens's depth of field


@cached_images(16, nbytes=lambda g: g[0].nbytes * 3)
def _grain(w: int, h: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Film grain for a size: (signed H×W, what to add, what to subtract as H×W×3 uint8)."""
    g = np.random.default_rng(w * 7919 + h).integers(-3, 4, size=(h, w), dtype=np.int8)
    return g, np.dstack([np.maximum(g, 0).astype(np.uint8)] * 3), np.dstack([np.maximum(-g, 0).astype(np.uint8)] * 3)


def _paint(recipe: SceneRecipe, w: int, h: int, tint: tuple[str, ...], safe: bool) -> SceneCanvas:
    light = LIGHTS[recipe.light]
    W, H = w, h
    w, h = max(8, W // _PAINT_SCALE), max(8, H // _PAINT_SCALE)
    floor_y = round(h * HORIZON)
    wall: np.ndarray = _backdrop(recipe, w, h).astype(np.float32)
    far = recipe.backdrop in _FAR
    sigma = h * (0.016 if recipe.backdrop in ("bokeh", "golden_bokeh") else 0.008 if far
                 else 0.003 if recipe.floor not in ("sweep",) else 0.0)
    if sigma > 0.3:
        wall = cv2.GaussianBlur(wall, (0, 0), sigma)
    img = wall
    m = recipe.floor
    rows = np.arange(h, dtype=np.float32)
    t = np.clip((rows - floor_y) / (h - floor_y), 0, 1)[:, None, None]
    if m == "sweep":
        # seamless sweep: the wall's colour at the horizon carried down, lit from the front
        row = cv2.GaussianBlur(wall[floor_y - 2:floor_y - 1], (0, 0), w * 0.02).reshape(1, w, 3)
        floor = row * (0.96 + 0.1 * t)
        band = np.clip((rows - (floor_y - h * 0.12)) / (h * 0.2), 0, 1)[:, None, None]
        band = band * band * (3 - 2 * band)
        img = wall * (1 - band) + floor * band
    elif m in ("matte", "glass", "water"):
        mean = wall[: floor_y].reshape(-1, 3).mean(0)
        if m == "matte":
            col = np.array(shade(rgb_of(mean), -0.10 if mean.mean() > 120 else 0.12), np.float32)
        elif m == "glass":
            col = np.array(mix(rgb_of(mean), (8, 8, 10), 0.82), np.float32)
        else:
            col = np.array(mix(rgb_of(mean), (20, 60, 90), 0.45), np.float32)
        floor = col * (0.9 + 0.14 * t[floor_y:]) + np.zeros((h - floor_y, w, 3), np.float32)
        if m == "water":
            ripple = _noise(h - floor_y, w, recipe.seed + 5, 70) * 0.5 + \
                np.sin(rows[floor_y:] * 1.8)[:, None] * 0.5
            floor *= (0.95 + 0.08 * ripple)[..., None]
        img = wall.copy()
        img[floor_y:] = floor
    elif m != "own":
        tex = _floor_texture(recipe, w, round(h * 1.1))
        floor = _warp_floor(tex, w, h, floor_y)[floor_y:].astype(np.float32)
        tf = t[floor_y:]
        blurred = cv2.GaussianBlur(floor, (0, 0), h * 0.006)
        floor = blurred * (1 - tf) ** 2 + floor * (1 - (1 - tf) ** 2)
        floor *= 0.84 + 0.18 * np.sqrt(tf)
        # a floor is lit by the scene's light: under a night sky it cannot be brighter than day
        wall_mean, floor_mean = float(wall[:floor_y].mean()), float(floor.mean())
        if floor_mean > wall_mean * 1.5 + 20:
            floor *= (wall_mean * 1.5 + 20) / floor_mean
        img = wall.copy()
        img[floor_y:] = floor
        # the far edge of the surface catches a little light; the wall darkens just above it
        img[floor_y:floor_y + 1] *= 1.10
        above = np.clip(1 - (floor_y - rows[:floor_y]) / (h * 0.05), 0, 1)
        img[:floor_y] *= (1 - 0.1 * above)[:, None, None]

    cx = w / 2 + _shift_for(recipe.seed) * h
    # lighting: a bright pool, the light's colour, a vignette — one smooth multiplier
    gx, gy, gr = light.glow
    glow_shift = (((recipe.seed // 1001) % 1001) / 1000 - 0.5) * 0.3 if recipe.seed else 0.0
    gain = 1 + light.glow_amount * _glow(w, h, gx + glow_shift, gy, gr) + \
        0.06 * _glow(w, h, cx / w, STAND - 0.02, 0.45)
    vx = (np.arange(w, dtype=np.float32)[None, :] / w - 0.5) * 1.2
    vy = rows[:, None] / h - 0.45
    gain *= 1 - light.vignette * np.clip(vx * vx + vy * vy * 1.4, 0, 1)
    img *= gain[..., None]
    if light.grade is not None:
        side = np.linspace(0, 1, w, dtype=np.float32) if light.side > 0 else np.linspace(1, 0, w, dtype=np.float32)
        k = (light.grade_amount * (0.5 + 0.5 * side))[None, :, None]
        img *= 1 - k + k * _rgb(light.grade) / 255.0 * 1.15
    if recipe.light == "neon":
        for col, x0 in ((_rgb(light.color), 0.0), (_rgb(light.rim2), 1.0)):
            img += col * 0.22 * _glow(w, h, x0, 0.8, 0.9)[..., None]
    if tint:  # style reference: the scene leans towards the product's accent colour
        img = _tint(img, tint, w, h, cx)

    small = np.clip(img, 0, 255).astype(np.uint8)
    full = cv2.resize(small, (W, H), interpolation=cv2.INTER_LINEAR)
    w, h = W, H
    cx = cx * _PAINT_SCALE
    floor_y = round(h * HORIZON)
    stand_y = round(h * (PODIUM_STAND if recipe.podium else STAND))
    max_h = round(h * (0.66 if safe else 0.70))
    max_w = round(h * 0.88) if safe else round(w * 0.52)
    if recipe.podium:
        podium_w = _draw_podium(full, recipe, round(cx), stand_y)
        max_w = min(max_w, round(podium_w * 0.82))
        max_h = round(h * 0.58)
    grain, plus, minus = _grain(w, h)
    full = cv2.subtract(cv2.add(full, plus), minus)
    around = small[max(0, (stand_y - max_h) // _PAINT_SCALE):stand_y // _PAINT_SCALE,
                   max(0, round((cx - max_w) / _PAINT_SCALE)):round((cx + max_w) / _PAINT_SCALE)]
    ambient = rgb_of(around.reshape(-1, 3).mean(0))
    y1 = min(h - 5, stand_y + max(2, h // 40))
    front = full[y1:y1 + 4, max(0, round(cx - h * 0.2)):round(cx + h * 0.2)]
    floor_color = rgb_of(front.reshape(-1, 3).mean(0))
    strength, blur = FLOORS[m]
    return SceneCanvas(full, stand_y, floor_y, round(cx), max_w, max_h, strength if recipe.glossy else 0.0,
                       blur * h, light, ambient, floor_color, grain)


def _draw_podium(img: np.ndarray, recipe: SceneRecipe, cx: int, top_y: int) -> int:
    """A round platform whose top the product stands on, drawn in place; its width."""
    h, w = img.shape[:2]
    rx = round(h * 0.42)
    ry = max(4, round(rx * 0.14))
    body = round(h * 0.16)
    x0, x1 = max(0, cx - rx - h // 8), min(w, cx + rx + h // 8)
    y0, y1 = max(0, top_y - ry - 2), h
    reg = img[y0:y1, x0:x1].astype(np.float32)
    rh, rw = reg.shape[:2]
    lcx, ltop = cx - x0, top_y - y0
    mean = img[max(0, top_y - h // 4):top_y, x0:x1].reshape(-1, 3).mean(0)
    base = rgb_of(parse_hex(recipe.colors[1]) if len(recipe.colors) > 1 else
                  shade(rgb_of(mean), 0.35 if mean.mean() < 150 else -0.06))
    # its shadow on the floor, then the body shaded like a cylinder, then the lit top
    sh: np.ndarray = np.zeros((rh, rw), np.float32)
    cv2.ellipse(sh, (lcx, ltop + body), (round(rx * 1.08), round(ry * 1.5)), 0, 0, 360, 1.0, -1, cv2.LINE_AA)
    sh = cv2.GaussianBlur(sh, (0, 0), h * 0.02)
    reg *= 1 - 0.35 * sh[..., None]
    xs = np.arange(rw, dtype=np.float32)
    t = np.clip((xs - (lcx - rx)) / (2 * rx), 0, 1)
    shade_row = 0.72 + 0.3 * np.clip(np.sin(t * np.pi), 0, 1) ** 0.6 - 0.12 * t
    mask = np.zeros((rh, rw), np.uint8)
    cv2.rectangle(mask, (lcx - rx, ltop), (lcx + rx, ltop + body), 255, -1)
    cv2.ellipse(mask, (lcx, ltop + body), (rx, ry), 0, 0, 180, 255, -1, cv2.LINE_AA)
    a = (mask.astype(np.float32) / 255)[..., None]
    body_col = np.array(base, np.float32)[None, None, :] * shade_row[None, :, None]
    reg = reg * (1 - a) + body_col * a
    top = np.zeros((rh, rw), np.uint8)
    cv2.ellipse(top, (lcx, ltop), (rx, ry), 0, 0, 360, 255, -1, cv2.LINE_AA)
    a = (top.astype(np.float32) / 255)[..., None]
    reg = reg * (1 - a) + np.array(shade(base, 0.12), np.float32) * a
    img[y0:y1, x0:x1] = np.clip(reg, 0, 255).astype(np.uint8)
    return 2 * rx


def _tint(img: np.ndarray, tint: tuple[str, ...], w: int, h: int, cx: float) -> np.ndarray:
    labs = [lab_of(c) for c in tint[:3]]
    accent = max(labs, key=chroma)
    if chroma(accent) < 12:
        return img
    # the accent's colour without its lightness, added in proportion to each pixel's light
    col = np.array(to_rgb_tuple(accent), np.float32)
    chroma_rgb = col - float(col.mean())
    lum = img.mean(axis=2, keepdims=True) * (1 / 255.0)
    out = img + chroma_rgb * (0.10 * np.sqrt(np.clip(lum, 0, 1)))
    # a soft gel light of the accent colour on the wall behind the product
    g = _glow(w, h, cx / w, 0.42, 0.5) * 0.09
    g[round(h * HORIZON):] *= 0.4
    return out * (1 - g[..., None]) + np.array(col, np.float32) * g[..., None]


def to_rgb_tuple(lab: np.ndarray) -> RGB:
    """An RGB colour of the hue and chroma of `lab`, at least mid-light (for a coloured light)."""
    light = np.array([[max(float(lab[0]), 62.0), lab[1], lab[2]]], np.float32)
    r, g, b = to_rgb(light)[0]
    return (int(r), int(g), int(b))


@cached_images(120, nbytes=lambda c: c.nbytes)
def _canvas(recipe: SceneRecipe, w: int, h: int, tint: tuple[str, ...], safe: bool) -> SceneCanvas:
    return _paint(recipe, w, h, tint, safe)


def scene_canvas(recipe: SceneRecipe, w: int, h: int, *, tint: tuple[str, ...] = (), safe: bool = True) -> SceneCanvas:
    """The painted scene (cached per recipe, size, tint and margin mode; shared: copy before drawing)."""
    if recipe.backdrop not in PRESETS_BY_ID and recipe.backdrop not in OWN_WALLS:
        raise RenderError(f"Unknown backdrop {recipe.backdrop!r}.", code="unknown_preset")
    if recipe.floor not in FLOORS or recipe.light not in LIGHTS:
        raise RenderError("Unknown floor or light in the scene.", code="invalid_scene")
    return _canvas(recipe, w, h, tint, safe)


def scene_seed(text: str) -> int:
    return zlib.crc32(text.encode("utf-8")) % 1_000_003 + 1
