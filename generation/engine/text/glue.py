"""Which neighbouring words of a claim stay on one line (README "Line breaking").

Words that belong together are joined with GLUE (a no-break space) into one unit, so
the line filler moves them as one word:

- a number stays with its unit ("3999 ريال", "50 %", "10 kg", "9,99 €"), and a number
  without one with the word after it ("15 Pro", "3 Tage", "2 for 1") — unless the
  number ends a clause ("50%," or "2024.");
- a product name stays whole: up to three capitalised or mixed-case Latin words
  followed by model words (a number, a letter-number code such as "S24" or "5G", or
  one of MODEL_WORDS): "iPhone 15 Pro", "Galaxy S24 Ultra", "Nike Air Max 90";
- Korean: a one-syllable word stays with the next ("첫 구매", "전 품목"), and a
  dependent noun or counter with the word before it ("할인 중").

A glued unit longer than MAX_GLUED characters is not glued further. The author can
glue words too, with a no-break space of their own. Glue gives way only where the
claim would not fit at all otherwise (fitting).
"""
from __future__ import annotations

import re

GLUE = "\u00a0"  # no-break space: inside a unit, joins words that stay together
USER_GLUE = frozenset("\u00a0\u202f")  # the no-break spaces an author may type
MAX_GLUED = 24  # characters: a longer run would make a word too wide for narrow formats

# Model words that follow a product name ("iPhone 15 Pro Max", "MacBook Air").
MODEL_WORDS = frozenset({
    "Pro", "Max", "Ultra", "Plus", "Mini", "Air", "Lite", "SE", "FE", "Edge", "Neo", "Note", "Fold", "Flip",
    "Slim", "XL", "XS", "Series", "Duo", "GT", "RS", "Sport", "Classic", "Prime", "Turbo",
})
# Units and currencies written after a number: "10 kg", "9,99 €", "3999 ريال".
UNITS = frozenset({
    "%", "‰", "€", "$", "£", "¥", "₺", "₽", "₪", "₴", "kg", "g", "mg", "l", "L", "ml", "cl", "cm", "mm", "m", "km",
    "m²", "m2", "h", "min", "s", "GB", "TB", "MB", "mAh", "W", "kW", "V", "Hz", "x", "×", "pcs", "Stk.", "Stück",
    "EUR", "USD", "Euro", "Dollar", "dollars", "TL", "zł", "kr", "Kč", "руб.", "грн", "ريال", "درهم", "جنيه",
    "دينار", "ليرة", "ש״ח", "שקלים",
})
# Korean dependent nouns and counters: they cannot start a line (할인 중, 3 개, 100 원).
KO_DEPENDENT = frozenset("중 등 외 개 명 원 번 분 시 년 월 일 회 차 것 수 때 뿐 만 씩 "
                         "건 점 장 벌 병 잔 권 대 곳 쪽".split())

_CLAUSE_ENDS = frozenset(",.;:!?…،؛؟。、，！？：；")
_CLOSING_MARKS = "'’”»›)]}"
_EDGE_PUNCT = "\"'“‘„«‹([{¿¡”’»›)]}.,;:!?…،؛؟"
_HAS_DIGIT = re.compile(r"\d").search
_NUMBER = re.compile(r"[-+±~≈]?[%$€£¥₺₽₪]?\d[\d.,’'/:-]*(?: ?[%‰€$£¥₺₽₪])?")
_WITH_UNIT = re.compile(r".*\d ?[%‰€$£¥₺₽₪]|[-+±~≈]?[%$€£¥₺₽₪]\d.*")  # 50%, 50 %, 9,99 €, %50, $999
_MODEL_CODE = re.compile(r"[A-Za-z]{0,3}\d{1,4}[A-Za-z]{0,3}")
_NAME = re.compile(r"[A-Z][A-Za-z]*|[a-z]+[A-Z][A-Za-z]*")  # Galaxy, NIKE, iPhone, eBay
_HANGUL_SYLLABLE = re.compile("[\uac00-\ud7a3]")


def _core(word: str) -> str:
    return word.strip(_EDGE_PUNCT)


def ends_clause(word: str) -> bool:
    return word.rstrip(_CLOSING_MARKS)[-1:] in _CLAUSE_ENDS


def is_number(word: str) -> bool:
    return bool(_HAS_DIGIT(word)) and bool(_NUMBER.fullmatch(_core(word)) or _NUMBER.fullmatch(word.rstrip(".,;:!?")))


def _is_model(word: str) -> bool:
    core = _core(word)
    return core in MODEL_WORDS or bool(_MODEL_CODE.fullmatch(core) and any(ch.isdigit() for ch in core))


def _is_name(word: str) -> bool:
    return not ends_clause(word) and bool(_NAME.fullmatch(_core(word))) and _core(word) == word


def _glue_after(units: list[str], code: str) -> list[bool]:
    """glued[i]: units[i] stays on the line of units[i + 1]."""
    n = len(units)
    glued = [False] * n
    digits = any(_HAS_DIGIT(unit) for unit in units)
    if not digits and code != "KO" and MODEL_WORDS.isdisjoint(map(_core, units)):
        return glued  # no number, no model word: nothing to glue (most claims)
    for i in range(n - 1):
        word, after = units[i], units[i + 1]
        if ends_clause(word):
            continue
        if is_number(word):
            # "10 kg", "999 dollars"; but "50% off": the number has its unit already
            glued[i] = not _WITH_UNIT.fullmatch(_core(word)) or _core(after) in UNITS
        elif word in UNITS and is_number(after):
            glued[i] = True  # "$ 999", "€ 50"
        elif code == "KO" and (_core(after) in KO_DEPENDENT and _core(after) == after.rstrip(".,!?")
                               or (len(word) == 1 and _HANGUL_SYLLABLE.match(word))):
            glued[i] = True
    # Product names: up to three name words, then one or more model words.
    i = 0
    while i < n:
        if not _is_name(units[i]) or _is_model(units[i]):
            i += 1
            continue
        j = i
        while j < n and j - i < 3 and _is_name(units[j]) and not _is_model(units[j]):
            j += 1
        k = j
        while k < n and _is_model(units[k]):
            k += 1
            if ends_clause(units[k - 1]):
                break
        if k > j:  # names followed by model words: one product name, which ends there
            for m in range(i, k - 1):
                glued[m] = True
            glued[k - 1] = k < n and _core(units[k]) in UNITS and is_number(units[k - 1])
            i = k
        else:
            i = j if j > i else i + 1
    return glued


def glue_words(units: list[str], code: str) -> list[str]:
    """`units` (one line's words) with the words that stay together joined by GLUE."""
    if len(units) < 2:
        return units
    glued = _glue_after(units, code)
    out: list[str] = []
    joining = False
    for unit, glue in zip(units, glued):
        if joining and len(out[-1]) + 1 + len(unit) <= MAX_GLUED:
            out[-1] += GLUE + unit
        else:
            out.append(unit)
        joining = glue
    return out


def unglued(text: str) -> str:
    """`text` with its glue as plain spaces: how a line is measured and drawn."""
    return text.replace(GLUE, " ") if GLUE in text else text
