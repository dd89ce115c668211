"""The product cut-out on its test set (tests/data/cutout/, made by
scripts/make_cutout_set.py): the goals of the README's "Product cut-out" section as
tests. The set's cut-outs are computed once per run (about a second each)."""
from __future__ import annotations

import functools
import json
import statistics
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from generation.engine import CutOut, RenderError, UnknownForeground, cut_out
from generation.engine.cutout import model

DATA = Path(__file__).resolve().parent.parent / "data" / "cutout"
CASES = json.loads((DATA / "cases.json").read_text())
PRODUCTS = [c for c in CASES if "alpha" in c]
EMPTIES = [c for c in CASES if c["group"] == "empty"]


def _photo(name: str) -> Image.Image:
    img = Image.open(DATA / f"{name}.jpg")
    img.load()
    return img


def _mask(file: str) -> np.ndarray:
    return np.asarray(Image.open(DATA / file).convert("L"), dtype=np.float32) / 255.0


@functools.cache
def _cut(name: str) -> CutOut:
    return cut_out(_photo(name))


def _alpha(cut: CutOut) -> np.ndarray:
    return np.asarray(cut.image.getchannel("A"), dtype=np.float32) / 255.0


def _iou(case: dict) -> float:
    pred = _alpha(_cut(case["name"])) >= 0.5
    truth = _mask(case["alpha"]) >= 0.5
    return float((pred & truth).sum() / (pred | truth).sum())


def _group_iou(group: str) -> list[float]:
    return [_iou(c) for c in PRODUCTS if c["group"] == group]


@pytest.mark.parametrize("group", ["plain", "gradient"])
def test_cut_out_reaches_iou_095_on_every_plain_and_gradient_photo(group):
    ious = _group_iou(group)
    assert ious, group
    assert min(ious) >= 0.95, ious


def test_cut_out_reaches_mean_iou_085_on_busy_backgrounds():
    assert statistics.mean(_group_iou("busy")) >= 0.85


@pytest.mark.parametrize("group", ["textured", "photo"])
def test_cut_out_reaches_mean_iou_090_on_textured_backgrounds_and_studio_photos(group):
    assert statistics.mean(_group_iou(group)) >= 0.90


@pytest.mark.parametrize("case", EMPTIES, ids=[c["name"] for c in EMPTIES])
def test_cut_out_refuses_every_empty_scene_with_unknown_foreground(case):
    with pytest.raises(UnknownForeground) as caught:
        cut_out(_photo(case["name"]))
    assert caught.value.code == "unknown_foreground"
    assert caught.value.retryable is False
    assert isinstance(caught.value, RenderError)
    assert caught.value.message


