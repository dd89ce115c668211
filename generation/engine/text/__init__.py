"""Setting a claim's text: where lines may break (breaking, hyphenation), which way
each run reads (bidi), the largest size that fits a box (fitting), shaping and
rasterizing (glyphs, drawing) and which characters a font can draw (coverage).

The rest of the engine imports from here, not from the modules.
"""
from .bidi import Run, bidi_runs
from .breaking import LINE_BREAK, NO_LINE_END, NO_LINE_START, break_units, normalize_claim
from .coverage import languages_that_draw, missing_glyphs_message, unsupported_characters
from .drawing import baseline_for_middle, draw_line, font_for, line_mask, load_font, text_width
from .fitting import REF_SIZE, FittedText, fit_text
from .hyphenation import can_hyphenate, hyphen_points

__all__ = [
    "LINE_BREAK",
    "NO_LINE_END",
    "NO_LINE_START",
    "REF_SIZE",
    "FittedText",
    "Run",
    "baseline_for_middle",
    "bidi_runs",
    "break_units",
    "can_hyphenate",
    "draw_line",
    "fit_text",
    "font_for",
    "hyphen_points",
    "languages_that_draw",
    "line_mask",
    "load_font",
    "missing_glyphs_message",
    "normalize_claim",
    "text_width",
    "unsupported_characters",
]
