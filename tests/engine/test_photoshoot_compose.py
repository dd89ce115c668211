from __future__ import annotations

import dataclasses
import hashlib
import itertools

import numpy as np
import pytest
from PIL import Image

from generation.engine import (PHOTOSHOOT_SIZES, PRESET_STYLES, PhotoshootSpec, RenderError, product_description,
                               product_facts, product_name_clean, recommend_scenes, render_photoshoot,
                               scene_for_preset, scene_from_prompt)
from generation.engine import caches
from generation.engine.compose import safe_area
from generation.engine.compose.palette import NAMED_COLORS, lab_of
from generation.engine.compose.scenes import PRESET_SCENES
from tests.engine.products import bottle, mug, sneaker

GREEN = (0, 230, 0)  # a product colour no scene below contains
CLEAN_SCENES = ("white_background", "podium", "marble", "sunset_gradient")

PROMPTS = [
    "on a sleek black and blue geometric pattern background", "on a white marble counter in soft morning light",
    "on a warm walnut desk in soft morning light", "on pink velvet with soft studio light",
    "on a sandy beach at sunset", "in a bright bathroom on a glossy stone shelf",
    "on a linen cloth in a bright kitchen", "on raw concrete with a neon glow",
    "on a round pastel podium with soft studio light", "on a teal and cream terrazzo background",
    "in front of golden bokeh lights", "on a light wood table in a forest", "blue stripes", "Blue stripes",
    "deep navy linen", "christmas morning", "on a sage green platform", "in a zorbly frumious landscape", "xyzzy",
    "qwerty", "on black marble with gold veins", "on mint green tiles in a bathroom",
    "terracotta concrete with sunset light", "pastel pink and lavender polka dots", "on a mirror in a dark studio",
    "emerald velvet luxury", "on a snowy mountain", "on kraft paper with dramatic spotlight",
    "coral and navy memphis shapes", "on wet sand by the ocean",
]


@pytest.fixture(scope="module")
def green_bottle():
    return bottle(color=GREEN, cap=GREEN, size=(600, 800))


def _green_mask(img) -> np.ndarray:
    a = np.asarray(img).astype(np.int16)
    return (a[..., 1] > 150) & (a[..., 0] < 110) & (a[..., 2] < 110)


