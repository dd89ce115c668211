"""Creative rendering engine: pure functions from a CreativeSpec to image bytes.

No ORM, no request: the job pipeline builds a CreativeSpec, calls render_creative and
encode_image, and stores the bytes. Errors carry a code and whether a retry may help.
"""
from .cards import (CARD_PRESETS, DEFAULT_CARD_PRESET, CardPreset, CardSpec, NoPersonFound, card_layout_boxes,
                    card_name_problem, card_tier, render_card, render_card_preview, warm_up_cards)
from .compose import (PHOTOSHOOT_SIZES, PhotoshootSpec, ProductFacts, SceneRecipe, product_description,
                      product_facts, product_name_clean, recommend_scenes, render_photoshoot, scene_for_preset,
                      scene_from_prompt)
from .cutout import CutOut, cut_out
from .encode import EncodedImage, encode_image, thumbnail, to_pdf
from .errors import RenderError, TextDoesNotFit, UnknownForeground
from .fitreport import FitReport, fit_report, render_with_fit_report
from .formats import DEFAULT_FORMAT_ORDER, DISPLAY_MAX_BYTES, FORMATS, FormatSpec
from .languages import LANGUAGES, RTL_LANGUAGES
from .previews import render_preset_preview
from .scenes import PRESET_STYLES, PresetStyle, render_background
from .product import product_has_matte, product_trim
from .render import layout_boxes, render_creative
from .spec import CreativeSpec
from .text import missing_glyphs_message

__all__ = [
    "CARD_PRESETS",
    "CardPreset",
    "CardSpec",
    "DEFAULT_CARD_PRESET",
    "NoPersonFound",
    "card_layout_boxes",
    "card_name_problem",
    "card_tier",
    "render_card",
    "render_card_preview",
    "warm_up_cards",
    "CreativeSpec",
    "CutOut",
    "DEFAULT_FORMAT_ORDER",
    "DISPLAY_MAX_BYTES",
    "EncodedImage",
    "FitReport",
    "FORMATS",
    "FormatSpec",
    "LANGUAGES",
    "PHOTOSHOOT_SIZES",
    "PRESET_STYLES",
    "PhotoshootSpec",
    "PresetStyle",
    "ProductFacts",
    "RTL_LANGUAGES",
    "RenderError",
    "SceneRecipe",
    "TextDoesNotFit",
    "UnknownForeground",
    "cut_out",
    "encode_image",
    "fit_report",
    "layout_boxes",
    "missing_glyphs_message",
    "product_description",
    "product_facts",
    "product_name_clean",
    "recommend_scenes",
    "product_has_matte",
    "product_trim",
    "render_background",
    "render_creative",
    "render_photoshoot",
    "render_preset_preview",
    "render_with_fit_report",
    "scene_for_preset",
    "scene_from_prompt",
    "thumbnail",
    "to_pdf",
]
