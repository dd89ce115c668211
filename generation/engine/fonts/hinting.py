"""Strip TrueType hinting from a font, for the build scripts beside this file.

As in Google's own "unhinted" Noto builds: at ad sizes hinting changes nothing
visible, and FreeType rasterizes 2–3× faster without the bytecode interpreter."""
from fontTools.ttLib import TTFont

HINTING_TABLES = ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX", "STAT")


def dehint(font: TTFont) -> TTFont:
    for table in HINTING_TABLES:
        if table in font:
            del font[table]
    for glyph in font["glyf"].glyphs.values():
        glyph.removeHinting()
    font["maxp"].maxSizeOfInstructions = 0
    return font
