"""Player cards: designs, the tier rule, the person cut-out and the lettering."""
from pathlib import Path

import pytest
from PIL import Image

from generation.engine import CARD_PRESETS, CardSpec, NoPersonFound, render_card, render_card_preview

DATA = Path(__file__).resolve().parent.parent / "data"


def _photo(name: str) -> Image.Image:
    with Image.open(DATA / name) as img:
        return img.convert("RGB")


def _spec(photo, **kw) -> CardSpec:
    base = dict(name="Alex Rivera", position="ST", number=9, skill_level=80, preset="pro_clubs_card", photo=photo)
    base.update(kw)
    return CardSpec(**base)


@pytest.mark.parametrize("preset", sorted(CARD_PRESETS))
def test_every_card_design_has_a_preview_at_the_card_size(preset):
    img = render_card_preview(preset)
    assert img.mode == "RGB" and img.size == (1080, 1350)


def test_a_portrait_photo_becomes_a_card_at_the_requested_size():
    img = render_card(_spec(_photo("cards/astronaut.jpg"), width=720, height=900))
    assert img.mode == "RGB" and img.size == (720, 900)


def test_an_empty_room_photo_is_refused_with_no_person_found():
    with pytest.raises(NoPersonFound) as err:
        render_card(_spec(_photo("cutout/empty-desk.jpg")))
    assert err.value.code == "no_person_found" and not err.value.retryable
