"""Creatives that carry a product: every format places it clear of the text, visible,
whole, mirrored for right-to-left languages; without a product nothing changes."""
from __future__ import annotations

import hashlib

import numpy as np
import pytest
from PIL import Image, ImageDraw

from generation.engine import (FORMATS, CreativeSpec, RenderError, TextDoesNotFit, layout_boxes, product_has_matte,
                               product_trim, render_creative)
from generation.engine import render as render_module
from generation.engine.layouts import layout_for
from generation.engine.samples import SALE_CLAIMS, SAMPLE_CLAIMS, SAMPLE_CTAS, sample_product

PRODUCTS = {kind: sample_product(kind) for kind in ("bottle", "sneaker", "jar")}
# The colour most of each drawn product is painted in.
BODY_COLOUR = {"bottle": (22, 110, 84), "sneaker": (220, 60, 52), "jar": (236, 200, 190)}


def _logo() -> Image.Image:
    logo = Image.new("RGBA", (200, 80), (0, 0, 0, 0))
    ImageDraw.Draw(logo).rounded_rectangle((4, 4, 196, 76), radius=20, fill=(30, 30, 160, 255))
    return logo


def _spec(code: str, lang: str = "EN", kind: str = "bottle", **kw) -> CreativeSpec:
    claim = SALE_CLAIMS[lang] if FORMATS[code].height < 100 else SAMPLE_CLAIMS[lang]
    return CreativeSpec(claim=kw.pop("claim", claim), language=lang, format_code=code, cta=SAMPLE_CTAS[lang],
                        product=kw.pop("product", PRODUCTS[kind]), **kw)


def _disjoint(a, b) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def _text_boxes(boxes: dict) -> list:
    return [*boxes.get("lines", []), *(boxes[k] for k in ("cta", "logo", "bar", "scrim") if k in boxes)]


@pytest.mark.parametrize("code", list(FORMATS))
@pytest.mark.parametrize("lang, kind, preset", [("EN", "bottle", None), ("EN", "sneaker", "bokeh"),
                                                ("AR", "jar", "marble"), ("DE", "sneaker", "studio_sweep")])
def test_no_claim_line_button_logo_or_scrim_touches_the_product_in_any_format(code, lang, kind, preset):
    for variant in range(3):
        spec = _spec(code, lang, kind, preset=preset, variant=variant, logo=_logo() if variant != 1 else None)
        boxes = layout_boxes(spec)
        product = boxes["product"]
        assert boxes["lines"] and "cta" in boxes
        for box in _text_boxes(boxes):
            assert _disjoint(product, box), (code, variant, box, product)


@pytest.mark.parametrize("code", list(FORMATS))
def test_the_product_is_drawn_whole_inside_the_frame_and_its_pixels_are_in_the_output(code):
    fmt = FORMATS[code]
    for kind in ("bottle", "sneaker"):
        spec = _spec(code, kind=kind, preset="marble")
        x0, y0, x1, y1 = layout_boxes(spec)["product"]
        assert 0 <= x0 < x1 <= fmt.width and 0 <= y0 < y1 <= fmt.height
        trimmed = product_trim(PRODUCTS[kind])
        # Not clipped: the visible box keeps the product's own proportions.
        assert (y1 - y0) / (x1 - x0) == pytest.approx(trimmed.height / trimmed.width, rel=0.12)
        pixels = np.asarray(render_creative(spec))[y0:y1, x0:x1].reshape(-1, 3).astype(int)
        body = np.abs(pixels - BODY_COLOUR[kind]).sum(axis=1) <= 12
        assert body.mean() > 0.3, (code, kind, body.mean())


def test_products_are_prominent_in_the_social_sizes():
    for code in ("F1", "F2", "F3", "F4", "F5"):
        fmt = FORMATS[code]
        for kind in ("bottle", "sneaker", "jar"):
            x0, y0, x1, y1 = layout_boxes(_spec(code, kind=kind))["product"]
            # a third of the frame's height or width at least, and no mere speck by area
            assert max((x1 - x0) / fmt.width, (y1 - y0) / fmt.height) >= 0.35, (code, kind)
            assert (x1 - x0) * (y1 - y0) >= 0.06 * fmt.width * fmt.height, (code, kind)


