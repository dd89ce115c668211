"""Rebuild Oswald-Bold.ttf, the condensed display face of the player cards.

Oswald ships as one variable font (weights 200–700) in the `fontpkg-oswald` wheel on
PyPI (OFL 1.1, licence in OFL-Oswald.txt). The card engine wants one static Bold: it
is cut from the variable font at wght=700, and its hinting stripped as for the Noto
fonts (see build_fonts.py: unhinted glyphs rasterize 2–3× faster).

    .venv/bin/python -m pip download --no-deps fontpkg-oswald -d /tmp/oswald
    unzip -o /tmp/oswald/fontpkg_oswald-*.whl -d /tmp/oswald
    .venv/bin/python generation/engine/fonts/build_oswald.py /tmp/oswald/fontpkg_oswald/files/Oswald[wght].ttf
"""
import sys
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.varLib import instancer
from hinting import dehint

HERE = Path(__file__).resolve().parent

font = instancer.instantiateVariableFont(TTFont(sys.argv[1]), {"wght": 700}, updateFontNames=True)
dehint(font).save(str(HERE / "Oswald-Bold.ttf"))
