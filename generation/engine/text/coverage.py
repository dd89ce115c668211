"""Which characters a language's font can draw, and what to tell the user when it cannot."""
from __future__ import annotations

import unicodedata

from ..languages import LANGUAGE_SETTINGS, language_setting
from . import glyphs


def _draws_nothing(ch: str) -> bool:
    """Spaces, format characters (joiners, direction marks, soft hyphens) and variation
    selectors: shaping drops them, so no font needs a glyph for them."""
    cp = ord(ch)
    return ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc") or 0xFE00 <= cp <= 0xFE0F or (
        0xE0100 <= cp <= 0xE01EF)


def _drawable(ch: str, cmap) -> bool:
    if ord(ch) in cmap or _draws_nothing(ch):
        return True
    # A precomposed letter the font lacks: HarfBuzz draws it from its parts if they are there.
    parts = unicodedata.normalize("NFD", ch)
    return parts != ch and all(ord(p) in cmap for p in parts)


def unsupported_characters(text: str, language: str) -> tuple[str, ...]:
    """The characters of `text` that `language`'s font cannot draw (they would come out
    as empty boxes), in the order they first appear."""
    setting = language_setting(language)
    cmap = glyphs.charset(str(setting.font_path), setting.font_index)
    missing = {ch for ch in set(text) if not _drawable(ch, cmap)}
    return tuple(sorted(missing, key=text.index))


def languages_that_draw(chars) -> tuple[str, ...]:
    """The languages whose font draws every one of `chars`."""
    return tuple(code for code, setting in LANGUAGE_SETTINGS.items()
                 if all(_drawable(ch, glyphs.charset(str(setting.font_path), setting.font_index)) for ch in chars))


def missing_glyphs_message(text: str, language: str) -> str | None:
    """Why `text` cannot be set in `language` (characters its font has no glyph for,
    and what to do about them), or None when every character can be drawn."""
    missing = unsupported_characters(text, language)
    if not missing:
        return None

    def listed(chars) -> str:
        return ", ".join(f"“{ch}”" for ch in chars[:8]) + (" …" if len(chars) > 8 else "")

    nowhere = tuple(ch for ch in missing if not languages_that_draw(ch))  # emoji, scripts we have no font for
    elsewhere = tuple(ch for ch in missing if ch not in nowhere)
    hints = []  # (what to remove, what else to do)
    if nowhere:
        them = "it" if len(nowhere) == 1 else "them"
        hints.append((nowhere, f"none of our fonts has {them} (emoji are not supported)"))
    if elsewhere:
        them = "it" if len(elsewhere) == 1 else "them"
        others = languages_that_draw(elsewhere)
        choice = others[0] if len(others) == 1 else f"{', '.join(others[:-1])} or {others[-1]}" if others else ""
        hints.append((elsewhere, f"or set the language to {choice}, whose font has {them}" if others
                      else "no one language's font has them all"))
    head = f"Text in {language.upper()} cannot contain {listed(missing)}"
    if len(hints) == 1:
        chars, why = hints[0]
        them = "it" if len(chars) == 1 else "them"
        return f"{head}: remove {them}, {why}." if why.startswith("or ") else f"{head}: {why}, so remove {them}."
    return f"{head}. " + " ".join(
        f"Remove {listed(chars)}, {why}." if why.startswith("or ") else f"Remove {listed(chars)}: {why}."
        for chars, why in hints)
