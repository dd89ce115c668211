from __future__ import annotations

import pytest

from generation.engine import FORMATS, LANGUAGES, CreativeSpec, render_creative
from generation.engine.languages import language_setting
from generation.engine.layouts import claim_on_panel, layout_for
from generation.engine.samples import SALE_CLAIMS, SAMPLE_CLAIMS, SAMPLE_CTAS
from generation.engine.text import bidi_runs, break_units, fit_text, glyphs, hyphen_points, normalize_claim


def _fit_in_layout(lang: str, code: str, variant: int = 0):
    """fit_text on the claim box the layout gives (less room for a CTA under it)."""
    layout = layout_for(FORMATS[code], variant, rtl=False, has_logo=False)
    x0, y0, x1, y1 = layout.claim
    cta_room = round(layout.cta_px * 2.3 * 1.7) if layout.cta_below else 0
    return fit_text(SAMPLE_CLAIMS[lang], language_setting(lang), x1 - x0, y1 - y0 - cta_room,
                    max_size=layout.max_claim_px, min_size=layout.min_claim_px, max_lines=layout.max_lines)


def test_numbers_and_latin_names_inside_right_to_left_claims_keep_their_left_to_right_order():
    runs = bidi_runs("מבצע קיץ: 50% הנחה על Nike Air", True)
    # Visual order, left to right: the Latin name, then the Hebrew, the number, the first Hebrew words.
    assert [(r.text.strip(), r.rtl) for r in runs] == [
        ("Nike Air", False), ("הנחה על", True), ("50%", False), ("מבצע קיץ:", True)]
    assert bidi_runs("Summer sale: 50% off", False)[0].rtl is False


def test_long_words_are_hyphenated_only_at_dictionary_points():
    points = hyphen_points("Sommerschlussverkauf:", "DE")
    assert points and all(3 <= p <= len("Sommerschlussverkauf") - 3 for p in points)
    assert hyphen_points("Summer", "EN") == ()  # short words are never broken
    assert hyphen_points("أفضل", "AR") == ()


def test_a_german_compound_is_hyphenated_in_the_wide_skyscraper_so_the_claim_can_grow():
    setting = language_setting("DE")
    claim = "Sommerschlussverkauf: 50 % Rabatt auf alles!"
    fitted = fit_text(claim, setting, 132, 480, max_size=32, min_size=13, max_lines=9)
    assert any(line.endswith("-") for line in fitted.lines)
    joined = "".join(line[:-1] if line.endswith("-") else line + " " for line in fitted.lines)
    assert joined.strip() == claim  # nothing lost or reordered
    assert fitted.size >= 20  # was 13 px when the whole word had to fit one line


def test_an_english_claim_on_a_square_post_is_not_hyphenated():
    fitted = _fit_in_layout("EN", "F1")
    assert not any(line.endswith("-") for line in fitted.lines)


def test_skyscraper_claims_use_the_height_with_more_lines_at_a_larger_size():
    fitted = _fit_in_layout("EN", "F10")
    assert fitted.size >= 24 and len(fitted.lines) >= 5
    render_creative(CreativeSpec(claim=SAMPLE_CLAIMS["EN"], language="EN", format_code="F10", cta=SAMPLE_CTAS["EN"]))


@pytest.mark.parametrize("rtl", [False, True])
def test_the_billboard_panel_without_a_logo_carries_the_claim_instead_of_an_empty_block(rtl):
    layout = layout_for(FORMATS["F11"], 2, rtl=rtl, has_logo=False)
    assert layout.logo is None and layout.panel is not None
    assert claim_on_panel(layout)


def test_the_banner_colour_block_is_dropped_and_the_claim_spans_when_there_is_no_logo():
    for code in ("F8", "F12"):
        with_logo = layout_for(FORMATS[code], 1, rtl=False, has_logo=True)
        without = layout_for(FORMATS[code], 1, rtl=False, has_logo=False)
        assert without.panel is None
        assert without.claim[0] < with_logo.claim[0]


