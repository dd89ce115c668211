"""Where a claim may break: its unbreakable units and the string that joins them.

Words break at spaces, with space-separated punctuation kept on its word (French
spacing); Japanese and Chinese break between BudouX phrases, or between any two
characters the kinsoku rules allow; the author's typed line breaks are units of their own.
"""
from __future__ import annotations

import re

from ..caches import cached
from ..languages import CJK_LANGUAGES, LanguageSetting

# Characters that must not start a line (closing punctuation, small kana) and that
# must not end one (opening brackets) — the basic Japanese/Chinese kinsoku rules.
NO_LINE_START = set("、。，．,.！？!?：；:;）)」』】〕〉》〙〗｝}]］”’ー～…‥・"
                    "ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ％%")
NO_LINE_END = set("（(「『【〔〈《〘〖｛{[［“‘")
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-\.%]*")

_TRAILING = re.compile(r"^[%:;!?»›)\]}…–—]+$")  # "50 %", "été :", "tout !" (French spacing), "sale –"
_LEADING = re.compile(r"^[«‹(\[{¿¡]+$")


def _glue_spaced_punctuation(words: list[str]) -> list[str]:
    """Keep space-separated punctuation with its word: no line may start with "%" or
    "!" or end with "«"."""
    units: list[str] = []
    carry = ""
    for word in words:
        if units and _TRAILING.match(word):
            units[-1] += " " + word
            continue
        word = carry + word
        carry = ""
        if _LEADING.match(word):
            carry = word + " "
            continue
        units.append(word)
    if carry:
        units.append(carry.strip())
    return units


LINE_BREAK = "\n"  # a unit that ends its line: a line break the claim's author typed


def normalize_claim(text: str) -> str:
    """Runs of spaces become one space; the author's line breaks stay (one per break,
    blank lines dropped)."""
    return LINE_BREAK.join(filter(None, (" ".join(line.split()) for line in text.splitlines())))


@cached(2)
def _phrase_parser(code: str):
    import budoux

    return budoux.load_default_japanese_parser() if code == "JA" else budoux.load_default_simplified_chinese_parser()


@cached(1024)
def _phrases(text: str, code: str) -> tuple[str, ...]:
    """Japanese or Chinese text as the phrases a reader would not split (BudouX, the
    segmenter behind Chrome's `word-break: auto-phrase`): 毎日の|トレーニングに|最適な…"""
    return tuple(_phrase_parser(code).parse(text))


def break_units(text: str, setting: LanguageSetting, phrases: bool = True) -> tuple[list[str], str]:
    """Return the unbreakable units of `text` and the string that joins them on a line;
    the text's own line breaks are LINE_BREAK units between its lines' units. Japanese
    and Chinese break between phrases, or (phrases=False) between any two characters
    the kinsoku rules allow."""
    if LINE_BREAK not in text:
        return _line_units(text, setting, phrases)
    units: list[str] = []
    joiner = ""
    for line in text.split(LINE_BREAK):
        line_units, joiner = _line_units(line, setting, phrases)
        if line_units and line_units != [""]:
            units += [LINE_BREAK, *line_units] if units else line_units
    return units, joiner


def _line_units(text: str, setting: LanguageSetting, phrases: bool) -> tuple[list[str], str]:
    text = " ".join(text.split())
    if setting.code not in CJK_LANGUAGES:
        return _glue_spaced_punctuation(text.split(" ")), " "
    units: list[str] = list(_phrases(text, setting.code)) if phrases else []
    i = len(text) if phrases else 0
    while i < len(text):
        m = _LATIN_RUN.match(text, i)
        if m:  # keep Latin words and numbers whole inside CJK text
            units.append(m.group())
            i = m.end()
        else:
            units.append(text[i])
            i += 1
    merged: list[str] = []
    carry = ""
    for unit in units:
        if unit == " ":
            if merged:
                merged[-1] += " "
            continue
        if merged and not carry and (unit[0] in NO_LINE_START):
            merged[-1] += unit
            continue
        unit = carry + unit
        carry = ""
        if unit[-1] in NO_LINE_END:
            carry = unit
            continue
        merged.append(unit)
    if carry:
        if merged:
            merged[-1] += carry
        else:
            merged.append(carry)
    return merged, ""
