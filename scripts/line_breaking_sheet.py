"""Render the line-breaking sheet: claims whose breaks are hard (Japanese, Chinese,
Korean, German, Arabic and English product names) in the formats that stretch them.

    .venv/bin/python scripts/line_breaking_sheet.py            # var/samples/line-breaking.png
    .venv/bin/python scripts/line_breaking_sheet.py --docs     # also docs/images/line-breaking.png

Each row is one claim, each column one format; the lines each creative was set in are
printed under it, with "|" where the line broke. See README "Line breaking".
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402

from generation.engine import FORMATS, CreativeSpec, render  # noqa: E402
from generation.engine.languages import language_setting  # noqa: E402
from generation.engine.samples import SAMPLE_CTAS  # noqa: E402
from generation.engine.text import load_font  # noqa: E402

CLAIMS = (
    ("JA", "毎日のトレーニングに最適なプロテインサプリメント。"),
    ("JA", "新しいスマートフォンが登場しました。今すぐチェックしてください。"),
    ("ZH", "最适合您日常锻炼的优质蛋白质补充剂。"),
    ("KO", "첫 구매 고객 전 품목 30% 할인"),
    ("DE", "Rindfleischetikettierung jetzt neu geregelt"),
    ("DE", "Kinderbekleidung und Geschirrspülmaschinen im Angebot"),
    ("AR", "احصل على iPhone 15 Pro بسعر 3999 ريال فقط"),
    ("EN", "Galaxy S24 Ultra now 20% off, only 10 kg lighter"),
)
CODES = ("F1", "F3", "F4", "F6", "F9", "F10")
CELL_H = 300  # px: every creative is scaled to this height (F4 and F6 to fit the width)
CELL_W = 300
CAPTION_H = 64
LABEL_W = 70
OUT = ROOT / "var" / "samples" / "line-breaking.png"
DOCS = ROOT / "docs" / "images" / "line-breaking.png"
MAX_DOC_BYTES = 1_000_000


def _lines_and_image(lang: str, claim: str, code: str) -> tuple[tuple[str, ...], Image.Image]:
    """The creative and the lines its claim was set in (the fit the renderer drew)."""
    found: list[tuple[str, ...]] = []
    real_fit = render.fit_text

    def recording_fit(text, setting, *args, **kwargs):
        fitted = real_fit(text, setting, *args, **kwargs)
        if fitted is not None and text.replace(" ", "") == claim.replace(" ", ""):
            found.append(fitted.lines)
        return fitted

    render.fit_text = recording_fit
    try:
        image = render.render_creative(CreativeSpec(claim=claim, language=lang, format_code=code,
                                                    cta=SAMPLE_CTAS[lang]))
    finally:
        render.fit_text = real_fit
    return (found[-1] if found else ()), image


def _font(lang: str, size: int):
    setting = language_setting(lang)
    return load_font(str(setting.font_path), size, setting.font_index)


def sheet() -> Image.Image:
    width = LABEL_W + len(CODES) * (CELL_W + 8) + 8
    row_h = CELL_H + CAPTION_H + 12
    out = Image.new("RGB", (width, 44 + len(CLAIMS) * row_h), (236, 236, 240))
    draw = ImageDraw.Draw(out)
    draw.text((10, 10), "Line breaking: phrases and words (JA, ZH), eojeol (KO), compound joints (DE), "
                        "numbers with units and product names kept whole", font=_font("EN", 18), fill=(30, 30, 40))
    for row, (lang, claim) in enumerate(CLAIMS):
        y = 44 + row * row_h
        draw.text((10, y + CELL_H // 2 - 10), lang, font=_font("EN", 20), fill=(30, 30, 40))
        for col, code in enumerate(CODES):
            lines, image = _lines_and_image(lang, claim, code)
            x = LABEL_W + col * (CELL_W + 8)
            thumb = image.copy()
            thumb.thumbnail((CELL_W, CELL_H), Image.Resampling.LANCZOS)
            out.paste(thumb, (x + (CELL_W - thumb.width) // 2, y + (CELL_H - thumb.height) // 2))
            fmt = FORMATS[code]
            draw.text((x, y + CELL_H + 2), f"{code} {fmt.width}×{fmt.height}", font=_font("EN", 12),
                      fill=(80, 80, 90))
            caption = " | ".join(lines)
            font = _font(lang, 13)
            wrapped, current = [], ""
            for ch in caption:  # wrap by width: the caption is for reading, not typesetting
                if draw.textlength(current + ch, font=font) > CELL_W:
                    wrapped.append(current)
                    current = ""
                current += ch
            wrapped.append(current)
            for i, text in enumerate(wrapped[:3]):
                draw.text((x, y + CELL_H + 18 + i * 15), text, font=font, fill=(30, 30, 40))
    return out


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    image = sheet()
    image.save(OUT, compress_level=3)
    print(f"{OUT.relative_to(ROOT)}: {image.width}×{image.height}")
    if "--docs" in sys.argv:
        DOCS.parent.mkdir(parents=True, exist_ok=True)
        small = image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        small.save(DOCS, optimize=True)
        size = DOCS.stat().st_size
        assert size <= MAX_DOC_BYTES, f"{DOCS.name} is {size} bytes"
        print(f"{DOCS.relative_to(ROOT)}: {size // 1024} KB")


if __name__ == "__main__":
    main()