def _bbox(mask: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(mask)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def _render(product, scene, **kw):
    return render_photoshoot(PhotoshootSpec(product=product, scene=scene, **kw))


def test_photoshoots_are_1674_by_628_with_the_safe_margin_and_1200_by_628_without(green_bottle):
    scene = scene_for_preset("white_background")
    assert PHOTOSHOOT_SIZES == {"safe": (1674, 628), "full": (1200, 628)}
    assert _render(green_bottle, scene).size == (1674, 628)
    img = _render(green_bottle, scene, disable_safe_margin=True)
    assert img.size == (1200, 628) and img.mode == "RGB"


@pytest.mark.parametrize("preset", CLEAN_SCENES)
@pytest.mark.parametrize("full", [False, True])
def test_the_product_stays_inside_the_safe_area(green_bottle, preset, full):
    for product in (green_bottle, sneaker(color=GREEN, accent=GREEN)):
        for variant in (0, 2):
            img = _render(product, scene_for_preset(preset), disable_safe_margin=full, variant=variant)
            x0, y0, x1, y1 = _bbox(_green_mask(img))
            sx0, sy0, sx1, sy1 = safe_area(full)
            assert sx0 <= x0 and sy0 <= y0 and x1 <= sx1 and y1 <= sy1, (preset, (x0, y0, x1, y1))


def test_without_the_safe_margin_the_product_may_use_more_of_the_frame():
    shoe = sneaker(color=GREEN, accent=GREEN)
    safe = _bbox(_green_mask(_render(shoe, scene_for_preset("white_background"))))
    full = _bbox(_green_mask(_render(shoe, scene_for_preset("white_background"), disable_safe_margin=True)))
    assert full[2] - full[0] > (safe[2] - safe[0]) * 1.05


def test_the_contact_shadow_is_darker_just_under_the_base_than_far_away(green_bottle):
    img = _render(green_bottle, scene_for_preset("white_background"), style_reference=False)
    x0, _, x1, base = _bbox(_green_mask(img))
    gray = np.asarray(img.convert("L")).astype(float)
    under = gray[base + 1:base + 4, (x0 + x1) // 2 - 5:(x0 + x1) // 2 + 5].mean()
    far = gray[base + 1:base + 4, 60:120].mean()
    beside = gray[base + 1:base + 4, x1 + 150:x1 + 160].mean()
    assert under < far - 25
    assert under < beside - 15


def test_a_glossy_floor_mirrors_the_product_and_a_matte_one_does_not(green_bottle):
    glossy = scene_for_preset("black_background")
    assert glossy.glossy
    matte = dataclasses.replace(glossy, glossy=False)

    def green_below(img):
        x0, _, x1, base = _bbox(_green_mask(img))
        a = np.asarray(img).astype(float)[base + 6:base + 60, x0 + 4:x1 - 4]
        return float((a[..., 1] - (a[..., 0] + a[..., 2]) / 2).mean())

    with_reflection = green_below(_render(green_bottle, glossy, style_reference=False))
    without = green_below(_render(green_bottle, matte, style_reference=False))
    assert with_reflection > without + 15
    assert abs(without) < 6


def test_reflective_floors_are_the_glossy_ones():
    glossy = {p for p, r in PRESET_SCENES.items() if r.glossy}
    assert {"black_background", "studio_sweep", "studio_dark", "marble", "black_marble", "ocean_gradient"} <= glossy
    assert not glossy & {"wood", "concrete", "beach", "kraft_paper", "velvet", "forest"}


def test_every_catalog_preset_is_a_photoshoot_scene_and_an_unknown_one_is_refused():
    assert {p.id for p in PRESET_STYLES} == set(PRESET_SCENES)
    assert all(scene_for_preset(p.id).preset == p.id and scene_for_preset(p.id).seed == 0 for p in PRESET_STYLES)
    assert len(set(PRESET_SCENES.values())) == len(PRESET_SCENES)  # no two presets are the same scene
    with pytest.raises(RenderError) as err:
        scene_for_preset("no_such_preset")
    assert err.value.code == "unknown_preset"


def test_the_same_photoshoot_renders_the_same_bytes_twice():
    def once():
        caches.clear_all()
        img = _render(mug(), scene_from_prompt("on a white marble counter in soft morning light")[0], variant=2)
        return hashlib.sha256(img.tobytes()).hexdigest()

    assert once() == once()


def test_thirty_different_prompts_give_thirty_different_images():
    product = bottle(size=(450, 600))
    assert len(set(PROMPTS)) == 30
    images = [np.asarray(_render(product, scene_from_prompt(p)[0])).astype(np.int16) for p in PROMPTS]
    digests = {hashlib.sha256(a.tobytes()).hexdigest() for a in images}
    assert len(digests) == 30
    for (i, a), (j, b) in itertools.combinations(enumerate(images), 2):
        assert np.abs(a - b).mean() > 0.5, (PROMPTS[i], PROMPTS[j])


def test_a_prompt_returns_the_words_it_did_not_understand_but_not_stop_words():
    scene, unknown = scene_from_prompt("on a frobnicated marble surface with the zorblax in soft light")
    assert unknown == ["frobnicated", "zorblax"]
    assert scene.floor == "marble" and scene.light == "soft"
    assert scene_from_prompt("on a white background with a soft shadow")[1] == ["shadow"]


def test_prompt_keywords_pick_colours_materials_patterns_lights_and_settings():
    scene, unknown = scene_from_prompt("on a sleek black and blue geometric pattern background")
    assert unknown == []
    assert scene.backdrop == "geometric_lowpoly" and scene.glossy
    assert scene.colors == (NAMED_COLORS_BASIC("black"), NAMED_COLORS_BASIC("blue"))
    assert scene_from_prompt("on pink velvet")[0].floor == "velvet"
    assert scene_from_prompt("on a sandy beach at sunset")[0].light == "sunset"
    assert scene_from_prompt("in a kitchen")[0].setting == "kitchen"
    assert scene_from_prompt("on a concrete platform")[0].podium
    assert scene_from_prompt("with neon light")[0].light == "neon"
    for word in ("terrazzo", "stripes", "bokeh"):
        assert scene_from_prompt(f"{word} background")[0].pattern == word


def NAMED_COLORS_BASIC(word: str) -> str:
    from generation.engine.compose.palette import BASIC_COLORS

    return BASIC_COLORS[word]


def test_an_all_unknown_prompt_still_gets_its_own_deterministic_scene():
    a1, u1 = scene_from_prompt("xyzzy plugh")
    a2, _ = scene_from_prompt("xyzzy plugh")
    b, _ = scene_from_prompt("plugh xyzzy")
    assert u1 == ["xyzzy", "plugh"]
    assert a1 == a2 and a1 != b


def test_style_reference_leans_the_scene_towards_the_product_colour():
    red = bottle(size=(450, 600))
    scene = scene_for_preset("white_background")
    plain = np.asarray(_render(red, scene, style_reference=False)).astype(float)
    styled = np.asarray(_render(red, scene, style_reference=True)).astype(float)
    wall = (slice(40, 200), slice(200, 600))
    warmth = lambda a: (a[wall][..., 0] - a[wall][..., 2]).mean()  # noqa: E731
    assert warmth(styled) > warmth(plain) + 2
    assert np.abs(styled[wall] - plain[wall]).mean() < 20  # a tint, not a recolour


def test_test_mode_carries_the_test_watermark(green_bottle):
    scene = scene_for_preset("studio_sweep")
    clean = np.asarray(_render(green_bottle, scene)).astype(int)
    marked = np.asarray(_render(green_bottle, scene, watermark=True)).astype(int)
    changed = np.abs(clean - marked).max(axis=2) > 20
    h, w = changed.shape
    quarters = [changed[:h // 2, :w // 2], changed[:h // 2, w // 2:],
                changed[h // 2:, :w // 2], changed[h // 2:, w // 2:]]
    assert all(q.mean() > 0.02 for q in quarters)


def test_product_facts_of_a_red_bottle_name_red_first_and_call_it_tall_and_slim():
    facts = product_facts(bottle())
    assert "red" in facts.color_names[0]
    assert facts.shape == "tall and slim" and facts.orientation == "portrait"
    assert 1 <= len(facts.dominant_colors) <= 5 and len(facts.color_names) == len(facts.dominant_colors)
    assert all(c.startswith("#") and len(c) == 7 for c in facts.dominant_colors)
    assert 0.05 < facts.frame_share < 0.4


def test_product_facts_of_a_mug_and_a_sneaker():
    m = product_facts(mug())
    assert "navy" in m.color_names[0] and m.orientation in ("square", "landscape")
    s = product_facts(sneaker())
    assert s.shape in ("wide and low", "wide") and s.orientation == "landscape"
    assert "white" in s.color_names[0]


def test_product_facts_ignore_the_transparent_pixels():
    img = bottle(color=(196, 30, 45), cap=(196, 30, 45))
    arr = np.asarray(img).copy()
    arr[arr[..., 3] == 0, :3] = (0, 255, 0)  # garbage under a zero alpha

    facts = product_facts(Image.fromarray(arr, "RGBA"))
    assert all("green" not in n for n in facts.color_names)


@pytest.mark.parametrize("filename,name", [
    ("IMG_2041-red_sneaker (2).JPG", "Red sneaker"),
    ("IMG_2041.JPG", "Product"),
    ("PXL_20240101_123456789.jpg", "Product"),
    ("DSC_0001 copy.png", "Product"),
    ("WhatsApp Image 2024-01-03 at 10.22.11.jpeg", "Product"),
    ("leather-wallet_v2.webp", "Leather wallet"),
    ("blueMugFinal.png", "Blue mug"),
    ("", "Product"),
])
def test_product_name_clean(filename, name):
    assert product_name_clean(filename) == name


def test_the_description_is_built_from_the_facts_and_is_deterministic():
    facts = product_facts(bottle())
    text = product_description("Red bottle", facts)
    assert text == product_description("Red bottle", facts)
    assert text.startswith("Red bottle in cherry red") and "tall and slim" in text and "portrait" in text


def test_recommendations_are_four_prompts_and_six_distinct_presets_by_colour_harmony():
    ids = [p.id for p in PRESET_STYLES]
    dark_prompts, dark = recommend_scenes(product_facts(mug()), ids)
    light_prompts, light = recommend_scenes(product_facts(sneaker()), ids)
    for prompts, chosen in ((dark_prompts, dark), (light_prompts, light)):
        assert len(prompts) == 4 and len(set(prompts)) == 4
        assert len(chosen) == 6 and len(set(chosen)) == 6 and set(chosen) <= set(ids)
        for p in prompts:
            assert scene_from_prompt(p)[1] == []  # written in words the prompt reader knows
    assert dark != light
    from generation.engine.scenes import cached_background

    def mean_l(pid: str) -> float:
        mean = np.asarray(cached_background(pid, 48, 18)).reshape(-1, 3).mean(0)
        return float(lab_of(tuple(int(v) for v in mean))[0])

    assert sum(mean_l(p) > 55 for p in dark) >= 3  # a dark product gets light scenes
    assert sum(mean_l(p) < 45 for p in light) >= 2  # a white product gets contrast
    assert recommend_scenes(product_facts(mug()), ids) == (dark_prompts, dark)


def test_recommendations_only_choose_among_the_given_presets():
    ids = ["white_background", "black_background", "marble", "wood", "bokeh", "beach", "forest", "velvet"]
    _, chosen = recommend_scenes(product_facts(bottle()), ids)
    assert len(chosen) == 6 and set(chosen) <= set(ids)


@pytest.mark.parametrize("product", [
    Image.new("RGBA", (1, 1), (255, 0, 0, 255)), Image.new("RGB", (300, 200), (10, 200, 30)),
    Image.new("RGBA", (4000, 10), (0, 0, 255, 255)), Image.new("RGBA", (5, 3000), (0, 0, 255, 255)),
    Image.new("LA", (60, 80), (128, 255)), Image.new("P", (40, 40)),
], ids=["one-pixel", "no-alpha", "a-thin-line", "a-tall-line", "grey-alpha", "palette"])
def test_odd_cut_outs_still_render_at_the_photoshoot_size(product):
    for preset in ("podium", "sunset_gradient", "black_background"):
        assert _render(product, scene_for_preset(preset), watermark=True).size == (1674, 628)
        assert _render(product, scene_for_preset(preset), disable_safe_margin=True).size == (1200, 628)


def test_a_fully_transparent_cut_out_is_refused_with_empty_product():
    with pytest.raises(RenderError) as err:
        _render(Image.new("RGBA", (40, 40)), scene_for_preset("marble"))
    assert err.value.code == "empty_product"


def test_the_prompt_documentation_lists_every_keyword_the_reader_knows():
    from pathlib import Path

    from generation.engine.compose import prompts

    doc = (Path(__file__).resolve().parents[2] / "docs" / "photoshoot-prompts.md").read_text()
    words = [*prompts.MATERIALS, *prompts.PATTERNS, *prompts.LIGHT_WORDS, *prompts.SETTINGS, *prompts.THEMES,
             *prompts.MOODS, *NAMED_COLORS]
    missing = [w for w in words if w not in doc]
    assert missing == []
    assert "not AI" in doc
