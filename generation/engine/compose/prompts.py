"""Custom prompts → scenes, by deterministic keyword matching (no model).

The prompt is lower-cased and split into words; phrases of two words are tried first
("golden hour", "polka dots", "navy blue"), then single words, each looked up in the
tables below (docs/photoshoot-prompts.md prints them). What a word means:

- a colour (with an optional modifier: "light blue", "deep red") grades the backdrop,
  or the material when one is named ("pink marble");
- a material picks the floor; a pattern or a setting picks the backdrop; a light the
  lighting; a theme word ("christmas", "mountains") a catalog scene;
- stop-words ("on", "a", "with", "background"…) mean nothing and are not unknown;
- any other word is ignored and returned as unknown.

Every prompt gets its own seed from its exact text, which moves the light, the
product and the textures a little: two different prompts never render the same
image, and a prompt with no known word still gets a scene chosen by that seed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..colors import parse_hex
from .palette import BASIC_COLORS, COLOR_MODIFIERS, NAMED_COLORS, adjust
from .scenes import PRESET_SCENES, SceneRecipe, scene_seed

# material → (floor, glossy by default)
MATERIALS: dict[str, tuple[str, bool]] = {
    "marble": ("marble", True), "wood": ("wood", False), "wooden": ("wood", False), "oak": ("wood", False),
    "walnut": ("walnut", False), "timber": ("wood", False), "concrete": ("concrete", False),
    "cement": ("concrete", False), "velvet": ("velvet", False), "sand": ("sand", False), "sandy": ("sand", False),
    "linen": ("linen", False), "fabric": ("linen", False), "cloth": ("linen", False), "cotton": ("linen", False),
    "stone": ("stone", False), "slate": ("stone", False), "granite": ("stone", True), "silk": ("silk", True),
    "satin": ("silk", True), "paper": ("kraft", False), "kraft": ("kraft", False), "cardboard": ("kraft", False),
    "glass": ("glass", True), "mirror": ("glass", True), "acrylic": ("glass", True), "water": ("water", True),
    "snow": ("snow", False), "tile": ("tile", True), "tiles": ("tile", True), "tiled": ("tile", True),
    "ceramic": ("tile", True), "terrazzo": ("terrazzo", False),
}
# pattern → backdrop preset
PATTERNS: dict[str, str] = {
    "geometric": "geometric_lowpoly", "triangles": "geometric_lowpoly", "lowpoly": "geometric_lowpoly",
    "low poly": "geometric_lowpoly", "polygons": "geometric_lowpoly", "stripes": "diagonal_stripes",
    "striped": "diagonal_stripes", "stripe": "diagonal_stripes", "terrazzo": "terrazzo", "bokeh": "bokeh",
    "sparkles": "golden_bokeh", "golden bokeh": "golden_bokeh", "dots": "polka_dots", "polka": "polka_dots",
    "polka dots": "polka_dots",
    "dotted": "polka_dots", "memphis": "memphis", "shapes": "memphis", "confetti": "party_confetti",
    "leaves": "botanical", "botanical": "botanical", "plants": "botanical", "flowers": "spring_flowers",
    "floral": "spring_flowers", "hearts": "valentines", "gradient": "mesh_gradient", "grid": "neon_grid",
}
LIGHT_WORDS: dict[str, str] = {
    "soft": "soft", "diffused": "soft", "morning": "daylight", "daylight": "daylight", "sunlight": "daylight",
    "studio": "studio", "spotlight": "studio", "sunset": "sunset", "golden hour": "sunset", "sunrise": "sunset",
    "neon": "neon", "cyberpunk": "neon", "synthwave": "neon",
    # weaker hints: used only when no word above names the light
    "gentle": "soft", "natural": "daylight", "sunny": "daylight", "window": "daylight", "bright": "daylight",
    "spot": "studio", "dramatic": "studio", "dusk": "sunset", "evening": "sunset", "warm": "sunset",
    "night": "neon", "glow": "neon", "glowing": "neon",
}
_STRONG_LIGHTS = frozenset(list(LIGHT_WORDS)[:13])
# setting → (backdrop, floor, light, glossy, podium)
SETTINGS: dict[str, tuple[str, str, str, bool, bool]] = {
    "kitchen": ("subway_tiles", "marble", "daylight", True, False),
    "bathroom": ("square_tiles", "stone", "soft", True, False),
    "desk": ("plaster", "walnut", "soft", False, False), "office": ("plaster", "walnut", "daylight", False, False),
    "workspace": ("plaster", "walnut", "daylight", False, False),
    "beach": ("beach", "sand", "daylight", False, False), "seaside": ("beach", "sand", "daylight", False, False),
    "forest": ("forest", "wood", "daylight", False, False), "woods": ("forest", "wood", "daylight", False, False),
    "podium": ("studio_sweep", "sweep", "studio", False, True),
    "platform": ("studio_sweep", "sweep", "studio", False, True),
    "pedestal": ("studio_sweep", "sweep", "studio", False, True),
    "plinth": ("studio_sweep", "sweep", "studio", False, True),
}
# theme words → a catalog scene
THEMES: dict[str, str] = {
    "christmas": "christmas", "xmas": "christmas", "festive": "christmas", "winter": "winter_snow",
    "snowy": "winter_snow", "halloween": "halloween", "spooky": "halloween", "mountains": "mountains",
    "mountain": "mountains", "sky": "sky_clouds", "clouds": "sky_clouds", "desert": "desert_dunes",
    "dunes": "desert_dunes", "autumn": "autumn_leaves", "fall": "autumn_leaves", "spring": "spring_flowers",
    "easter": "spring_flowers", "summer": "summer_sun", "party": "party_confetti", "celebration": "party_confetti",
    "valentine": "valentines", "valentines": "valentines", "luxury": "gold_luxury", "luxurious": "gold_luxury",
    "premium": "gold_luxury", "ocean": "ocean_gradient", "sea": "ocean_gradient", "black friday": "black_friday",
    "sale": "black_friday", "nature": "forest", "landscape": "mountains", "outdoors": "forest", "garden": "botanical",
    "tropical": "botanical",
}
# words that change only a flag
MOODS: dict[str, str] = {
    "glossy": "glossy", "shiny": "glossy", "polished": "glossy", "reflective": "glossy", "sleek": "glossy",
    "lacquered": "glossy", "matte": "matte", "rough": "matte", "raw": "matte", "minimal": "minimal",
    "minimalist": "minimal", "wet": "glossy", "dark": "dark", "moody": "dark", "clean": "minimal", "simple": "minimal",
    "plain": "minimal", "rustic": "rustic",
    "cosy": "rustic", "cozy": "rustic", "elegant": "glossy", "modern": "minimal", "pastel": "pastel",
}
STOP_WORDS = frozenset("""
a an the on in at with and of by for to from over under against into onto near beside next behind in front
background backdrop scene surface setting style styled pattern patterned photo photograph shot image picture product
top some very slightly lots lot little light lights lighting lit tone toned color colour colors colours shade shades
table tabletop counter countertop shelf floor wall room stand standing sitting placed place is are it its this that
as like inside outside up down around veins veined grain round square small large big tall low high my our
""".split())

THEME_PRESETS = sorted(set(THEMES.values()))
_FALLBACK_LOOKS = ("studio_sweep", "white_background", "marble", "wood", "concrete", "mesh_gradient", "blush_pink",
                   "sage_green", "terrazzo", "black_background", "champagne_silk", "kraft_paper")


@dataclass
class _Parsed:
    colors: list[str]
    materials: list[str]
    patterns: list[str]
    lights: list[str]
    settings: list[str]
    themes: list[str]
    moods: list[str]
    unknown: list[str]


def _color(word: str) -> str | None:
    if word in NAMED_COLORS:
        return NAMED_COLORS[word]
    return BASIC_COLORS.get(word)


def _parse(prompt: str) -> _Parsed:
    words = re.findall(r"[a-z]+", prompt.lower())
    p = _Parsed([], [], [], [], [], [], [], [])
    i = 0
    while i < len(words):
        two = " ".join(words[i:i + 2]) if i + 1 < len(words) else ""
        word = words[i]
        # a modifier and a colour: "light blue", "deep navy"
        if word in COLOR_MODIFIERS and i + 1 < len(words) and _color(words[i + 1]) and two not in NAMED_COLORS:
            lighten, sat = COLOR_MODIFIERS[word]
            base = parse_hex(_color(words[i + 1]) or "")
            r, g, b = adjust(base, lighten, sat)
            p.colors.append(f"#{r:02X}{g:02X}{b:02X}")
            i += 2
            continue
        step = 2 if two else 1
        for phrase in ((two, word) if two else (word,)):
            if phrase in NAMED_COLORS and phrase not in MATERIALS:
                p.colors.append(NAMED_COLORS[phrase])
            elif phrase in PATTERNS and (phrase != "terrazzo" or not p.materials):
                p.patterns.append(phrase)
            elif phrase in MATERIALS:
                p.materials.append(phrase)
            elif phrase in SETTINGS:
                p.settings.append(phrase)
            elif phrase in THEMES:
                p.themes.append(phrase)
            elif phrase in LIGHT_WORDS:
                p.lights.append(phrase)
            elif phrase in MOODS:
                p.moods.append(MOODS[phrase])
            elif phrase in BASIC_COLORS:
                p.colors.append(BASIC_COLORS[phrase])
            elif phrase in STOP_WORDS:
                pass
            elif phrase == word:
                p.unknown.append(word)
            else:
                step = 1
                continue
            break
        i += step
    return p


def scene_from_prompt(prompt: str) -> tuple[SceneRecipe, list[str]]:  # noqa: C901 — one flat pass over the words
    """(the scene a custom prompt describes, the words it did not understand)."""
    text = prompt or ""
    p = _parse(text)
    seed = scene_seed(text)
    colors = tuple(dict.fromkeys(p.colors))[:3]
    backdrop, floor, light, glossy, podium = "", "", "", False, False
    pattern = setting = ""
    if p.settings:
        setting = p.settings[0]
        backdrop, floor, light, glossy, podium = SETTINGS[setting]
    if p.patterns:
        pattern = p.patterns[0]
        if not backdrop or podium:
            backdrop = PATTERNS[pattern]
    if p.themes and not backdrop:
        base = PRESET_SCENES[THEMES[p.themes[0]]]
        backdrop, floor, light, glossy = base.backdrop, base.floor, base.light, base.glossy
    if p.materials:
        floor, glossy = MATERIALS[p.materials[0]]
        if not backdrop:
            backdrop = {"concrete": "concrete", "velvet": "velvet", "silk": "champagne_silk", "kraft": "kraft_paper",
                        "sand": "desert_dunes", "snow": "winter_snow", "glass": "black_background",
                        "water": "ocean_gradient", "terrazzo": "terrazzo", "tile": "square_tiles"}.get(floor, "plaster")
            if colors and backdrop not in ("plaster", "square_tiles"):
                backdrop = "plain"
    if p.lights:
        strong = [w for w in p.lights if w in _STRONG_LIGHTS]
        light = LIGHT_WORDS[(strong or p.lights)[0]]
        if not backdrop:
            backdrop = {"neon": "neon_grid", "sunset": "sunset_gradient", "studio": "studio_dark" if not colors
                        else "plain"}.get(light, "plain" if colors else "studio_sweep")
            if backdrop == "neon_grid":
                floor, glossy = "own", True
    if not backdrop:
        if colors:
            backdrop = "plain"
        else:  # nothing understood: a look chosen by the prompt's own seed
            base = PRESET_SCENES[_FALLBACK_LOOKS[seed % len(_FALLBACK_LOOKS)]]
            backdrop, floor, light, glossy, podium = base.backdrop, base.floor, base.light, base.glossy, base.podium
    if not floor:
        preset = PRESET_SCENES.get(backdrop)
        floor = preset.floor if preset else "sweep"
        glossy = glossy or (preset.glossy if preset else False)
    if backdrop != "neon_grid" and floor == "own":
        floor = "glass"
    if not light:
        preset = PRESET_SCENES.get(backdrop)
        light = preset.light if preset else "soft"
    if floor == "marble" and colors and sum(parse_hex(colors[0])) < 150:
        floor, colors = "black_marble", colors[1:]  # "black marble (with gold veins)"
    if "dark" in p.moods and not colors and backdrop in ("studio_sweep", "plaster", "plain", "white_background"):
        backdrop = "studio_dark"
    if "glossy" in p.moods:
        glossy = True
    if "matte" in p.moods:
        glossy = False
    if "minimal" in p.moods and not p.materials and not p.settings and not p.patterns:
        floor = "sweep"
    if "rustic" in p.moods and not p.materials:
        floor = "wood"
    if "pastel" in p.moods and colors:
        colors = tuple("#%02X%02X%02X" % adjust(parse_hex(c), 0.45, 0.75) for c in colors)
    recipe = SceneRecipe(backdrop=backdrop, floor=floor, light=light, colors=colors, pattern=pattern,
                         setting=setting, glossy=glossy, podium=podium, seed=seed)
    return recipe, list(dict.fromkeys(p.unknown))
