"""Where a claim may break: its unbreakable units and the string that joins them
(README "Line breaking").

Words break at spaces, with space-separated punctuation kept on its word (French
spacing) and the words that belong together glued (glue). Japanese and Chinese break
between BudouX phrases; inside a phrase between words (a run of katakana, kanji or
Latin letters; long katakana loanwords at the joints of their parts, katakana); and
only inside a word between any two characters the kinsoku rules allow. The author's
typed line breaks are units of their own.
"""
from __future__ import annotations

import re

from ..caches import cached
from ..languages import CJK_LANGUAGES, LanguageSetting
from .glue import GLUE, USER_GLUE, glue_words
from .katakana import katakana_joints

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

# How finely Japanese and Chinese text is cut into units (other scripts: words).
PHRASES, WORDS, CHARACTERS = "phrases", "words", "characters"
# Which words stay together (glue): all that belong together, or (a last resort) none.
ALL_GLUE, NO_GLUE = "all", "none"

_SPACES = re.compile(r"[^\S\u00a0\u202f]+")  # white space, but not the no-break spaces an author typed


def normalize_claim(text: str) -> str:
    """Runs of spaces become one space; the author's line breaks stay (one per break,
    blank lines dropped), and so do the no-break spaces they typed (as GLUE)."""
    lines = (_SPACES.sub(" ", line).strip(" \u00a0\u202f") for line in text.splitlines())
    claim = LINE_BREAK.join(filter(None, lines))
    return "".join(GLUE if ch in USER_GLUE else ch for ch in claim) if USER_GLUE & set(claim) else claim


@cached(2)
def _phrase_parser(code: str):
    import budoux

    return budoux.load_default_japanese_parser() if code == "JA" else budoux.load_default_simplified_chinese_parser()


_LATIN_END = re.compile(r"[A-Za-z0-9%][ \u00a0]?$")
_LATIN_START = re.compile(r"^[A-Za-z0-9]")


@cached(1024)
def _zh_word_ends(text: str) -> frozenset[int]:
    """Where the Chinese words of `text` end (jieba's dictionary, through rjieba)."""
    import rjieba

    ends, end = set(), 0
    for word in rjieba.cut(text):
        end += len(word)
        ends.add(end)
    return frozenset(ends)


@cached(1024)
def _phrases(text: str, code: str) -> tuple[str, ...]:
    """Japanese or Chinese text as the phrases a reader would not split (BudouX, the
    segmenter behind Chrome's `word-break: auto-phrase`): 毎日の|トレーニングに|最適な…

    A Latin name or number is never cut by a phrase break (BudouX's Chinese model
    splits "iP|hone" and "iPhone 15| Pro"), nor a number from what follows it, nor a
    Chinese word (蛋白质补|充剂: the phrase breaks must be word ends too)."""
    word_ends = _zh_word_ends(text) if code == "ZH" else None
    phrases: list[str] = []
    end = 0
    for phrase in _phrase_parser(code).parse(text):
        inside_word = word_ends is not None and end not in word_ends
        end += len(phrase)
        if phrases and (inside_word or _LATIN_END.search(phrases[-1]) and (
                _LATIN_START.match(phrase) or phrases[-1][-1].isdigit() or phrases[-1][-1] == "%")):
            phrases[-1] += phrase
        else:
            phrases.append(phrase)
    return tuple(phrases)


def break_units(text: str, setting: LanguageSetting, phrases: bool | str = True, *,
                glue: str = ALL_GLUE) -> tuple[list[str], str]:
    """Return the unbreakable units of `text` and the string that joins them on a line;
    the text's own line breaks are LINE_BREAK units between its lines' units. Japanese
    and Chinese break between phrases (PHRASES, or True), words (WORDS) or, as kinsoku
    allows, characters (CHARACTERS, or False). glue=NO_GLUE: the words that stay
    together (glue) may break apart too — the last resort of a claim that cannot fit
    otherwise."""
    granularity = PHRASES if phrases is True else CHARACTERS if phrases is False else phrases
    if LINE_BREAK not in text:
        return _line_units(text, setting, granularity, glue)
    units: list[str] = []
    joiner = ""
    for line in text.split(LINE_BREAK):
        line_units, joiner = _line_units(line, setting, granularity, glue)
        if line_units and line_units != [""]:
            units += [LINE_BREAK, *line_units] if units else line_units
    return units, joiner


def _line_units(text: str, setting: LanguageSetting, granularity: str = PHRASES,
                glue: str = ALL_GLUE) -> tuple[list[str], str]:
    text = _SPACES.sub(" ", text).strip(" ")
    if glue == NO_GLUE:
        text = " ".join(filter(None, text.replace(GLUE, " ").split(" ")))
    if setting.code not in CJK_LANGUAGES:
        words = _glue_spaced_punctuation(text.split(" "))
        return (glue_words(words, setting.code) if glue == ALL_GLUE else words), " "
    if granularity == PHRASES:
        units = list(_phrases(text, setting.code))
    elif granularity == WORDS:
        units = [word for phrase in _phrases(text, setting.code) for word in cjk_words(phrase, setting.code)]
    else:
        units = _characters(text, glue == ALL_GLUE)
    return _kinsoku(units), ""


_LATIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-\.%]*(?:[ \u00a0][A-Za-z0-9][A-Za-z0-9'’\-\.%]*)*")


def _characters(text: str, glue: bool = True) -> list[str]:
    """Characters, but a Latin word or number whole (with glue: a run of Latin words
    too, such as a product name, "iPhone 15 Pro")."""
    units: list[str] = []
    latin = _LATIN_NAME if glue else _LATIN_RUN
    i = 0
    while i < len(text):
        m = latin.match(text, i)
        if m:  # keep Latin words and numbers whole inside CJK text
            units.append(m.group())
            i = m.end()
        else:
            units.append(text[i])
            i += 1
    return units


def _kinsoku(units: list[str]) -> list[str]:
    """Units merged so that no line starts with closing punctuation or a small kana,
    nor ends with an opening bracket; spaces stay at the end of the unit before them."""
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
    return merged


# Character classes for the word breaks inside a Japanese or Chinese phrase.
_KANJI, _HIRAGANA, _KATAKANA, _LATIN, _OTHER = "K", "H", "T", "L", "O"


def _script(ch: str, before: str) -> str:
    cp = ord(ch)
    if ch == "ー" or ch in "ゝゞヽヾ々":  # a prolonged sound or repeat mark continues its run
        return before if before in (_HIRAGANA, _KATAKANA, _KANJI) else _OTHER
    if 0x3041 <= cp <= 0x309F:
        return _HIRAGANA
    if 0x30A0 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F:
        return _KATAKANA if ch != "・" else _OTHER
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or ch in "〆ヶ":
        return _KANJI
    if ch.isascii() and (ch.isalnum() or ch in "%'’.-") or ch in GLUE + " ":
        return _LATIN
    return _OTHER


def _after_number(text: str, i: int) -> bool:
    """Whether text[i] follows a number (and its percent sign)."""
    before = text[i - 1]
    return before.isdigit() or (before in "%％" and i > 1 and text[i - 2].isdigit())


_PARTICLES = frozenset("がをにでとへはもやの")
_SURU = ("しま", "して", "した", "しな", "する", "され", "させ")


def _after_compound(text: str, classes: list[str], i: int) -> bool:
    """Whether text[i:] starts a particle or a form of する after a compound of two or more
    kanji (the hiragana after one kanji are mostly its ending: 新しい, 探して)."""
    if i < 2 or classes[i - 2] != _KANJI:
        return False
    return text[i] in _PARTICLES or text.startswith(_SURU, i)


def _kept_together(text: str, i: int) -> bool:
    """Whether text[i - 1] and text[i] may not be parted: kinsoku, or a number and what follows."""
    return text[i] in NO_LINE_START or text[i - 1] in NO_LINE_END or _after_number(text, i)


def _script_cuts(phrase: str, classes: list[str]) -> set[int]:
    """The word breaks that the scripts of a phrase's characters show (see cjk_words)."""
    cuts: set[int] = set()
    for i in range(1, len(phrase)):
        before, here = classes[i - 1], classes[i]
        if _kept_together(phrase, i) or before == here == _LATIN:
            continue
        if here != before and here in (_KANJI, _KATAKANA, _LATIN):
            cuts.add(i)
        elif before == _KATAKANA and here == _HIRAGANA:  # a particle after a loanword: トレーニング|に
            cuts.add(i)
        elif before == _KANJI and here == _HIRAGANA and _after_compound(phrase, classes, i):
            cuts.add(i)  # a particle or する after a kanji compound: 登場|しました, 公園|へ
        elif before == _OTHER and here != _OTHER:  # after punctuation: セール：|全品
            cuts.add(i)
    return cuts


def _katakana_cuts(phrase: str, classes: list[str]) -> set[int]:
    """The joints of the katakana loanwords in a phrase: プロテイン|サプリメント."""
    cuts: set[int] = set()
    i = 0
    while i < len(phrase):
        if classes[i] != _KATAKANA:
            i += 1
            continue
        j = i
        while j < len(phrase) and classes[j] == _KATAKANA:
            j += 1
        cuts.update(i + joint for joint in katakana_joints(phrase[i:j]) if phrase[i + joint] not in NO_LINE_START)
        i = j
    return cuts


@cached(2048)
def cjk_words(phrase: str, code: str) -> tuple[str, ...]:
    """A Japanese or Chinese phrase cut into words: a break before each run of kanji,
    katakana or Latin letters, before the particle after a katakana word (トレーニング|に)
    and before a particle or する after a kanji compound (登場|しました; but not before
    other hiragana after kanji, which are a verb's or adjective's ending: 新しい, 最適な),
    after punctuation, at the joints of a long katakana loanword (プロテイン|サプリメント),
    between Chinese words (jieba's dictionary), and never after a number (it stays
    with its counter or unit: 3999円, 50%オフ)."""
    classes: list[str] = []
    for ch in phrase:
        classes.append(_script(ch, classes[-1] if classes else _OTHER))
    cuts = _script_cuts(phrase, classes)
    if code == "ZH":  # the ends of Chinese words
        cuts.update(end for end in _zh_word_ends(phrase) if 0 < end < len(phrase)
                    and classes[end] == classes[end - 1] == _KANJI and not _kept_together(phrase, end))
    if code == "JA":
        cuts.update(_katakana_cuts(phrase, classes))
    if not cuts:
        return (phrase,)
    bounds = [0, *sorted(cuts), len(phrase)]
    return tuple(phrase[a:b] for a, b in zip(bounds, bounds[1:]))
