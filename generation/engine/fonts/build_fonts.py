"""Rebuild the merged Arabic+Latin and Hebrew+Latin fonts shipped next to this file.

Noto Sans Hebrew has no digits or basic punctuation, and Noto Sans Arabic lacks "%",
"?" and Latin letters, yet real claims mix them in ("50% הנחה!", brand names). Pillow
has no per-glyph font fallback, so we merge Noto Sans (Latin) into each script font
once, offline. Source files come from Debian's fonts-noto-core package.

    apt-get install -y fonts-noto-core
    .venv/bin/python generation/engine/fonts/build_fonts.py
"""
from pathlib import Path

from fontTools.merge import Merger, Options

SRC = Path("/usr/share/fonts/truetype/noto")
HERE = Path(__file__).resolve().parent

for script in ("Hebrew", "Arabic"):
    merger = Merger(options=Options(drop_tables=["vmtx", "vhea", "MATH"]))
    font = merger.merge([str(SRC / f"NotoSans{script}-Bold.ttf"), str(SRC / "NotoSans-Bold.ttf")])
    font.save(str(HERE / f"NotoSans{script}Latin-Bold.ttf"))
