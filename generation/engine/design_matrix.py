"""The fixed matrix `make design-check` measures (README, Design check), and the goals."""
from __future__ import annotations

from collections.abc import Iterator

from .formats import FORMATS
from .samples import SALE_CLAIMS, SAMPLE_CLAIMS, SAMPLE_CTAS, sample_logo
from .spec import CreativeSpec

GOALS = {
    "fit": "sets (degrades before failing)",
    "text": "glyph contrast ≥ 4.5 (< 24 px) / 3 (÷ required ≥ 1)",
    "cta": "label ≥ 4.5 on its button",
    "logo": "≥ 3 against what is behind",
    "deco": "0 decoration px in text/CTA/logo boxes",
    "inset": "banners ≥ 12 px from the edges",
    "hier": "headline ≥ 1.6 × CTA label",
    "short": "1–3 words: 25–35% of the short side",
    "sub": "two sentences → headline + subline",
    "clip": "every box inside the canvas",
}

SHORT_CLAIMS = {"EN": "Sale", "DE": "Neu", "AR": "تخفيضات", "JA": "新発売"}
TWO_SENTENCES = {
    "EN": "Fresh coffee every morning. Free delivery on orders over $30.",
    "DE": "Frischer Kaffee jeden Morgen. Kostenloser Versand ab 30 €.",
    "AR": "قهوة طازجة كل صباح. توصيل مجاني للطلبات فوق 30 دولارًا.",
    "JA": "毎朝、挽きたてのコーヒー。30ドル以上のご注文で送料無料。",
}
# (preset, brand primary, brand secondary, logo kind)
LOOKS = (
    (None, None, None, "wordmark"), (None, "#6B8E9E", "#E11D48", "mark"), ("gold_luxury", None, None, "wordmark"),
    ("studio_dark", None, None, "wordmark"), ("memphis", None, None, "wordmark"), ("valentines", None, None, None),
    ("party_confetti", None, None, "mark"), ("wood", None, None, "wordmark"),
    ("marble", "#0E7C66", "#F59E0B", "wordmark"), ("bokeh", None, None, "wordmark"), ("podium", None, None, "mark"),
    ("neon_grid", None, None, None), ("winter_snow", None, None, "wordmark"), ("studio_sweep", None, None, None),
)
LANGUAGES = ("EN", "DE", "AR", "JA")


def claims(lang: str) -> tuple[str, ...]:
    return (SAMPLE_CLAIMS[lang], SALE_CLAIMS[lang], SHORT_CLAIMS[lang], TWO_SENTENCES[lang])


def matrix(*, quick: bool = False) -> Iterator[tuple[str, CreativeSpec]]:
    logos = {"wordmark": sample_logo("wordmark"), "mark": sample_logo("mark")}
    looks = LOOKS[::4] if quick else LOOKS
    for lang in (("EN", "AR") if quick else LANGUAGES):
        for ci, claim in enumerate(claims(lang)[1::2] if quick else claims(lang)):
            for li, (preset, primary, secondary, logo) in enumerate(looks):
                for code in FORMATS:
                    variant = ci + li
                    label = f"{lang} {preset or ('brand' if primary else 'built-in')} v{variant} “{claim[:28]}”"
                    yield label, CreativeSpec(claim=claim, language=lang, format_code=code, cta=SAMPLE_CTAS[lang],
                                              variant=variant, preset=preset, primary_color=primary,
                                              secondary_color=secondary, logo=logos.get(logo or ""))