@pytest.mark.parametrize("variant", [0, 1, 2])
def test_right_to_left_languages_mirror_the_landscape_layout(variant):
    en = layout_boxes(_spec("F4", "EN", variant=variant))
    ar = layout_boxes(_spec("F4", "AR", variant=variant))
    w = FORMATS["F4"].width
    zx0, zy0, zx1, zy1 = en["product_zone"]
    assert ar["product_zone"] == (w - zx1, zy0, w - zx0, zy1)
    en_text_x = en["lines"][0][0]
    ar_text_x = ar["lines"][0][0]
    if en["product"][0] > en_text_x:  # product after the text in English: before it (on the left) in Arabic
        assert ar["product"][2] <= ar_text_x
    else:
        assert ar["product"][0] >= max(box[2] for box in ar["lines"])


def test_the_landscape_ad_puts_the_product_on_the_right_in_english_and_on_the_left_in_arabic():
    w = FORMATS["F4"].width
    en, ar = layout_boxes(_spec("F4", "EN")), layout_boxes(_spec("F4", "AR"))
    assert en["product"][0] > w / 2 and en["product"][0] > max(box[2] for box in en["lines"])
    assert ar["product"][2] < w / 2 and ar["product"][2] < min(box[0] for box in ar["lines"])


def test_a_tall_product_stands_beside_the_claim_and_a_wide_one_under_it_in_the_square_post():
    bottle = layout_boxes(_spec("F1", kind="bottle"))
    sneaker = layout_boxes(_spec("F1", kind="sneaker"))
    assert bottle["product"][0] > max(box[2] for box in bottle["lines"])  # side by side
    assert sneaker["product"][1] > max(box[3] for box in sneaker["lines"])  # stacked


def test_the_same_spec_with_a_product_renders_the_same_bytes_twice():
    spec = _spec("F2", "DE", "sneaker", preset="bokeh", variant=1, logo=_logo())
    first = hashlib.sha256(render_creative(spec).tobytes()).hexdigest()
    second = hashlib.sha256(render_creative(spec).tobytes()).hexdigest()
    assert first == second


def test_transparent_margins_around_the_cut_out_change_nothing():
    tight = PRODUCTS["bottle"]
    loose = Image.new("RGBA", (tight.width + 400, tight.height + 300), (0, 0, 0, 0))
    loose.paste(tight, (250, 40))
    for code in ("F1", "F8"):
        assert render_creative(_spec(code, product=loose)).tobytes() == render_creative(_spec(code)).tobytes()


def test_a_claim_too_long_for_the_mobile_banner_still_fails_with_text_does_not_fit():
    with pytest.raises(TextDoesNotFit):
        render_creative(_spec("F12", claim="Unbelievable savings on absolutely everything in our store " * 4))


def test_a_long_claim_gets_room_from_a_smaller_product_before_the_output_fails():
    claim = "Our strongest whey isolate yet: thirty grams of protein, zero sugar, ready for every workout you plan"
    boxes = layout_boxes(_spec("F6", claim=claim, kind="jar"))
    assert boxes["lines"]
    full = render_module.product_layout_for(FORMATS["F6"], 0, 0.94, rtl=False, has_logo=False)
    smaller = render_module.product_layout_for(FORMATS["F6"], 0, 0.94, rtl=False, has_logo=False, step=2)
    area = lambda box: (box[2] - box[0]) * (box[3] - box[1])  # noqa: E731
    assert area(smaller.product) < area(full.product)


def test_a_fully_transparent_product_is_refused_with_its_own_code():
    with pytest.raises(RenderError) as info:
        render_creative(_spec("F1", product=Image.new("RGBA", (50, 80), (0, 0, 0, 0))))
    assert info.value.code == "empty_product"


def test_an_opaque_photo_is_told_apart_from_a_cut_out():
    assert product_has_matte(PRODUCTS["sneaker"])
    assert not product_has_matte(PRODUCTS["sneaker"].convert("RGB"))
    assert not product_has_matte(Image.new("RGBA", (40, 40), (10, 20, 30, 255)))


def test_without_a_product_the_engine_takes_exactly_the_plain_code_path(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("product code reached without a product")

    for name in ("_render_with_product", "place_product", "product_layout_for", "prepared_product"):
        monkeypatch.setattr(render_module, name, refuse)
    for code in FORMATS:
        for lang in ("EN", "AR"):
            spec = CreativeSpec(claim=SAMPLE_CLAIMS[lang] if FORMATS[code].height >= 100 else SALE_CLAIMS[lang],
                                language=lang, format_code=code, cta=SAMPLE_CTAS[lang], preset="marble")
            assert render_creative(spec).size == (FORMATS[code].width, FORMATS[code].height)
            assert "product" not in layout_boxes(spec)
        assert layout_for(FORMATS[code], 0, rtl=False, has_logo=True).product is None
