from __future__ import annotations

import io

import cv2
import numpy as np
from PIL import Image

from generation.engine import CreativeSpec, encode_image, render_background, render_creative
from generation.engine import caches
from generation.engine.encode import png_fast
from generation.engine.samples import SALE_CLAIMS, SAMPLE_CTAS


def test_the_fast_png_writer_decodes_to_the_same_pixels_in_pillow_and_libpng():
    for size in ((1, 1), (7, 3), (300, 250), (160, 600)):
        img = render_background("bokeh", *size)
        data = png_fast(img)
        assert Image.open(io.BytesIO(data)).convert("RGB").tobytes() == img.tobytes()
        bgr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        assert np.array_equal(bgr[..., ::-1], np.asarray(img))


def test_a_creative_renders_the_same_bytes_from_a_cold_process_and_from_warm_caches():
    spec = CreativeSpec(claim=SALE_CLAIMS["AR"], language="AR", format_code="F9", cta=SAMPLE_CTAS["AR"],
                        variant=1, preset="marble")
    caches.clear_all()
    cold = encode_image(render_creative(spec), "png").data
    warm = encode_image(render_creative(spec), "png").data
    assert cold == warm
    hits = sum(h for h, _, _ in caches.stats().values())
    assert hits > 0  # the second render was served from the caches


def test_creatives_drawn_on_a_shared_plate_leave_it_as_it_was():
    """Scene, panel and button are composed once per look and shared: drawing one claim
    must not leak into the next creative on that plate."""
    looks = [("F12", 0, None), ("F8", 1, "bokeh"), ("F6", 2, None), ("F2", 2, "studio_sweep")]
    for code, variant, preset in looks:
        def spec(claim: str, code=code, variant=variant, preset=preset) -> CreativeSpec:
            return CreativeSpec(claim=claim, language="EN", format_code=code, cta=SAMPLE_CTAS["EN"],
                                variant=variant, preset=preset)

        caches.clear_all()
        first = render_creative(spec("Summer sale -50%")).tobytes()
        for n in range(30):  # other claims on the same plates (the palette follows the claim)
            render_creative(spec(f"Summer sale -{n}%"))
        assert render_creative(spec("Summer sale -50%")).tobytes() == first, code
        plates = caches.stats()["render._preset_plate" if preset else "render._default_plate"]
        assert plates[0] > 0, code  # the plate was reused, not rebuilt every time


def test_every_engine_cache_is_bounded():
    for name, fn in caches._REGISTRY.items():
        assert fn.cache_info().maxsize, name


def test_glyph_tables_are_bounded_by_bytes_and_drop_the_least_recently_used_size_first(monkeypatch):
    monkeypatch.setattr(caches, "_REGISTRY", dict(caches._REGISTRY))  # keep this cache out of the engine's list
    tables = caches.TableCache("test.tables", max_bytes=1000)
    small, large, other = tables.table("11px"), tables.table("90px"), tables.table("14px")
    tables.put("11px", small, 1, "glyph", 400)
    tables.put("90px", large, 1, "glyph", 400)
    tables.table("11px")  # drawn again: now the most recently used
    tables.put("14px", other, 1, "glyph", 400)  # over the budget: 90px goes
    assert tables.table("11px") is small and small == {1: "glyph"}
    assert tables.table("90px") == {}  # dropped, starts afresh
    assert tables.cache_info().misses == 3