def test_cut_out_keeps_the_mug_handles_hole_transparent():
    holes = [c for c in PRODUCTS if "hole" in c["tags"]]
    assert len(holes) >= 4
    for case in holes:
        hole = cv2.erode((_mask(case["hole"]) > 0.5).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
        assert hole.sum() > 200, case["name"]
        assert _alpha(_cut(case["name"]))[hole].mean() < 0.05, case["name"]


def test_cut_out_leaves_the_contact_and_cast_shadows_out():
    shadowed = [c for c in PRODUCTS if "shadow" in c and c["group"] != "busy"]
    assert len(shadowed) >= 8
    for case in shadowed:
        truth = _mask(case["alpha"]) >= 0.5
        far = cv2.distanceTransform((~truth).astype(np.uint8), cv2.DIST_L2, 3) > 3
        shadow = (_mask(case["shadow"]) > 0.5) & far
        alpha = _alpha(_cut(case["name"]))
        assert alpha[shadow].mean() < 0.06, case["name"]
        assert (alpha[shadow] >= 0.5).mean() < 0.02, case["name"]


def test_cut_out_feathers_the_edge_with_intermediate_alpha_values():
    cut = _cut("plain-bottle")
    a = np.asarray(cut.image.getchannel("A"))
    soft = (a > 8) & (a < 247)
    # the outline of a ~470 px tall bottle is > 1000 px long: most of it has soft pixels
    outline = cv2.morphologyEx((a >= 128).astype(np.uint8), cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8)) > 0
    near_soft = cv2.dilate(soft.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    assert soft.sum() > 500
    assert (outline & near_soft).sum() / outline.sum() > 0.8
    # and nowhere else: the inside is opaque, the outside transparent
    assert soft.mean() < 0.02


def test_cut_out_frees_the_edge_of_the_old_backgrounds_colour():
    """A green bottle on white: the semi-transparent edge pixels must carry the bottle's
    colours, not the white of the old background (which shows as a light halo on dark)."""
    cut = _cut("plain-bottle")
    rgba = np.asarray(cut.image).astype(np.float32)
    a = rgba[..., 3] / 255
    photo = np.asarray(_photo("plain-bottle").convert("RGB"), dtype=np.float32)
    edge = (a > 0.1) & (a < 0.6)
    assert edge.sum() > 200
    background = np.median(photo[a == 0], axis=0)
    edge_rgb = rgba[..., :3][edge]
    raw_rgb = photo[edge]
    # the photo's own edge pixels are a mix leaning to the white; the cut-out's are not
    distance = np.linalg.norm(edge_rgb - background, axis=1).mean()
    assert distance > np.linalg.norm(raw_rgb - background, axis=1).mean() + 40
    on_black = (edge_rgb * a[edge][:, None]).mean()
    assert on_black < (raw_rgb * a[edge][:, None]).mean()


def test_cut_out_returns_rgba_at_the_input_size_with_a_consistent_bbox_and_measures():
    for name in ("plain-box-edge", "photo-perfume", "gradient-jar-edge"):
        photo = _photo(name)
        cut = _cut(name)
        assert cut.image.mode == "RGBA"
        assert cut.image.size == photo.size
        solid = np.asarray(cut.image.getchannel("A")) >= 128
        ys, xs = np.nonzero(solid)
        assert cut.bbox == (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)
        assert cut.foreground_share == pytest.approx(solid.mean(), abs=1e-6)
        assert 0.85 <= cut.confidence <= 1.0


def test_cut_out_keeps_a_product_cut_by_the_frame_edge_up_to_the_edge():
    cut = _cut("plain-box-edge")
    w, h = cut.image.size
    assert cut.bbox[3] == h  # the carton runs out of the bottom of the photo
    cut = _cut("gradient-jar-edge")
    assert cut.bbox[0] == 0 and cut.bbox[3] == cut.image.size[1]


def test_cut_out_is_deterministic():
    photo = _photo("gradient-sneaker")
    first = cut_out(photo)
    second = cut_out(photo)
    assert first.image.tobytes() == second.image.tobytes()
    assert (first.bbox, first.foreground_share, first.confidence) == (
        second.bbox, second.foreground_share, second.confidence)


def test_cut_out_accepts_rgba_input_and_keeps_its_transparent_parts_transparent():
    photo = _photo("plain-mug-shadow").convert("RGBA")
    assert "exif" not in photo.info
    rgba = np.asarray(photo).copy()
    rgba[:, :60, 3] = 0  # a transparent strip on the left, far from the mug
    cut = cut_out(Image.fromarray(rgba, "RGBA"))
    a = np.asarray(cut.image.getchannel("A"))
    assert cut.image.size == photo.size
    assert a[:, :60].max() == 0
    reference = _alpha(_cut("plain-mug-shadow")) >= 0.5
    pred = a >= 128
    assert (pred & reference).sum() / (pred | reference).sum() > 0.98


@pytest.mark.parametrize("mode", ["L", "P", "CMYK", "LA", "I;16"])
def test_cut_out_accepts_other_image_modes(mode):
    photo = _photo("plain-bottle")
    converted = photo.convert("L").convert(mode) if mode in ("LA", "I;16") else photo.convert(mode)
    cut = cut_out(converted)
    assert cut.image.mode == "RGBA" and cut.image.size == photo.size
    assert cut.foreground_share > 0.05


@pytest.mark.parametrize("size", [(1, 1), (15, 40), (4000, 20)])
def test_cut_out_refuses_too_small_or_strip_photos_cleanly(size):
    with pytest.raises(UnknownForeground):
        cut_out(Image.new("RGB", size, (200, 30, 30)))


@pytest.mark.parametrize("size", [(17, 23), (97, 61), (331, 1999)])
def test_cut_out_handles_small_and_odd_sizes_with_a_result_or_a_clean_refusal(size):
    photo = _photo("plain-mug-shadow").resize(size, Image.Resampling.LANCZOS)
    try:
        cut = cut_out(photo)
    except UnknownForeground as exc:
        assert exc.code == "unknown_foreground"
    else:
        assert cut.image.size == size and cut.image.mode == "RGBA"


def test_cut_out_refuses_a_photo_over_40_megapixels_before_reading_it():
    with pytest.raises(RenderError) as caught:
        cut_out(Image.new("RGB", (8000, 5001)))
    assert caught.value.code == "image_too_large"


@pytest.mark.parametrize("kind", ["black", "white", "noise", "half"])
def test_cut_out_never_raises_anything_but_its_own_errors_on_odd_pictures(kind):
    rng = np.random.default_rng(3)
    arr = {"black": np.zeros((300, 400, 3), np.uint8),
           "white": np.full((300, 400, 3), 255, np.uint8),
           "noise": rng.integers(0, 256, (300, 400, 3), dtype=np.uint8),
           "half": np.concatenate([np.zeros((300, 200, 3), np.uint8), np.full((300, 200, 3), 255, np.uint8)],
                                  axis=1)}[kind]
    try:
        cut = cut_out(Image.fromarray(arr))
    except UnknownForeground:
        return
    assert cut.image.size == (400, 300)


def test_cut_out_model_is_read_from_the_installed_package():
    path = model.model_path()
    assert path.name == "u2netp.onnx"
    assert "site-packages" in path.parts or "dist-packages" in path.parts
    assert 4_000_000 < path.stat().st_size < 5_000_000


def test_cut_out_from_several_threads_shares_one_model_session_and_gives_the_same_result():
    from concurrent.futures import ThreadPoolExecutor

    photo = _photo("gradient-mug")
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: cut_out(photo), range(3)))
    assert len({r.image.tobytes() for r in results}) == 1
    assert model.session() is model.session()


def test_the_model_at_its_own_size_answers_as_the_shipped_file_does():
    import onnxruntime as ort

    shipped = ort.InferenceSession(str(model.model_path()), providers=["CPUExecutionProvider"])
    x = np.random.default_rng(3).standard_normal((1, 3, model.MODEL_SIDE, model.MODEL_SIDE)).astype(np.float32)
    ours = model.session().run(None, {"input.1": x})[0]
    theirs = shipped.run(None, {"input.1": x})[0]
    assert np.abs(ours - theirs).max() < 1e-4


def test_the_model_at_a_smaller_square_finds_the_same_product():
    work = np.asarray(_photo("gradient-mug").convert("RGB"), dtype=np.float32) / 255.0
    full = model.saliency(work) >= 0.5
    small = cv2.resize(model.saliency(work, 256), full.shape[::-1], interpolation=cv2.INTER_LINEAR) >= 0.5
    assert small.shape == full.shape
    assert (small & full).sum() / (small | full).sum() > 0.95


@pytest.mark.parametrize("side", [300, 32])
def test_the_model_refuses_a_square_it_cannot_halve_five_times(side):
    with pytest.raises(ValueError):
        model.saliency(np.zeros((64, 64, 3), np.float32), side)
