"""Render a contact sheet of creatives for people to look at: `make samples`.

Writes var/samples/<LANG>/<format>-v<variant>.png and var/samples/contact-sheet-<LANG>.png
(all 12 formats × six looks: built-in palettes, brand colour, marble, bokeh, studio
sweep, gold luxury), plus var/samples/languages.png (every language in F1, F8 and F10)
and var/samples/presets.png.

`--docs` also refreshes the README's pictures in docs/images/ (2000 px wide, 256-colour
PNGs, well under 1.5 MB each): the EN, DE, AR and JA sheets and the language overview.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402

from generation.engine import (FORMATS, LANGUAGES, PRESET_STYLES, CreativeSpec, encode_image,  # noqa: E402
                               render_creative, render_preset_preview)
from generation.engine.samples import (SALE_CLAIMS, SAMPLE_CLAIMS, SAMPLE_CTAS, sample_logo,  # noqa: E402
                                       sample_product)
from generation.engine.text import load_font  # noqa: E402
from generation.engine.languages import FONT_DIR  # noqa: E402

OUT = ROOT / "var" / "samples"
CELL = 320
COLS = 6
LABEL_H = 22
# (variant, preset, brand primary) per sheet row
ROWS = ((0, None, None), (1, "marble", None), (2, "bokeh", None), (4, "studio_sweep", None),
        (3, None, "#0E7C66"), (5, "gold_luxury", None))


def _label_font(size: int = 14):
    return load_font(str(FONT_DIR / "NotoSans-Bold.ttf"), size)


def _sheet(tiles: list[tuple[str, Image.Image]], cols: int, cell: int, title: str) -> Image.Image:
    rows = (len(tiles) + cols - 1) // cols
    sheet = Image.new("RGB", (cols * cell + (cols + 1) * 8, rows * (cell + LABEL_H) + (rows + 1) * 8 + 36),
                      (236, 236, 240))
    draw = ImageDraw.Draw(sheet)
    draw.text((10, 8), title, font=_label_font(20), fill=(30, 30, 40))
    for i, (label, img) in enumerate(tiles):
        r, c = divmod(i, cols)
        x = 8 + c * (cell + 8)
        y = 44 + r * (cell + LABEL_H + 8)
        thumb = img.copy()
        thumb.thumbnail((cell, cell), Image.Resampling.LANCZOS)
        sheet.paste(thumb, (x + (cell - thumb.width) // 2, y + (cell - thumb.height) // 2))
        draw.text((x, y + cell + 2), label, font=_label_font(13), fill=(60, 60, 70))
    return sheet


def main() -> None:
    started = time.perf_counter()
    OUT.mkdir(parents=True, exist_ok=True)
    failures = []
    count = 0
    for lang in LANGUAGES:
        tiles = []
        (OUT / lang).mkdir(exist_ok=True)
        for row, (variant, preset, primary) in enumerate(ROWS):
            claim = SALE_CLAIMS[lang] if row % 2 else SAMPLE_CLAIMS[lang]
            for code, fmt in FORMATS.items():
                spec = CreativeSpec(claim=claim, language=lang, format_code=code, cta=SAMPLE_CTAS[lang],
                                    variant=variant, preset=preset, primary_color=primary)
                try:
                    img = render_creative(spec)
                except Exception as exc:  # noqa: BLE001 — listed below for a human to look at
                    failures.append(f"{lang} {code} v{variant} {preset}: {exc}")
                    img = Image.new("RGB", (fmt.width, fmt.height), (255, 0, 0))
                count += 1
                encoded = encode_image(img, "png", max_bytes=150 * 1024 if fmt.is_display else None)
                (OUT / lang / f"{code}-v{variant}-{preset or 'default'}.png").write_bytes(encoded.data)
                tiles.append((f"{code} {fmt.width}×{fmt.height} v{variant} {preset or primary or ''}", img))
        _sheet(tiles, 12, 240, f"Creative Studio — {lang}").save(OUT / f"contact-sheet-{lang}.png",
                                                                 compress_level=3)
    lang_tiles = []
    for lang in LANGUAGES:
        for code in ("F1", "F8", "F10"):
            spec = CreativeSpec(claim=SAMPLE_CLAIMS[lang], language=lang, format_code=code, cta=SAMPLE_CTAS[lang],
                                variant=LANGUAGES.index(lang))
            lang_tiles.append((f"{lang} {code}", render_creative(spec)))
    _sheet(lang_tiles, 9, 260, "All languages").save(OUT / "languages.png", compress_level=3)
    preset_tiles = [(p.id, render_preset_preview(p.id)) for p in PRESET_STYLES]
    _sheet(preset_tiles, 8, 240, f"{len(PRESET_STYLES)} preset scenes").save(OUT / "presets.png", compress_level=3)
    product_sheet().save(OUT / "contact-sheet-product.png", compress_level=3)
    if "--docs" in sys.argv:
        _docs()
    print(f"{count} creatives in {time.perf_counter() - started:.1f}s → {OUT}")
    for f in failures:
        print("FAILED", f)


DOCS = ROOT / "docs" / "images"
DOC_SHEETS = {"contact-sheet.png": "contact-sheet-EN.png", "contact-sheet-de.png": "contact-sheet-DE.png",
              "contact-sheet-ar.png": "contact-sheet-AR.png", "contact-sheet-ja.png": "contact-sheet-JA.png",
              "languages.png": "languages.png", "contact-sheet-product.png": "contact-sheet-product.png"}

# Creatives that carry a product: (language, preset, product, variant) per sheet row.
PRODUCT_ROWS = (("EN", "marble", "bottle", 0), ("EN", "bokeh", "sneaker", 1), ("EN", "studio_sweep", "jar", 2),
                ("AR", "marble", "sneaker", 0), ("AR", "bokeh", "jar", 1), ("AR", "studio_sweep", "bottle", 2))


def product_sheet() -> Image.Image:
    """All 12 formats with a product on three scenes in English and Arabic."""
    tiles = []
    for lang, preset, kind, variant in PRODUCT_ROWS:
        product = sample_product(kind)
        claim = SAMPLE_CLAIMS[lang] if variant != 1 else SALE_CLAIMS[lang]
        for code, fmt in FORMATS.items():
            spec = CreativeSpec(claim=claim, language=lang, format_code=code, cta=SAMPLE_CTAS[lang],
                                variant=variant, preset=preset, product=product)
            try:
                img = render_creative(spec)
            except Exception as exc:  # noqa: BLE001 — shown red on the sheet for a human to look at
                print("FAILED", lang, code, preset, kind, exc)
                img = Image.new("RGB", (fmt.width, fmt.height), (255, 0, 0))
            tiles.append((f"{code} {fmt.width}×{fmt.height} {lang} {preset} v{variant}", img))
    return _sheet(tiles, 12, 240, "Creative Studio — ads that carry the product")


def _docs() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    for target, source in DOC_SHEETS.items():
        sheet = Image.open(OUT / source).convert("RGB")
        sheet = sheet.resize((2000, round(sheet.height * 2000 / sheet.width)), Image.Resampling.LANCZOS)
        sheet.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            DOCS / target, optimize=True)
        size = (DOCS / target).stat().st_size
        assert size < 1_500_000, f"{target} is {size} bytes"
        print(f"docs/images/{target}: {size // 1024} KB")


def presets_sheet(lang: str, presets=None, cell: int = 132) -> Image.Image:
    """Every preset (rows) in every format (columns) in one language: the look of the
    whole catalog at a glance. Claims alternate between the sample and the sale claim."""
    tiles = []
    logo = sample_logo("wordmark") if "--logos" in sys.argv else None
    for row, style in enumerate(presets or PRESET_STYLES):
        claim = SALE_CLAIMS[lang] if row % 2 else SAMPLE_CLAIMS[lang]
        for code, fmt in FORMATS.items():
            spec = CreativeSpec(claim=claim, language=lang, format_code=code, cta=SAMPLE_CTAS[lang],
                                variant=row, preset=style.id, logo=logo if row % 3 != 2 else None)
            try:
                img = render_creative(spec)
            except Exception as exc:  # noqa: BLE001 — shown red on the sheet for a human to look at
                print("FAILED", lang, code, style.id, exc)
                img = Image.new("RGB", (fmt.width, fmt.height), (255, 0, 0))
            tiles.append((f"{code} {style.id} v{row}", img))
    return _sheet(tiles, 12, cell, f"Creative Studio — every preset, {lang}")


# The findings a designer raised, one row each: (label, claim, language, preset, brand, logo).
FINDINGS = (
    ("dark wordmark on dark scenes", "Best protein supplements for your daily workout", "EN", "gold_luxury", None,
     "wordmark"),
    ("dark wordmark on dark studio", "Summer sale: 50% off everything!", "EN", "studio_dark", None, "wordmark"),
    ("short claim", "Sale", "EN", None, None, None),
    ("short claim on a scene", "New in", "EN", "podium", None, "mark"),
    ("long German claim", "Die besten Proteinpräparate für Ihr tägliches Training mit Rindfleischetiketten", "DE",
     "velvet", None, None),
    ("two sentences", "Fresh coffee every morning. Free delivery on orders over $30.", "EN", "memphis", None,
     "wordmark"),
    ("brand colours with a preset", "Best protein supplements for your daily workout", "EN", "marble",
     ("#0E7C66", "#F59E0B"), "wordmark"),
    ("mid-tone brand colour", "Summer sale: 50% off everything!", "EN", None, ("#6B8E9E", "#E11D48"), "wordmark"),
    ("hearts behind letters", "Be mine this Valentine's: gifts she will love", "EN", "valentines", None, None),
    ("confetti behind letters", "Our biggest party of the year starts tonight", "EN", "party_confetti", None, None),
    ("wood banner", "Handmade oak furniture, built to last for generations", "EN", "wood", None, "wordmark"),
    ("Arabic on bokeh", "أفضل مكملات البروتين لتمارينك اليومية", "AR", "bokeh", None, "wordmark"),
    ("Japanese long claim", "毎日のトレーニングに最適なプロテインサプリメント。今なら送料無料です。", "JA",
     "neon_grid", None, None),
)


def findings_sheet(cell: int = 150) -> Image.Image:
    """The findings above in every format: what to compare before and after a change."""
    logos = {"wordmark": sample_logo("wordmark"), "mark": sample_logo("mark")}
    tiles = []
    for row, (label, claim, lang, preset, brand, logo) in enumerate(FINDINGS):
        for code, fmt in FORMATS.items():
            spec = CreativeSpec(claim=claim, language=lang, format_code=code, cta=SAMPLE_CTAS[lang], variant=row,
                                preset=preset, primary_color=brand[0] if brand else None,
                                secondary_color=brand[1] if brand else None, logo=logos.get(logo))
            try:
                img = render_creative(spec)
            except Exception as exc:  # noqa: BLE001 — shown red on the sheet for a human to look at
                print("FAILED", label, code, exc)
                img = Image.new("RGB", (fmt.width, fmt.height), (255, 0, 0))
            tiles.append((f"{code} {label}" if code in ("F1", "F6") else code, img))
    return _sheet(tiles, 12, cell, "Creative Studio — the findings, one per row")


def _save_doc(sheet: Image.Image, target: str, width: int = 2000) -> None:
    sheet = sheet.resize((width, round(sheet.height * width / sheet.width)), Image.Resampling.LANCZOS)
    sheet.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(DOCS / target, optimize=True)
    size = (DOCS / target).stat().st_size
    print(f"docs/images/{target}: {size // 1024} KB")


if __name__ == "__main__":
    if "--findings" in sys.argv:  # samples.py --findings TAG: docs/images/findings-TAG.png
        DOCS.mkdir(parents=True, exist_ok=True)
        _save_doc(findings_sheet(), f"findings-{sys.argv[sys.argv.index('--findings') + 1]}.png", 1800)
    elif "--presets" in sys.argv:  # samples.py --presets TAG LANG…: docs/images/presets-TAG-LANG.png
        at = sys.argv.index("--presets")
        tag, langs = sys.argv[at + 1], [a for a in sys.argv[at + 2:] if not a.startswith("--")]
        DOCS.mkdir(parents=True, exist_ok=True)
        for lang in langs:
            half = len(PRESET_STYLES) // 2
            for part, chunk in enumerate((PRESET_STYLES[:half], PRESET_STYLES[half:]), 1):
                _save_doc(presets_sheet(lang, chunk), f"presets-{tag}-{lang.lower()}-{part}.png", 1600)
    else:
        main()
