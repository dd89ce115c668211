"""What of the claim is set as the headline, the subline, or alone when space is short
(README, Rendering engine: Hierarchy).

- A claim of two or more sentences, or one the author broke with a line break, is a
  headline (the first sentence or line) and a subline (the rest), set smaller.
- Where a display size (F6–F12) cannot hold the whole claim at its minimum size, it
  degrades, in this order: the headline without the subline, then the headline's
  first clause (up to the first `:` `;` `,` dash or their CJK/Arabic forms), provided
  that clause has at least two words (or four CJK characters). Nothing else is cut.
"""
from __future__ import annotations

import re

# A sentence ends at . ! ? (and their CJK, Arabic and Devanagari forms) followed by a
# space, or at the CJK full-width stops even without one; "3.5" or "e.g." mid-word do not.
_SENTENCE = re.compile(r"(?<=[.!?…؟۔])\s+(?=\S)|(?<=[。！？])(?=\S)")
_CLAUSE = re.compile(r"\s*[:;,–—]\s+|[：；，、،؛]\s*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def claim_parts(claim: str) -> tuple[str, str | None]:
    """(headline, subline or None) of a normalized claim (line breaks as "\\n")."""
    if "\n" in claim:
        head, rest = claim.split("\n", 1)
        return head.strip(), rest.strip() or None
    pieces = [p.strip() for p in _SENTENCE.split(claim) if p.strip()]
    if len(pieces) >= 2:
        return pieces[0], " ".join(pieces[1:])
    return claim, None


def first_clause(text: str) -> str | None:
    """The text up to its first clause mark, when that is a phrase worth setting alone."""
    match = _CLAUSE.search(text)
    if match is None or match.start() == 0:
        return None
    head = text[:match.start()].strip()
    if len(_CJK.findall(head)) >= 4 or len(head.split()) >= 2:
        return head
    return None


def degradations(claim: str) -> list[tuple[str, str | None, str]]:
    """The forms a display size may set, best first: (headline, subline, what was kept)."""
    head, sub = claim_parts(claim)
    forms: list[tuple[str, str | None, str]] = [(head, sub, "full")]
    if sub is not None:
        forms.append((head, None, "first_sentence"))
    clause = first_clause(head)
    if clause is not None and clause != head:
        forms.append((clause, None, "first_clause"))
    return forms


def word_count(text: str) -> int:
    """Words for the short-claim rule; a CJK text counts two characters as a word."""
    cjk = len(_CJK.findall(text))
    if cjk:
        return max(1, (cjk + 1) // 2) + len(_CJK.sub(" ", text).split())
    return len(text.split())
