"""Player cards: designs, the tier rule, the person cut-out and the lettering."""
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from generation.engine import (CARD_PRESETS, DEFAULT_CARD_PRESET, CardSpec, NoPersonFound, RenderError,
                               card_layout_boxes, card_tier, render_card, render_card_preview)
from generation.engine.cards import lettering
from generation.engine.cards.person import person_cut_out
from generation.engine.cards.sample import LOOKS, backdrop, draw_player
from generation.engine.watermark import apply_watermark

DATA = Path(__file__).resolve().parent.parent / "data"
TEXT_BOXES = ("rating", "position", "number", "name", "role", "label")
NAMES = {
    "long": "Maximilian Oberhausen-Schwarzenegger",
    "arabic": "محمد صلاح",
    "japanese": "本田 圭佑",
    "cyrillic": "Андрей Аршавин",
    "greek": "Γιώργος Καραγκούνης",
}


def _photo(name: str) -> Image.Image:
    with Image.open(DATA / name) as img:
        return img.convert("RGB")


@pytest.fixture(scope="module")
def portrait() -> Image.Image:
    return _photo("cards/astronaut.jpg")


@pytest.fixture(scope="module")
def drawn() -> Image.Image:
    return _photo("cards/player-red-studio.jpg")


def _spec(photo, **kw) -> CardSpec:
    base = dict(name="Alex Rivera", position="ST", number=9, skill_level=80, preset=DEFAULT_CARD_PRESET,
                photo=photo)
    base.update(kw)
    return CardSpec(**base)


def _inside(inner, outer) -> bool:
    return inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


@pytest.mark.parametrize("preset", sorted(CARD_PRESETS))
def test_every_card_design_has_a_preview_at_the_card_size(preset):
    img = render_card_preview(preset)
    assert img.mode == "RGB" and img.size == (1080, 1350)


def test_the_designs_look_different_from_each_other():
    previews = {p: np.asarray(render_card_preview(p), np.int16) for p in CARD_PRESETS if p != "tier_card"}
    ids = sorted(previews)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            assert np.abs(previews[a] - previews[b]).mean() > 10, (a, b)


@pytest.mark.parametrize("preset", sorted(CARD_PRESETS))
def test_every_design_renders_a_photo_at_the_requested_size(drawn, preset):
    img = render_card(_spec(drawn, preset=preset, width=720, height=900))
    assert img.mode == "RGB" and img.size == (720, 900)


def test_the_same_card_renders_the_same_pixels(portrait):
    spec = _spec(portrait, preset="neon_card")
    assert render_card(spec).tobytes() == render_card(spec).tobytes()


@pytest.mark.parametrize("skill,tier", [(99, "gold"), (75, "gold"), (74, "silver"), (65, "silver"),
                                        (64, "bronze"), (1, "bronze")])
def test_the_tier_follows_the_skill_level(skill, tier):
    assert card_tier(skill) == tier


def test_a_tier_card_is_painted_as_the_tier_its_skill_earns(drawn):
    assert card_layout_boxes(_spec(drawn, preset="tier_card", skill_level=80))["design"] == "gold_card"
    assert card_layout_boxes(_spec(drawn, preset="tier_card", skill_level=70))["design"] == "silver_card"
    assert card_layout_boxes(_spec(drawn, preset="tier_card", skill_level=50))["design"] == "bronze_card"
    tier = render_card(_spec(drawn, preset="tier_card", skill_level=70))
    silver = render_card(_spec(drawn, preset="silver_card", skill_level=70))
    assert tier.tobytes() == silver.tobytes()


def test_a_forced_tier_ignores_the_skill_level(drawn):
    assert card_layout_boxes(_spec(drawn, preset="gold_card", skill_level=20))["design"] == "gold_card"
    assert card_layout_boxes(_spec(drawn, preset="bronze_card", skill_level=99))["design"] == "bronze_card"


def test_test_mode_cards_carry_the_same_watermark_as_creatives(drawn):
    plain = render_card(_spec(drawn))
    marked = render_card(_spec(drawn, watermark=True))
    assert marked.tobytes() == apply_watermark(plain).tobytes()
    assert np.abs(np.asarray(marked, np.int16) - np.asarray(plain, np.int16)).max() > 60


@pytest.mark.parametrize("photo", ["cutout/empty-desk.jpg", "cutout/empty-linen.jpg", "cutout/empty-plain.jpg",
                                   "cutout/empty-leaves.jpg", "cutout/plain-white-mug.jpg",
                                   "cutout/photo-perfume.jpg"])
def test_a_photo_without_a_person_is_refused_with_no_person_found(photo):
    with pytest.raises(NoPersonFound) as err:
        render_card(_spec(_photo(photo)))
    assert err.value.code == "no_person_found" and not err.value.retryable
    assert "photo" in err.value.message


def test_a_landscape_without_a_person_is_refused():
    with pytest.raises(NoPersonFound):
        render_card(_spec(backdrop(900, 700, 2)))


