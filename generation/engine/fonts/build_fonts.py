"""Rebuild the Latin, Arabic+Latin and Hebrew+Latin fonts shipped next to this file.

- Noto Sans Hebrew has no digits or basic punctuation, and Noto Sans Arabic lacks "%",
  "?" and Latin letters, yet real claims mix them in ("50% הנחה!", brand names). Pillow
  has no per-glyph font fallback, so Noto Sans (Latin) is merged into each script font.
- TrueType hinting is stripped (as in Google's own "unhinted" Noto builds): at ad
  sizes it changes nothing visible, and FreeType rasterizes 2–3× faster without the
  bytecode interpreter, which matters because text drawing is most of a render.

Source files come from Debian's fonts-noto-core package:

    apt-get install -y fonts-noto-core
    .venv/bin/python generation/engine/fonts/build_fonts.py
"""
from pathlib import Path

from fontTools.merge import Merger, Options
from fontTools.ttLib import TTFont
from hinting import dehint

SRC = Path("/usr/share/fonts/truetype/noto")
HERE = Path(__file__).resolve().parent



dehint(TTFont(str(SRC / "NotoSans-Bold.ttf"))).save(str(HERE / "NotoSans-Bold.ttf"))
for script in ("Hebrew", "Arabic"):
    merger = Merger(options=Options(drop_tables=["vmtx", "vhea", "MATH"]))
    merged = merger.merge([str(SRC / f"NotoSans{script}-Bold.ttf"), str(SRC / "NotoSans-Bold.ttf")])
    dehint(merged).save(str(HERE / f"NotoSans{script}Latin-Bold.ttf"))
