"""The design goals (README, Design check), measured on pixels over a small matrix:
the same measures `make design-check` tabulates over the full one."""
import pytest

from generation.engine import CreativeSpec, TextDoesNotFit, layout_boxes, render_creative
from generation.engine.colors import contrast_ratio
from generation.engine.design_matrix import matrix
from generation.engine.design_metrics import measure
from generation.engine.samples import SAMPLE_CTAS, sample_logo


@pytest.fixture(scope="module")
def measured():
    return [(label, measure(spec)) for label, spec in matrix(quick=True)]


def _failing(measured, goal):
    return [f"{m.spec.format_code} {label}" for label, m in measured if goal in m.failures()]


def test_every_creative_of_the_matrix_sets_its_claim(measured):
    assert _failing(measured, "fit") == []


def test_text_contrast_behind_every_glyph_meets_wcag_for_its_size(measured):
    assert _failing(measured, "text") == []


def test_cta_label_contrast_against_its_button_is_at_least_4_5(measured):
    assert _failing(measured, "cta") == []


def test_logo_contrast_against_what_is_behind_it_is_at_least_3(measured):
    assert _failing(measured, "logo") == []
    assert any(m.logo_contrast is not None for _, m in measured)


def test_no_decoration_pixel_inside_any_text_button_or_logo_box(measured):
    assert _failing(measured, "deco") == []


def test_banner_boxes_keep_a_12_px_inset_from_the_edges(measured):
    assert _failing(measured, "inset") == []


def test_nothing_is_drawn_outside_the_canvas(measured):
    assert _failing(measured, "clip") == []


def test_two_sentences_become_a_headline_and_a_smaller_subline():
    boxes = layout_boxes(CreativeSpec(claim="Fresh coffee every morning. Free delivery on orders over $30.",
                                      language="EN", format_code="F1", cta="Shop now"))
    assert boxes["sub_lines"] and boxes["sub_size"] <= boxes["claim_size"] * 0.62
    top_of_sub = min(b[1] for b in boxes["sub_lines"])
    assert all(b[3] <= top_of_sub for b in boxes["lines"])  # the headline stands above it


def test_a_typed_line_break_makes_the_second_line_a_subline():
    boxes = layout_boxes(CreativeSpec(claim="Summer sale\nEverything half price until Sunday", language="EN",
                                      format_code="F2", cta="Shop now"))
    assert boxes["claim_lines"] == ["Summer sale"] and boxes["sub_lines"]


@pytest.mark.parametrize("code", ["F1", "F2", "F3", "F4", "F6", "F9"])
def test_headline_is_at_least_1_6_times_the_cta_label(code):
    for claim in ("Die besten Proteinpräparate für Ihr tägliches Training", "Sale"):
        boxes = layout_boxes(CreativeSpec(claim=claim, language="DE", format_code=code, cta=SAMPLE_CTAS["DE"]))
        assert boxes["claim_size"] >= 1.6 * boxes["cta_size"], (code, claim, boxes["claim_size"], boxes["cta_size"])


@pytest.mark.parametrize("code", ["F1", "F2", "F3", "F5", "F6", "F7", "F9"])
def test_a_one_word_claim_grows_to_a_quarter_or_a_third_of_the_short_side(code):
    from generation.engine import FORMATS

    fmt = FORMATS[code]
    for variant in range(3):
        boxes = layout_boxes(CreativeSpec(claim="Sale", language="EN", format_code=code, cta="Shop now",
                                          variant=variant))
        share = boxes["claim_size"] / min(fmt.width, fmt.height)
        assert 0.25 <= share <= 0.35, (code, variant, share)


@pytest.mark.parametrize("code", ["F6", "F7", "F8", "F10", "F11", "F12"])
def test_a_long_claim_degrades_in_display_sizes_instead_of_failing(code):
    claim = ("Handmade oak furniture, built in our own workshop to last for generations. "
             "Free delivery and assembly in every city we serve, and a ten-year guarantee on every piece.")
    boxes = layout_boxes(CreativeSpec(claim=claim, language="EN", format_code=code, cta="Shop now"))
    assert boxes["claim_kept"] in ("full", "first_sentence", "first_clause")
    shown = " ".join(boxes["claim_lines"]).replace("- ", "").replace("-", "")
    assert shown.split()[0] == "Handmade"