def test_story_editorial_layout_centres_its_group_instead_of_leaving_the_lower_half_empty():
    layout = layout_for(FORMATS["F3"], 1, rtl=False, has_logo=False)
    assert layout.valign == "middle"


def test_space_separated_punctuation_never_starts_or_ends_a_line_alone():
    units, _ = break_units("Soldes d’été : 50 % de réduction sur tout !", language_setting("FR"))
    assert units == ["Soldes", "d’été :", "50 %", "de", "réduction", "sur", "tout !"]
    units, _ = break_units("« Super » offre", language_setting("FR"))
    assert units == ["« Super »", "offre"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lines_shaped_word_by_word_match_the_whole_line_shaped_where_the_language_allows_it(lang):
    """Fresh lines reuse their words' shapes only where that cannot change a glyph."""
    setting = language_setting(lang)
    path, index = str(setting.font_path), setting.font_index
    line = f"{SAMPLE_CLAIMS[lang]} {SALE_CLAIMS[lang]}"
    mismatched = False
    for run in glyphs.bidi_runs(line, setting.rtl):
        whole = list(glyphs._shape(path, index, run.text, run.rtl, setting.bcp47))
        mismatched |= glyphs.shape_by_words(path, index, run.text, run.rtl, setting.bcp47) != whole
    # Korean word spaces are substituted in context, so the CJK face is shaped line by line.
    assert mismatched == (lang == "KO")
    assert setting.shape_by_word == (lang not in ("JA", "KO", "ZH"))


def test_when_the_balanced_lines_poke_out_the_greedy_lines_keep_the_size(monkeypatch):
    from generation.engine.text import fitting as text

    setting = language_setting("EN")
    claim = "Best protein supplements for your daily workout and more"
    args = dict(max_size=40, min_size=10, max_lines=4)
    balanced = fit_text(claim, setting, 300, 200, **args)
    greedy = text._fast_lines(*_greedy_inputs(claim, setting), balanced.size / text.REF_SIZE, 300 * 0.985)[0]
    assert list(balanced.lines) != greedy  # the claim gets balanced at this size

    real_ink_fits = text._ink_fits
    monkeypatch.setattr(text, "_ink_fits", lambda s, size, lines, box_w: (
        None if list(lines) == list(balanced.lines) else real_ink_fits(s, size, lines, box_w)))
    fallback = fit_text(claim, setting, 300, 200, **args)
    assert (list(fallback.lines), fallback.size) == (greedy, balanced.size)


def _greedy_inputs(claim, setting):
    from generation.engine.text import fitting as text

    units, joiner = break_units(claim, setting)
    widths = [text.text_width(setting, text.REF_SIZE, u) for u in units]
    return units, widths, joiner, text.text_width(setting, text.REF_SIZE, joiner)


@pytest.mark.parametrize("variant", range(3))
def test_the_narrow_tower_button_label_is_at_least_13_px_where_the_label_fits(variant):
    from generation.engine.render import _layout_with_cta

    fmt = FORMATS["F10"]  # 160×600: 6.5% of the width would be a 10 px label
    for lang, expected in (("EN", 13), ("JA", 13)):
        _, (size, _, pill_w, _) = _layout_with_cta(fmt, variant, language_setting(lang), True, SAMPLE_CTAS[lang])
        assert size == expected and pill_w <= fmt.width * 0.84
    # A label too long for 13 px still shrinks to fit the column.
    layout, (size, _, pill_w, _) = _layout_with_cta(fmt, variant, language_setting("FR"), True, SAMPLE_CTAS["FR"])
    assert 10 <= size < 13 and pill_w <= layout.claim[2] - layout.claim[0]


def _fit_claim(claim: str, lang: str, code: str, variant: int = 0):
    layout = layout_for(FORMATS[code], variant, rtl=False, has_logo=False)
    x0, y0, x1, y1 = layout.claim
    return fit_text(normalize_claim(claim), language_setting(lang), x1 - x0, y1 - y0, max_size=layout.max_claim_px,
                    min_size=layout.min_claim_px, max_lines=layout.max_lines)


def test_the_authors_line_breaks_are_where_the_lines_break():
    typed = _fit_claim("Summer sale\n50% off everything", "EN", "F8")
    assert typed.lines == ("Summer sale", "50% off everything")
    assert _fit_claim("Summer sale 50% off everything", "EN", "F8").lines != typed.lines
    assert _fit_claim("夏のセール\n全品50%オフ！", "JA", "F4").lines == ("夏のセール", "全品50%オフ！")
    assert _fit_claim("تخفيضات الصيف\nخصم 50% على كل شيء!", "AR", "F6").lines == (
        "تخفيضات الصيف", "خصم 50% على كل شيء!")
    # A typed line is still wrapped where that sets the claim 15% larger (a long line in a square).
    assert _fit_claim("Summer sale\n50% off everything", "EN", "F1").lines[0] == "Summer sale"


def test_typed_breaks_are_dropped_where_keeping_them_would_shrink_the_claim_by_30_percent():
    claim = "Fresh.\nLocal.\nDelivered today."
    assert _fit_claim(claim, "EN", "F4").lines == ("Fresh.", "Local.", "Delivered today.")
    banner = _fit_claim(claim, "EN", "F8")  # 728×90: three typed lines would be set at 21 px
    assert banner.lines == ("Fresh. Local. Delivered today.",) and banner.size >= 28
    # More typed lines than a format holds: the claim flows there instead of failing.
    assert _fit_claim("One\nTwo\nThree\nFour\nFive", "EN", "F12") is not None


def test_claims_keep_single_line_breaks_and_lose_blank_lines_and_extra_spaces():
    assert normalize_claim("  Summer   sale \r\n\n\n 50%  off \u2028today ") == "Summer sale\n50% off\ntoday"
    assert normalize_claim("no breaks   here") == "no breaks here"



@pytest.mark.parametrize("lang, claim, code, lines", [
    ("JA", "夏のセール：全品50%オフ！", "F4", ("夏のセール：全品", "50%オフ！")),  # not 全|品
    ("JA", "今日は天気がいいので公園へ行きましょう", "F1", ("今日は天気が", "いいので公園へ", "行きましょう")),
    ("ZH", "夏季促销：全场五折！", "F10", ("夏季", "促销：", "全场", "五折！")),  # not 夏季促|销
])
def test_japanese_and_chinese_lines_break_between_phrases(lang, claim, code, lines):
    assert _fit_claim(claim, lang, code).lines == lines


def test_only_a_phrase_too_long_for_the_line_is_broken_between_its_words_and_never_leaves_one_alone():
    claim = "毎日のトレーニングに最適なプロテインサプリメント。"  # プロテインサプリメント。is one phrase
    fitted = _fit_claim(claim, "JA", "F10")  # 160 px wide
    assert fitted is not None and fitted.size >= 16
    assert "".join(fitted.lines) == claim
    assert "毎日の" in fitted.lines and "最適な" in fitted.lines  # the phrases that fit stay whole
    assert "プロテインサプリメント。" not in fitted.lines
    assert "プロテイン" in fitted.lines and "サプリメント。" in fitted.lines  # broken at the word joint
    assert all(len(line) > 1 for line in fitted.lines)
    # セール：全品 is too wide for a 1080×1920 line at the size: even pieces, not セール：全|品.
    story = _fit_claim("夏のセール：全品50%オフ！", "JA", "F3")
    assert "品" not in story.lines and "全品" in story.lines
    assert _fit_claim("毎日のトレーニングに最適なプロテインサプリメント。", "JA", "F6").lines[-2:] == (
        "プロテイン", "サプリメント。")  # not プロテインサ|プリメント。
