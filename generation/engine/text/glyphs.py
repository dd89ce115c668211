"""Text shaping and rasterization with a glyph cache.

HarfBuzz (uharfbuzz) shapes each directional run once, in font units (the fonts are
unhinted, so advances scale linearly with the size and one shaping serves every size);
FreeType (freetype-py) rasterizes each glyph once per (font, size, quarter-pixel phase)
and the bitmaps are cached: a worker draws the same few hundred glyphs all day, so a
fresh line costs one shaping call and a handful of small numpy blits instead of a
FreeType pass over every glyph. Glyph coverage is combined with max(), as FreeType's
own renderers do; FreeType already antialiases, so nothing is supersampled.

Lines are split into directional runs first (bidi.bidi_runs).
"""
from __future__ import annotations

import ctypes
import math
import re
import threading

import freetype
import numpy as np
import uharfbuzz as hb
from PIL import Image

from ..caches import TableCache, cached
from .bidi import bidi_runs

SUBPIXEL = 4  # horizontal glyph positions are quantized to quarter pixels
_LOAD = freetype.FT_LOAD_DEFAULT | freetype.FT_LOAD_NO_BITMAP
_lock = threading.Lock()  # FreeType faces are not thread-safe; workers are processes anyway


@cached(16)
def _hb_font(path: str, index: int) -> hb.Font:
    return hb.Font(hb.Face(hb.Blob.from_file_path(path), index))


class _Face:
    """A FreeType face and the pixel size last set on it (setting it is not free)."""

    def __init__(self, path: str, index: int):
        self.face = freetype.Face(path, index)
        self.size = 0

    def at_size(self, size: int) -> freetype.Face:
        if size != self.size:
            self.face.set_pixel_sizes(0, size)
            self.size = size
        return self.face


@cached(16)
def _ft_face(path: str, index: int) -> _Face:
    return _Face(path, index)


@cached(16)
def charset(path: str, index: int) -> hb.Set:
    """The code points the face has a glyph for (its cmap, as HarfBuzz's compact set)."""
    return _hb_font(path, index).face.unicodes


@cached(16)
def upem(path: str, index: int) -> int:
    return _hb_font(path, index).face.upem


@cached(4096)
def _shape(path: str, index: int, text: str, rtl: bool, language: str) -> tuple[tuple[int, int, int, int], ...]:
    """(glyph id, x advance, x offset, y offset) in font units, in visual order."""
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "rtl" if rtl else "ltr"
    buf.language = language
    buf.guess_segment_properties()
    hb.shape(_hb_font(path, index), buf, {})
    return tuple((info.codepoint, pos.x_advance, pos.x_offset, pos.y_offset)
                 for info, pos in zip(buf.glyph_infos, buf.glyph_positions))


_WORDS = re.compile(r"[^ ]+| ")


def shape_by_words(path: str, index: int, text: str, rtl: bool, language: str) -> list[tuple[int, int, int, int]]:
    """The glyphs of one directional run, shaped word by word (in visual order).

    Claims are set with plain spaces between words, and where the font neither kerns
    nor substitutes across a space, a line is its words' shapes end to end: a fresh
    line reuses the shapes its words got when they were measured, as browsers do."""
    if " " not in text:
        return list(_shape(path, index, text, rtl, language))
    words = _WORDS.findall(text)
    if rtl:
        words.reverse()
    glyphs: list[tuple[int, int, int, int]] = []
    for word in words:
        glyphs += _shape(path, index, word, rtl, language)
    return glyphs


# --- measuring and drawing -------------------------------------------------------------

def advance_units(path: str, index: int, text: str, rtl: bool, language: str) -> int:
    """Advance width of `text` in font units (multiply by size / upem for pixels)."""
    return sum(g[1] for run in bidi_runs(text, rtl) for g in _shape(path, index, run.text, run.rtl, language))


