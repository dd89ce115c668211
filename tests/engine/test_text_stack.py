"""The text stack the engine relies on (README, Rendering engine: Text)."""
from PIL import features

from generation.engine.text import load_font


def test_pillow_has_raqm_layout_with_fribidi_wherever_the_engine_loads_fonts():
    # Without raqm (and the system's libfribidi0 it loads) Pillow silently falls back
    # to basic layout: Arabic letters unjoined and right-to-left text in the wrong order.
    assert features.check("raqm"), (
        "Pillow's raqm layout is unavailable: install the system package libfribidi0 "
        "(Debian: apt-get install libfribidi0; Pillow's wheels bundle raqm itself) — Arabic and Hebrew would "
        "render unshaped.")
    assert features.version("fribidi"), "raqm is there but libfribidi0 is not: right-to-left order would be wrong"
    from generation.engine.languages import language_setting

    setting = language_setting("AR")
    font = load_font(str(setting.font_path), 40, setting.font_index)
    assert font.layout_engine == features.check("raqm") and font.layout_engine == 1  # ImageFont.Layout.RAQM
