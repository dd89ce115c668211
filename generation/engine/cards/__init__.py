"""Player cards: a player's photo and profile in, a club card out.

    card = render_card(CardSpec(name="Alex Rivera", position="ST", number=9, skill_level=88,
                                preset="pro_clubs_card", photo=photo))

The player is cut out of the photo (person.py), placed by the face, and set on one of
the CARD_PRESETS designs (presets.py has the tier rule). Deterministic: the same spec
gives the same pixels.
"""
from ..errors import NoPersonFound, RenderError
from .presets import (CARD_PRESETS, DEFAULT_CARD_PRESET, GOLD_FROM, SILVER_FROM, CardPreset, card_palette,
                      card_preset, card_tier)
from .lettering import name_problem as card_name_problem
from .render import card_layout_boxes, render_card, render_card_preview
from .spec import POSITIONS, CardSpec


def warm_up_cards() -> None:
    """Load what a process's first card would otherwise wait for: the cut-out model,
    pymatting's kernels and the face cascades (parsed once, ≈ 0.2 s)."""
    from ..cutout import warm_up
    from . import faces

    warm_up()
    faces.cascade(faces.FRONTAL)
    faces.cascade(faces.PROFILE)

__all__ = [
    "CARD_PRESETS",
    "CardPreset",
    "CardSpec",
    "DEFAULT_CARD_PRESET",
    "GOLD_FROM",
    "NoPersonFound",
    "POSITIONS",
    "RenderError",
    "SILVER_FROM",
    "card_layout_boxes",
    "card_name_problem",
    "card_palette",
    "card_preset",
    "card_tier",
    "render_card",
    "render_card_preview",
    "warm_up_cards",
]