_IDENTITY = freetype.Matrix(0x10000, 0, 0, 0x10000)
_SHIFTS = tuple(freetype.Vector(phase * 64 // SUBPIXEL, 0) for phase in range(SUBPIXEL))


# Rasterized glyphs per (face, size), by gid × SUBPIXEL + phase: a line looks each glyph
# up with one small-int key. 32 MB holds every size a worker draws in a day's mix.
_GLYPHS = TableCache("glyphs.glyphs", 32 * 1024 * 1024)


def _glyph(path: str, index: int, size: int, gid: int, phase: int) -> tuple[np.ndarray | None, int, int]:
    """(coverage, left, top) of one glyph at `size` px, shifted right by phase/SUBPIXEL px.

    A miss is on the path of most fresh claims (a new size, a digit at a new phase), so it
    does only what FreeType needs: the size is set only when it changes, and the bitmap
    is read with one copy (the coverage is read-only: glyphs are only ever copied from)."""
    with _lock:
        face = _ft_face(path, index).at_size(size)
        face.set_transform(_IDENTITY, _SHIFTS[phase])
        face.load_glyph(gid, _LOAD)
        slot = face.glyph
        slot.render(freetype.FT_RENDER_MODE_NORMAL)
        raw = slot._FT_GlyphSlot.contents  # the C struct, read directly: the wrappers allocate per field
        bm = raw.bitmap
        rows, width, pitch = bm.rows, bm.width, abs(bm.pitch)
        if rows == 0 or width == 0:
            return None, 0, 0
        cover = np.frombuffer(ctypes.string_at(bm.buffer, rows * pitch), np.uint8).reshape(rows, pitch)
        return (cover if pitch == width else cover[:, :width].copy()), raw.bitmap_left, raw.bitmap_top


def render_line(path: str, index: int, size: int, text: str, rtl: bool, language: str, *,
                by_word: bool = False) -> tuple[Image.Image | None, int, int, float]:
    """One line as an "L" coverage mask, its offset from the pen origin on the baseline,
    and its advance width in pixels. by_word: shape it as its words (shape_by_words)."""
    shape = shape_by_words if by_word else _shape
    scale = size / upem(path, index)
    table_key = (path, index, size)
    table = _GLYPHS.table(table_key)
    placed = []  # (bitmap, x, y) relative to pen origin / baseline
    x0 = y0 = 1 << 30
    x1 = y1 = -(1 << 30)
    pen = 0.0
    for run in bidi_runs(text, rtl):
        for gid, adv, xoff, yoff in shape(path, index, run.text, run.rtl, language):
            # The pen position in quarter pixels: whole pixels above, the glyph's phase below.
            q = math.floor((pen + xoff * scale) * SUBPIXEL + 0.5)
            pen += adv * scale
            phase = q % SUBPIXEL
            key = gid * SUBPIXEL + phase
            found = table.get(key)
            if found is None:
                bitmap, left, top = _glyph(path, index, size, gid, phase)
                found = (bitmap, left, top, *(bitmap.shape if bitmap is not None else (0, 0)))
                _GLYPHS.put(table_key, table, key, found, 64 + (bitmap.nbytes if bitmap is not None else 0))
            bitmap, left, top, h, w = found
            if bitmap is None:
                continue
            x = q // SUBPIXEL + left
            y = -top - round(yoff * scale) if yoff else -top
            placed.append((bitmap, x, y, h, w))
            if x < x0:
                x0 = x
            if y < y0:
                y0 = y
            if x + w > x1:
                x1 = x + w
            if y + h > y1:
                y1 = y + h
    _GLYPHS.lookups += len(placed)
    if not placed:
        return None, 0, 0, pen
    mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
    right = x0  # glyphs left of here may overlap the next one: only those need max()
    for bitmap, x, y, h, w in placed:
        dx, dy = x - x0, y - y0
        if x >= right:
            mask[dy:dy + h, dx:dx + w] = bitmap
        else:
            dst = mask[dy:dy + h, dx:dx + w]
            np.maximum(dst, bitmap, out=dst)
        if x + w > right:
            right = x + w
    # Shares the array's memory: line masks are only ever read (pasted through, measured).
    return Image.frombuffer("L", (x1 - x0, y1 - y0), mask, "raw", "L", 0, 1), x0, y0, pen
