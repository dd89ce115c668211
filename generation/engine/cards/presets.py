"""The card designs and the tier rule.

A design is a palette and a few switches the painter reads (frame.py). `tier_card`
is not a look of its own: it picks gold, silver or bronze from the skill level, the
way club games grade their cards:

    skill_level ≥ 75  → gold      65 ≤ skill_level ≤ 74 → silver      < 65 → bronze

`gold_card`, `silver_card` and `bronze_card` force a tier whatever the skill.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import RenderError

RGB = tuple[int, int, int]

GOLD_FROM = 75     # skill level at which a tier card turns gold
SILVER_FROM = 65   # … and silver (below: bronze)


@dataclass(frozen=True)
class CardPalette:
    base_top: RGB          # the card's body gradient, top to bottom
    base_bottom: RGB
    sheen: RGB             # the foil highlight that sweeps across the body
    rim_light: RGB         # the frame's lit edge
    rim_dark: RGB          # the frame's shaded edge
    ink: RGB               # rating, position, name
    ink_soft: RGB          # number, small labels
    accent: RGB            # dividers, the name band's rule
    pattern: RGB           # the subtle texture lines
    backdrop_top: RGB      # the canvas around the card
    backdrop_bottom: RGB
    glow: RGB              # the light behind the player
    band: RGB              # the name band under the player
    band_alpha: int        # its opacity (0–255)


@dataclass(frozen=True)
class CardPreset:
    id: str
    name: str
    description: str
    palette: CardPalette | None   # None: resolved from the skill level (tier_card)
    pattern: str = "diagonal"     # the body texture: "diagonal", "hex", "rays", "grid"
    metallic: bool = True         # strong foil sheen and bevelled rim


_GOLD = CardPalette(
    base_top=(247, 222, 142), base_bottom=(176, 128, 42), sheen=(255, 246, 205), rim_light=(255, 240, 180),
    rim_dark=(120, 82, 18), ink=(52, 36, 10), ink_soft=(86, 62, 20), accent=(122, 86, 24),
    pattern=(255, 238, 170), backdrop_top=(38, 30, 18), backdrop_bottom=(10, 8, 6), glow=(255, 232, 160),
    band=(214, 172, 80), band_alpha=0)
_SILVER = CardPalette(
    base_top=(236, 240, 245), base_bottom=(140, 150, 163), sheen=(255, 255, 255), rim_light=(250, 252, 255),
    rim_dark=(92, 100, 112), ink=(32, 38, 48), ink_soft=(64, 72, 84), accent=(96, 106, 120),
    pattern=(255, 255, 255), backdrop_top=(30, 34, 40), backdrop_bottom=(8, 9, 11), glow=(240, 246, 255),
    band=(200, 206, 214), band_alpha=0)
_BRONZE = CardPalette(
    base_top=(226, 164, 112), base_bottom=(128, 72, 38), sheen=(255, 214, 176), rim_light=(246, 196, 150),
    rim_dark=(86, 44, 20), ink=(48, 24, 10), ink_soft=(80, 44, 22), accent=(104, 56, 28),
    pattern=(255, 204, 160), backdrop_top=(36, 24, 18), backdrop_bottom=(10, 7, 5), glow=(255, 204, 160),
    band=(190, 120, 70), band_alpha=0)
_PRO_CLUBS = CardPalette(
    base_top=(24, 46, 92), base_bottom=(6, 12, 30), sheen=(120, 200, 255), rim_light=(120, 220, 255),
    rim_dark=(10, 30, 70), ink=(255, 255, 255), ink_soft=(170, 214, 255), accent=(0, 214, 255),
    pattern=(70, 140, 230), backdrop_top=(12, 20, 40), backdrop_bottom=(3, 5, 12), glow=(60, 170, 255),
    band=(4, 10, 28), band_alpha=150)
_NEON = CardPalette(
    base_top=(58, 14, 88), base_bottom=(12, 4, 26), sheen=(255, 120, 230), rim_light=(255, 90, 210),
    rim_dark=(40, 6, 60), ink=(255, 255, 255), ink_soft=(255, 180, 240), accent=(255, 60, 190),
    pattern=(170, 60, 220), backdrop_top=(22, 6, 34), backdrop_bottom=(5, 2, 10), glow=(255, 70, 200),
    band=(14, 2, 24), band_alpha=150)

TIER_PALETTES: dict[str, CardPalette] = {"gold": _GOLD, "silver": _SILVER, "bronze": _BRONZE}

CARD_PRESETS: dict[str, CardPreset] = {p.id: p for p in (
    CardPreset("pro_clubs_card", "Pro Clubs",
               "Midnight blue with an electric-cyan rim and a hexagon weave: the club's own card.",
               _PRO_CLUBS, pattern="hex", metallic=False),
    CardPreset("tier_card", "Tier (gold / silver / bronze)",
               f"Gold from skill {GOLD_FROM}, silver {SILVER_FROM}–{GOLD_FROM - 1}, bronze below {SILVER_FROM}.",
               None),
    CardPreset("gold_card", "Gold", "Polished gold foil with a diagonal sheen.", _GOLD),
    CardPreset("silver_card", "Silver", "Brushed silver foil with a cool sheen.", _SILVER),
    CardPreset("bronze_card", "Bronze", "Warm bronze foil with a copper sheen.", _BRONZE),
    CardPreset("neon_card", "Neon",
               "Deep violet with a magenta neon rim and light rays: a card for the highlight reel.",
               _NEON, pattern="rays", metallic=False),
)}
DEFAULT_CARD_PRESET = "pro_clubs_card"


def card_tier(skill_level: int) -> str:
    """"gold", "silver" or "bronze" for a skill level (the rule in this module's doc)."""
    if skill_level >= GOLD_FROM:
        return "gold"
    if skill_level >= SILVER_FROM:
        return "silver"
    return "bronze"


def card_preset(preset_id: str) -> CardPreset:
    try:
        return CARD_PRESETS[preset_id]
    except KeyError:
        raise RenderError(f"Unknown card design {preset_id!r}; one of: {', '.join(CARD_PRESETS)}.",
                          code="unknown_preset") from None


def card_palette(preset: CardPreset, skill_level: int) -> tuple[str, CardPalette]:
    """(design key, palette) the card is painted with: a tier card resolves to its tier."""
    if preset.palette is None:
        tier = card_tier(skill_level)
        return f"{tier}_card", TIER_PALETTES[tier]
    return preset.id, preset.palette