@pytest.mark.parametrize("lang", ["AR", "JA"])
def test_a_320x50_sale_claim_is_cut_at_its_clause_so_the_headline_leads_its_button(lang):
    from generation.engine.samples import SALE_CLAIMS

    boxes = layout_boxes(CreativeSpec(claim=SALE_CLAIMS[lang], language=lang, format_code="F12",
                                      cta=SAMPLE_CTAS[lang], variant=1))
    assert boxes["claim_kept"] == "first_clause"
    assert boxes["claim_size"] >= 1.6 * boxes["cta_size"], (lang, boxes["claim_size"], boxes["cta_size"])


@pytest.mark.parametrize("lang", ["EN", "DE", "AR", "JA"])
def test_a_long_320x50_claim_that_cannot_lead_a_button_takes_the_buttons_place(lang):
    from generation.engine.samples import SAMPLE_CLAIMS

    with_cta = layout_boxes(CreativeSpec(claim=SAMPLE_CLAIMS[lang], language=lang, format_code="F12",
                                         cta=SAMPLE_CTAS[lang]))
    if "cta" in with_cta:
        assert with_cta["claim_size"] >= 1.6 * with_cta["cta_size"]
        return
    bare = layout_boxes(CreativeSpec(claim=SAMPLE_CLAIMS[lang], language=lang, format_code="F12", cta=""))
    # the claim box grew over the button's slot: wider than the same layout with no button asked for
    assert with_cta["claim_box"][2] - with_cta["claim_box"][0] > bare["claim_box"][2] - bare["claim_box"][0]
    assert with_cta["claim_lines"], lang


@pytest.mark.parametrize("lang, word", [("AR", "تخفيضات"), ("JA", "新発売"), ("EN", "Sale")])
def test_a_short_claim_on_the_landscape_card_grows_to_a_quarter_of_the_height(lang, word):
    boxes = layout_boxes(CreativeSpec(claim=word, language=lang, format_code="F4", cta=SAMPLE_CTAS[lang],
                                      variant=5, preset="studio_dark"))
    assert 0.25 <= boxes["claim_size"] / 628 <= 0.35, (lang, boxes["claim_size"])


def test_a_claim_that_cannot_be_set_even_degraded_still_fails_with_text_does_not_fit():
    claim = "Supercalifragilisticexpialidociouslyunbelievablylongproductname" * 3
    with pytest.raises(TextDoesNotFit):
        render_creative(CreativeSpec(claim=claim, language="EN", format_code="F12", cta="Shop now"))


def test_colours_come_from_the_look_not_from_the_claim():
    def button(claim, preset):
        return layout_boxes(CreativeSpec(claim=claim, language="EN", format_code="F1", cta="Shop now",
                                         preset=preset))["cta_colors"][0]

    for preset in (None, "valentines", "podium", "velvet"):
        assert button("Best protein supplements", preset) == button("Summer sale: 50% off everything!", preset)


def test_valentines_podium_velvet_and_champagne_buttons_are_never_green():
    for preset in ("valentines", "podium", "velvet", "champagne_silk"):
        for variant in range(4):
            r, g, b = layout_boxes(CreativeSpec(claim="Gifts she will love", language="EN", format_code="F1",
                                                cta="Shop now", preset=preset, variant=variant))["cta_colors"][0]
            assert not (g > r + 20 and g > b + 20), (preset, variant, (r, g, b))


