"""Where a word may take a hyphen: dictionary points per language."""
from __future__ import annotations

from ..caches import cached
from ..languages import LanguageSetting
from .glue import GLUE

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


def _per_word(points_of, word: str, language: str) -> tuple[int, ...]:
    """points_of over each word of a glued unit ("50 %␣Rabattaktionen"), as indices into it."""
    points: list[int] = []
    offset = 0
    for part in word.split(GLUE):
        points += [offset + p for p in points_of(part, language)]
        offset += len(part) + 1
    return tuple(points)


@cached(4096)
def hyphen_points(word: str, language: str) -> tuple[int, ...]:
    """Where `word` may be broken with a hyphen (indices into the word): in German the
    compound joints (compound_joints) and the syllables inside each part."""
    if GLUE in word:
        return _per_word(hyphen_points, word, language)
    core = word.rstrip(".,;:!?…»›”’)]}%–— ")  # keep trailing punctuation with the last fragment
    lead = len(word) - len(word.lstrip("«‹„“‘([{¡¿ "))
    if len(core) - lead < MIN_HYPHENATED or "-" in core:
        return ()
    joints = compound_joints(word, language)
    if joints:  # syllables inside the parts only (not Rindflei-sche: that is Rind|fleisch|e…)
        inside = set(joints)
        for start, end in zip((lead, *joints), (*joints, len(core))):
            inside.update(start + p for p in _dictionary(language).positions(core[start:end])
                          if MIN_FRAGMENT <= start + p <= len(core) - MIN_FRAGMENT)
        return tuple(sorted(inside))
    if language == "TR":  # break before a consonant that starts a syllable (V-CV, VC-CV)
        points = [i for i in range(lead + MIN_FRAGMENT, len(core) - MIN_FRAGMENT + 1)
                  if core[i] not in _TR_VOWELS and i + 1 < len(core) and core[i + 1] in _TR_VOWELS]
        return tuple(points)
    return tuple(p + lead for p in _dictionary(language).positions(core[lead:]))


# --- German compounds -------------------------------------------------------------------
# A German compound breaks at its joints first (Rindfleisch-etikettierung), inside a
# stem only as a last resort (not Rindflei-schetikettierung). The joints come from the
# compound level of LibreOffice's German hyphenation dictionary (shipped with pyphen):
# about 69,000 words and compounds marked at their joints (ab1schluss1prüfung), read as
# a list of parts; a word is cut into the fewest such parts.

# Parts that are prefixes, not words: a joint after one is a syllable break, not a joint.
_DE_PREFIXES = frozenset(
    "be ge ver er zer ent emp miss un ab an auf aus bei ein mit nach vor zu über unter um durch wider wieder "
    "her hin dar weg fort los".split())
# Endings a listed part may carry: inflections, derivations and linking letters (Fugen).
_DE_ENDINGS = tuple(sorted({
    a + b for a in ("", "e", "en", "n", "er", "ern", "ung", "ungen", "ierung", "ierungen", "heit", "keit", "lich",
                    "liche", "isch", "ische", "chen", "schaft", "ion", "ionen", "ität", "ig", "ige")
    for b in ("", "s", "es", "n", "en", "e")} - {""}, key=len, reverse=True))
_DIGITS_TO_SPACES = str.maketrans("0123456789", " " * 10)
MIN_PART = 3  # letters: a shorter listed part (a prefix aside) is not trusted as a stem


@cached(1)
def _german_parts() -> frozenset[str]:
    import pyphen

    source = pyphen.LANGUAGES["de_DE"]
    encoding = source.read_bytes().split(b"\n", 1)[0].decode().strip()
    compound_level = source.read_text(encoding).split("\nNEXTLEVEL\n", 1)[0]
    # One word a line, digits at its joints; comments and keywords (in capitals) aside.
    words = "\n".join(line for line in compound_level.split("\n")[1:]
                      if line and not line.startswith(("%", "#")) and not line.split()[0].isupper())
    return frozenset(part for part in words.lower().translate(_DIGITS_TO_SPACES).split() if part.isalpha())


def _is_part(piece: str, parts: frozenset[str]) -> bool:
    if piece in parts:
        return len(piece) >= MIN_PART or piece in _DE_PREFIXES
    for ending in _DE_ENDINGS:
        if piece.endswith(ending) and len(piece) - len(ending) >= MIN_PART and piece[:-len(ending)] in parts:
            return True
    return False


@cached(4096)
def compound_joints(word: str, language: str) -> tuple[int, ...]:
    """The joints of a German compound (indices into `word`), best first: none for a
    word that is not one, or that the dictionary's parts do not cover."""
    if language != "DE":
        return ()
    if GLUE in word:
        return _per_word(compound_joints, word, language)
    core = word.rstrip(".,;:!?…»›”’)]}%–— ")
    lead = len(core) - len(core.lstrip("«‹„“‘([{¡¿ "))
    stem = core[lead:].lower()
    n = len(stem)
    if n < MIN_HYPHENATED or not stem.isalpha():
        return ()
    parts = _german_parts()
    # best[i]: (cost, cuts) for stem[:i]; a part costs 1, a prefix 0.3 (kinder|be|kleidung
    # beats kind|erbe|kleidung).
    best: list[tuple[float, tuple[int, ...]] | None] = [None] * (n + 1)
    best[0] = (0.0, ())
    for i in range(n):
        here = best[i]
        if here is None:
            continue
        for j in range(i + 2, n + 1):
            piece = stem[i:j]
            if not _is_part(piece, parts):
                continue
            cost = here[0] + (0.3 if piece in _DE_PREFIXES and j < n else 1.0)
            there = best[j]
            if there is None or cost < there[0]:
                best[j] = (cost, here[1] + (j,))
    whole = best[n]
    if whole is None:
        return ()
    joints, start = [], 0
    for cut in whole[1][:-1]:
        if stem[start:cut] in _DE_PREFIXES:  # a prefix stays with its stem (ver|kauf is one part)
            continue
        if cut - start >= MIN_FRAGMENT and n - cut >= MIN_FRAGMENT:
            joints.append(lead + cut)
        start = cut
    return tuple(joints)
