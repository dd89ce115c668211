"""Product photoshoots: a product cut-out composited on a styled scene (README, Product photoshoots).

- scenes.py: SceneRecipe, the catalog presets as scenes (backdrop + floor + light),
  painting and caching a scene;
- prompts.py: custom prompt → SceneRecipe by keyword matching (docs/photoshoot-prompts.md);
- composite.py: render_photoshoot — placement, contact shadow, reflection, colour match;
- analysis.py: product facts (colours, shape), names, descriptions, recommendations.
"""
from .analysis import ProductFacts, product_description, product_facts, product_name_clean, recommend_scenes
from .composite import PHOTOSHOOT_SIZES, PhotoshootSpec, render_photoshoot, render_photoshoot_timed, safe_area
from .prompts import scene_from_prompt
from .scenes import SceneRecipe, scene_for_preset

__all__ = [
    "PHOTOSHOOT_SIZES",
    "PhotoshootSpec",
    "ProductFacts",
    "SceneRecipe",
    "product_description",
    "product_facts",
    "product_name_clean",
    "recommend_scenes",
    "render_photoshoot",
    "render_photoshoot_timed",
    "safe_area",
    "scene_for_preset",
    "scene_from_prompt",
]
