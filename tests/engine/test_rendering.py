from __future__ import annotations

import hashlib
import io

import numpy as np
import pytest
from fontTools.ttLib import TTCollection, TTFont
from PIL import Image

from generation.engine import (DISPLAY_MAX_BYTES, FORMATS, LANGUAGES, RTL_LANGUAGES, CreativeSpec, RenderError,
                               TextDoesNotFit, encode_image, render_creative, thumbnail, to_pdf)
from generation.engine.languages import language_setting
from generation.engine.samples import SALE_CLAIMS, SAMPLE_CLAIMS, SAMPLE_CTAS
from generation.engine.text import break_units


def _spec(lang: str = "EN", code: str = "F1", **kw) -> CreativeSpec:
    return CreativeSpec(claim=kw.pop("claim", SAMPLE_CLAIMS[lang]), language=lang, format_code=code,
                        cta=kw.pop("cta", SAMPLE_CTAS[lang]), **kw)


def _cmap(path, index: int) -> set[int]:
    path = str(path)
    font = TTCollection(path).fonts[index] if path.endswith(".ttc") else TTFont(path)
    return set(font.getBestCmap())


def test_engine_lists_the_eighteen_languages_with_arabic_and_hebrew_right_to_left():
    assert LANGUAGES == ("EN", "DE", "FR", "ES", "IT", "PT", "NL", "PL", "TR", "SV", "RU", "UK", "EL", "AR", "HE",
                         "JA", "ZH", "KO")
    assert set(RTL_LANGUAGES) == {"AR", "HE"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_character_of_the_sample_claims_is_in_the_font_the_engine_picks(lang):
    setting = language_setting(lang)
    cmap = _cmap(setting.font_path, setting.font_index)
    text = SAMPLE_CLAIMS[lang] + SALE_CLAIMS[lang] + SAMPLE_CTAS[lang]
    missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmap})
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_format_renders_at_its_exact_size_in_every_language(lang):
    for code, fmt in FORMATS.items():
        img = render_creative(_spec(lang, code, variant=LANGUAGES.index(lang)))
        assert img.mode == "RGB"
        assert img.size == (fmt.width, fmt.height)


def test_the_same_spec_renders_the_same_bytes_twice():
    spec = _spec("DE", "F4", preset="marble", primary_color="#123456", variant=2)
    first = encode_image(render_creative(spec), "png").data
    second = encode_image(render_creative(spec), "png").data
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()


def test_an_absurdly_long_claim_in_the_mobile_banner_fails_with_text_does_not_fit():
    claim = "Unbelievable savings on absolutely everything in our store " * 5
    with pytest.raises(TextDoesNotFit) as exc:
        render_creative(_spec("EN", "F12", claim=claim[:280]))
    assert exc.value.code == "text_does_not_fit"
    assert exc.value.retryable is False


def test_variants_of_one_format_differ_in_layout_and_palette():
    images = [np.asarray(render_creative(_spec("EN", "F1", variant=v))) for v in range(3)]
    for a in range(3):
        for b in range(a + 1, 3):
            assert np.abs(images[a].astype(int) - images[b].astype(int)).mean() > 10


def test_display_formats_stay_within_150_kb_in_every_output_format_on_a_busy_scene():
    for code, fmt in FORMATS.items():
        if not fmt.is_display:
            continue
        img = render_creative(_spec("EN", code, preset="bokeh"))
        for out in ("png", "jpeg", "webp"):
            encoded = encode_image(img, out, max_bytes=DISPLAY_MAX_BYTES)
            assert len(encoded.data) <= 150 * 1024, (code, out)


def test_watermark_visibly_changes_the_image():
    plain = np.asarray(render_creative(_spec("EN", "F1")))
    marked = np.asarray(render_creative(_spec("EN", "F1", watermark=True)))
    changed = (np.abs(plain.astype(int) - marked.astype(int)).max(axis=2) > 40).mean()
    assert changed > 0.05  # a repeated mark across the image, not a corner stamp


def _gray_banner(lang: str, claim: str) -> np.ndarray:
    """The claim alone (no CTA) in the 728×90 banner on the plain white scene, as grey levels."""
    img = render_creative(CreativeSpec(claim=claim, language=lang, format_code="F8", cta="", variant=0,
                                       preset="white_background"))
    return np.asarray(img.convert("L")).astype(int)


def _ink_columns(gray: np.ndarray) -> np.ndarray:
    return np.flatnonzero((gray < 128).any(axis=0))


@pytest.mark.parametrize("lang,first,last", [("AR", "تخفيضات", "اليوم"), ("HE", "מבצע", "היום"),
                                             ("EN", "Summer", "today")])