def test_the_face_is_found_where_it_is_in_a_real_portrait(portrait):
    person = person_cut_out(portrait)
    x0, y0, x1, y1 = person.face
    # the astronaut's face spans about x 175-275, y 65-165 of the 512 px photo
    assert 160 <= x0 <= 190 and 250 <= x1 <= 290 and 50 <= y0 <= 80 and 150 <= y1 <= 180


def test_hair_edges_are_soft_in_the_cut_out(portrait):
    person = person_cut_out(portrait)
    alpha = np.asarray(person.image.getchannel("A"))
    hl, ht, hr, hb = person.head
    hair = alpha[max(0, ht):person.face[1], max(0, hl):hr]
    soft = ((hair > 12) & (hair < 243)).sum()
    assert soft > 0.02 * hair.size  # a band of partial alpha, not a hard cut


def test_the_cut_out_leaves_no_haze_around_the_player(portrait):
    person = person_cut_out(portrait)
    alpha = np.asarray(person.image.getchannel("A"))
    solid = (alpha >= 128).astype(np.uint8)
    away = cv2.distanceTransform(1 - solid, cv2.DIST_L2, 3) > 20  # px beyond the figure's outline
    assert away.any() and alpha[away].max() == 0
    inside = cv2.distanceTransform(solid, cv2.DIST_L2, 3) > 20
    assert (alpha[inside] < 250).mean() < 0.01  # and no see-through patches inside the figure


@pytest.mark.parametrize("photo", ["cards/astronaut.jpg", "cards/player-red-studio.jpg",
                                   "cards/player-red-night.jpg", "cards/player-green-studio.jpg"])
@pytest.mark.parametrize("preset", ["pro_clubs_card", "gold_card"])
def test_no_lettering_covers_the_players_face(photo, preset):
    boxes = card_layout_boxes(_spec(_photo(photo), preset=preset, name=NAMES["long"]))
    assert _inside(boxes["face"], boxes["card"])
    for key in TEXT_BOXES:
        if key in boxes:
            assert not _overlap(boxes["face"], boxes[key]), key


@pytest.mark.parametrize("kind", sorted(NAMES))
def test_long_and_non_latin_names_stay_inside_the_card(drawn, kind):
    boxes = card_layout_boxes(_spec(drawn, name=NAMES[kind]))
    card = boxes["card"]
    margin = 0.05 * (card[2] - card[0])
    inner = (card[0] + margin, card[1], card[2] - margin, card[3])
    assert 1 <= len(boxes["name_lines"]) <= 2
    for line in boxes["name_lines"]:
        assert _inside(line, inner), line
        assert not _overlap(line, boxes["role"])
    cap = min(b[3] - b[1] for b in boxes["name_lines"])
    assert cap >= 0.025 * (card[3] - card[1])  # still readable


def test_a_very_long_name_takes_two_lines():
    fitted = lettering.fit_name(NAMES["long"], width=700, cap_max=80, cap_min=48)
    assert fitted.lines == ("MAXIMILIAN OBERHAUSEN-", "SCHWARZENEGGER")


@pytest.mark.parametrize("kind", sorted(NAMES))
def test_every_name_is_set_in_a_font_that_draws_all_its_letters(kind):
    text = lettering.display_caps(NAMES[kind])
    setting = lettering.setting_for(text)
    assert lettering._covers(setting, text)


def test_greek_capitals_drop_their_accents():
    assert lettering.display_caps("Γιώργος") == "ΓΙΩΡΓΟΣ"


def test_a_player_far_from_the_camera_is_cut_out_again_from_a_closer_crop():
    photo = backdrop(3000, 3750, 2)
    player, _ = draw_player(1400, 1750, LOOKS[0])
    photo.paste(player, (800, 1400), player)
    person = person_cut_out(photo)
    assert person.face[3] - person.face[1] >= 140  # in the first 900 px copy it is about 100 px
    boxes = card_layout_boxes(_spec(photo))
    face_h = boxes["face"][3] - boxes["face"][1]
    assert face_h >= 0.17 * (boxes["card"][3] - boxes["card"][1])


def test_a_transparent_cut_out_and_a_large_photo_are_accepted(portrait):
    rgba = portrait.convert("RGBA")
    assert render_card(_spec(rgba)).size == (1080, 1350)
    big = portrait.resize((3000, 3000), Image.Resampling.BILINEAR)
    assert render_card(_spec(big)).size == (1080, 1350)


@pytest.mark.parametrize("change", [{"position": "XX"}, {"skill_level": 0}, {"number": 100}, {"name": "  "},
                                    {"preset": "holo_card"}])
def test_an_invalid_card_is_refused_before_any_work(drawn, change):
    with pytest.raises(RenderError) as err:
        render_card(_spec(drawn, **change))
    assert err.value.code in ("invalid_card", "unknown_preset")
