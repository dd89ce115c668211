"""Where a word may take a hyphen: dictionary points per language."""
from __future__ import annotations

from ..caches import cached
from ..languages import LanguageSetting

# Hyphenation dictionaries (pyphen, from LibreOffice) per language; Turkish has none there
# but its syllables are regular enough for a rule; CJK breaks between characters anyway;
# Arabic and Hebrew are not hyphenated.
_PYPHEN = {"EN": "en_US", "DE": "de_DE", "FR": "fr", "ES": "es", "IT": "it_IT", "PT": "pt_PT", "NL": "nl_NL",
           "PL": "pl_PL", "SV": "sv", "RU": "ru_RU", "UK": "uk_UA", "EL": "el_GR"}
_TR_VOWELS = set("aeıioöuüAEIİOÖUÜâîûÂÎÛ")
MIN_FRAGMENT = 3  # never leave fewer than 3 letters on either side of a hyphen
MIN_HYPHENATED = 8  # and never break words shorter than this


@cached(16)
def _dictionary(language: str):
    import pyphen

    return pyphen.Pyphen(lang=_PYPHEN[language], left=MIN_FRAGMENT, right=MIN_FRAGMENT)


def can_hyphenate(setting: LanguageSetting) -> bool:
    return setting.code in _PYPHEN or setting.code == "TR"


@cached(4096)
def hyphen_points(word: str, language: str) -> tuple[int, ...]:
    """Where `word` may be broken with a hyphen (indices into the word)."""
    core = word.rstrip(".,;:!?…»›”’)]}%–— ")  # keep trailing punctuation with the last fragment
    lead = len(word) - len(word.lstrip("«‹„“‘([{¡¿ "))
    if len(core) - lead < MIN_HYPHENATED or "-" in core:
        return ()
    if language == "TR":  # break before a consonant that starts a syllable (V-CV, VC-CV)
        points = [i for i in range(lead + MIN_FRAGMENT, len(core) - MIN_FRAGMENT + 1)
                  if core[i] not in _TR_VOWELS and i + 1 < len(core) and core[i + 1] in _TR_VOWELS]
        return tuple(points)
    return tuple(p + lead for p in _dictionary(language).positions(core[lead:]))