def test_the_first_word_of_a_claim_is_drawn_where_its_script_starts_reading(lang, first, last):
    full = _gray_banner(lang, f"{first} {last}")
    alone = _gray_banner(lang, first)  # same size, same start-aligned box: same pixels if it leads the line
    full_cols, first_cols = _ink_columns(full), _ink_columns(alone)
    span = slice(first_cols.min(), first_cols.max() + 1)
    assert np.abs(full[:, span] - alone[:, span]).mean() < 6  # the first word's ink is there (± sub-pixel AA)
    if lang in RTL_LANGUAGES:  # it leads on the right; the last word is drawn to its left
        assert abs(full_cols.max() - first_cols.max()) <= 1
        assert full_cols.min() < first_cols.min() - 20
    else:
        assert abs(full_cols.min() - first_cols.min()) <= 1
        assert full_cols.max() > first_cols.max() + 20


def test_encoders_return_the_declared_content_types_and_sizes():
    img = render_creative(_spec("EN", "F6"))
    for fmt, ctype, magic in (("png", "image/png", b"\x89PNG"), ("jpeg", "image/jpeg", b"\xff\xd8"),
                              ("webp", "image/webp", b"RIFF")):
        encoded = encode_image(img, fmt)
        assert encoded.content_type == ctype
        assert encoded.data.startswith(magic)
        assert (encoded.width, encoded.height) == (300, 250)
        assert Image.open(io.BytesIO(encoded.data)).size == (300, 250)


def test_thumbnail_keeps_the_longest_side_within_512_and_pdf_embeds_the_image():
    img = render_creative(_spec("EN", "F3"))
    thumb = thumbnail(img)
    assert max(thumb.size) == 512 and thumb.size[0] < thumb.size[1]
    pdf = to_pdf(img)
    assert pdf.startswith(b"%PDF") and b"/Image" in pdf


def test_unknown_format_and_language_are_permanent_render_errors():
    with pytest.raises(RenderError) as exc:
        render_creative(_spec("EN", "F99"))
    assert exc.value.code == "unknown_format" and exc.value.retryable is False
    with pytest.raises(RenderError) as exc:
        render_creative(CreativeSpec(claim="Hallo", language="XX", format_code="F1", cta="Go"))
    assert exc.value.code == "unsupported_language"


@pytest.mark.parametrize("lang, claim, cta, missing", [
    ("EN", "Summer sale 🔥", "Shop now", "🔥"),
    ("EN", "Opening in 東京", "Shop now", "東京"),
    ("EN", "สวัสดี sale", "Shop now", "สวัสดี"),
    ("DE", "Sommer-Sale", "Jetzt ★", "★"),
    ("AR", "تخفيضات الصيف", "تسوق 🛒", "🛒"),
])
def test_characters_the_font_cannot_draw_fail_the_output_instead_of_coming_out_as_boxes(lang, claim, cta, missing):
    setting = language_setting(lang)
    cmap = _cmap(setting.font_path, setting.font_index)
    assert all(ord(ch) not in cmap for ch in missing)  # the font really has no glyph for them
    with pytest.raises(RenderError) as exc:
        render_creative(_spec(lang, "F6", claim=claim, cta=cta))
    assert exc.value.code == "unsupported_characters" and exc.value.retryable is False
    assert all(f"“{ch}”" in str(exc.value) for ch in dict.fromkeys(missing))


def test_text_the_font_can_draw_renders_including_decomposed_letters_and_invisible_marks():
    # "e" + combining acute (composed by the font), a soft hyphen, a zero-width joiner, a
    # left-to-right mark and an emoji variation selector: none needs a glyph of its own.
    image = render_creative(_spec("EN", "F6", claim="Cafe\u0301 sea\u00adson\u200d sale\u200e\ufe0f"))
    assert image.size == (300, 250)
    # Latin brand names inside CJK and Arabic claims are in those fonts.
    render_creative(_spec("JA", "F6", claim="Nike の夏セール 50%"))
    render_creative(_spec("AR", "F6", claim="تخفيضات Nike بنسبة 50%"))


def test_cjk_lines_never_start_with_closing_punctuation():
    units, joiner = break_units("夏のセール：全品50%オフ！「今すぐ」購入。", language_setting("JA"))
    assert joiner == ""
    assert all(u[0] not in "、。！？：」）%" for u in units)
    assert "50%" in "".join(units)


def test_brand_colours_and_logo_appear_in_the_creative():
    logo = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    logo.paste((255, 0, 255, 255), (20, 20, 180, 80))
    img = np.asarray(render_creative(_spec("EN", "F1", primary_color="#0E7C66", logo=logo)))
    magenta = ((img[..., 0] > 240) & (img[..., 1] < 20) & (img[..., 2] > 240)).sum()
    assert magenta > 1000
    teal = (np.abs(img.astype(int) - np.array([14, 124, 102])).sum(axis=2) < 60).mean()
    assert teal > 0.3  # the brand colour is the dominant background