def test_brand_secondary_is_the_button_colour_even_with_a_preset():
    for preset in ("marble", "gold_luxury", "wood", None):
        boxes = layout_boxes(CreativeSpec(claim="Best protein supplements", language="EN", format_code="F1",
                                          cta="Shop now", preset=preset, primary_color="#0E7C66",
                                          secondary_color="#F59E0B"))
        button, label = boxes["cta_colors"]
        assert contrast_ratio(button, label) >= 4.5
        # the brand's hue, at most shaded for the label's contrast
        r, g, b = button
        assert r > g > b, (preset, button)


def test_brand_primary_shows_on_a_preset_scene():
    """Without a secondary, the brand's primary carries the button on any scene."""
    boxes = layout_boxes(CreativeSpec(claim="Best protein supplements", language="EN", format_code="F1",
                                      cta="Shop now", preset="marble", primary_color="#B91C1C"))
    r, g, b = boxes["cta_colors"][0]
    assert r > g + 60 and r > b + 60


def test_a_dark_wordmark_stays_visible_on_dark_scenes():
    logo = sample_logo("wordmark")
    for preset in ("gold_luxury", "studio_dark", "geometric_lowpoly", "bokeh", "neon_grid"):
        for code in ("F1", "F8", "F11", "F12"):
            m = measure(CreativeSpec(claim="Best protein supplements", language="EN", format_code=code,
                                     cta="Shop now", preset=preset, logo=logo))
            assert m.logo_contrast >= 3.0, (preset, code, m.logo_contrast)


@pytest.mark.parametrize("code", ["F8", "F11", "F12"])
def test_a_wide_wordmark_gets_a_wide_slot_in_banners(code):
    for variant in range(3):
        boxes = layout_boxes(CreativeSpec(claim="Summer sale", language="EN", format_code=code, cta="Shop now",
                                          variant=variant, logo=sample_logo("wordmark")))
        x0, y0, x1, y1 = boxes["logo"]
        assert y1 - y0 >= 12 and x1 - x0 >= 3 * (y1 - y0), (code, variant, boxes["logo"])


@pytest.mark.parametrize("code", ["F6", "F7", "F12"])
def test_cta_labels_on_small_display_sizes_are_legible(code):
    boxes = layout_boxes(CreativeSpec(claim="Sale", language="EN", format_code=code, cta="Shop now"))
    assert boxes["cta_size"] >= 11


@pytest.mark.parametrize("code", ["F1", "F2", "F3", "F4", "F6", "F8", "F9", "F10", "F11", "F12"])
def test_each_family_has_six_distinct_layouts_and_count_variants_move_the_text(code):
    from generation.engine import FORMATS
    from generation.engine.layouts import layout_for

    fmt = FORMATS[code]
    names = {layout_for(fmt, v, rtl=False).name for v in range(6)}
    assert len(names) == 6, names
    placements = set()
    for variant in range(6):
        boxes = layout_boxes(CreativeSpec(claim="Best protein supplements", language="EN", format_code=code,
                                          cta="Shop now", variant=variant, logo=sample_logo("wordmark")))
        placements.add((boxes["lines"][0][:2], boxes["cta"][:2], boxes["logo"][:2] if boxes.get("logo") else None))
    assert len(placements) == 6, placements


def test_the_headline_takes_the_looks_display_face_where_it_has_the_characters():
    def font(preset, lang="EN", claim="Summer sale"):
        return layout_boxes(CreativeSpec(claim=claim, language=lang, format_code="F1", cta="Shop now",
                                         preset=preset))["claim_font"]

    assert font("marble") == "DMSerifDisplay-Regular.ttf"
    assert font("black_friday") == "Oswald-Bold.ttf"
    assert font("podium") == "LeagueSpartan-Bold.ttf"
    assert font("marble", "EL", "Καλοκαιρινές εκπτώσεις") == "NotoSans-Bold.ttf"  # no Greek in the serif
    assert font("black_friday", "RU", "Летняя распродажа") == "Oswald-Bold.ttf"  # Oswald has Cyrillic
    assert font("marble", "AR", "تخفيضات الصيف") == "NotoSansArabicLatin-Bold.ttf"
    assert font("marble", "JA", "夏のセール") == "NotoSansCJK-Bold.ttc"
