"""Rebuild the display faces the creatives pair per preset (README, Rendering engine: Fonts).

League Spartan (geometric sans, a variable font, cut at wght=700) and DM Serif Display
(a serif, one static weight) come from the `fontpkg-league-spartan` and
`fontpkg-dm-serif-display` wheels on PyPI (OFL 1.1, licences in OFL-LeagueSpartan.txt and
OFL-DMSerifDisplay.txt); Oswald (condensed grotesque) is built by build_oswald.py. Hinting
is stripped as for the Noto fonts (build_fonts.py: unhinted glyphs rasterize 2–3× faster).

    .venv/bin/python -m pip download --no-deps fontpkg-league-spartan fontpkg-dm-serif-display -d /tmp/faces
    (cd /tmp/faces && for w in *.whl; do unzip -o -q "$w" -d "${w%%-*}"; done)
    .venv/bin/python generation/engine/fonts/build_display_faces.py /tmp/faces
"""
import sys
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.varLib import instancer
from hinting import dehint

HERE = Path(__file__).resolve().parent



src = Path(sys.argv[1])
variable = TTFont(src / "fontpkg_league_spartan/fontpkg_league_spartan/files/LeagueSpartan[wght].ttf")
spartan = instancer.instantiateVariableFont(variable, {"wght": 700}, updateFontNames=True)
dehint(spartan).save(str(HERE / "LeagueSpartan-Bold.ttf"))
dehint(TTFont(src / "fontpkg_dm_serif_display/fontpkg_dm_serif_display/files/DMSerifDisplay-Regular.ttf")).save(
    str(HERE / "DMSerifDisplay-Regular.ttf"))
