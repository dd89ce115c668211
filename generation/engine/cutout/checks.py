"""Is there one clear product in the photo? Decided from the model's RAW output
(probabilities as the network gives them, before any stretching or normalising: a
min-max stretch would turn the faintest blob of an empty table into "certain").

Each rule names what it catches; the thresholds were tuned on the cut-out test set
(tests/data/cutout/, `make bench-cutout` prints every figure per case). On that set the
real products lie at area ≥ 6.8 %, confidence ≥ 0.97, uncertain share ≤ 0.30 and
mirror agreement ≥ 0.72; the empty scenes fail at least one rule by a wide margin.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..errors import UnknownForeground

FOREGROUND_LEVEL = 0.5        # a pixel is foreground when the model says ≥ this
MIN_AREA = 0.01               # nothing, or a speck: < 1 % of the frame
MIN_CONFIDENCE = 0.85         # mean probability inside the mask: a hesitant blob (wood grain at 0.80)
UNCERTAIN_BAND = (0.1, 0.9)   # a pixel the model is unsure about
MAX_UNCERTAIN_SHARE = 0.45    # unsure pixels per foreground pixel: a haze, not an object (wood 1.5, tiles 75)
MIN_MIRROR_AGREEMENT = 0.6    # IoU of the masks found in the photo and in its mirror image:
                              # a real object is found in both; clutter gives a different pick (0.48)


# when to ask the model a second time, on the mirror image: the outline is hazy, or
# the mask falls apart into several large pieces (one product, or clutter?)
SECOND_OPINION_UNCERTAIN_SHARE = 0.15
SECOND_OPINION_PIECE_SHARE = 0.2


@dataclass(frozen=True)
class Foreground:
    area: float               # share of the frame at ≥ FOREGROUND_LEVEL
    confidence: float         # mean raw probability inside the mask
    uncertain_share: float    # unsure pixels per foreground pixel
    large_pieces: int         # mask pieces of at least SECOND_OPINION_PIECE_SHARE of the largest
    mirror_agreement: float | None  # None: not asked


def measure(raw: np.ndarray, mirrored: np.ndarray | None = None) -> Foreground:
    """`raw` is the model's output for the photo; `mirrored`, when given, its output for
    the mirror image, flipped back (same shape)."""
    mask = raw >= FOREGROUND_LEVEL
    n = int(mask.sum())
    lo, hi = UNCERTAIN_BAND
    uncertain = int(((raw > lo) & (raw < hi)).sum())
    pieces = 0
    if n:
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask.view(np.uint8), connectivity=8)
        areas = stats[1:, cv2.CC_STAT_AREA]
        pieces = int((areas >= SECOND_OPINION_PIECE_SHARE * areas.max()).sum())
    agreement = None
    if mirrored is not None:
        mirror_mask = mirrored >= FOREGROUND_LEVEL
        union = int((mask | mirror_mask).sum())
        agreement = int((mask & mirror_mask).sum()) / union if union else 0.0
    return Foreground(
        area=n / mask.size,
        confidence=float(raw[mask].mean()) if n else 0.0,
        uncertain_share=uncertain / n if n else float("inf"),
        large_pieces=pieces,
        mirror_agreement=agreement,
    )


def needs_second_opinion(fg: Foreground) -> bool:
    """Only a plausible but doubtful answer is worth the second run (≈ 0.25 s)."""
    plausible = fg.area >= MIN_AREA and fg.confidence >= MIN_CONFIDENCE and fg.uncertain_share <= MAX_UNCERTAIN_SHARE
    doubtful = fg.uncertain_share > SECOND_OPINION_UNCERTAIN_SHARE or fg.large_pieces > 1
    return plausible and doubtful


def require_single_foreground(fg: Foreground) -> None:
    if fg.area < MIN_AREA:
        raise UnknownForeground(
            f"No product stands out in this photo (foreground {fg.area:.1%} of the frame, at least "
            f"{MIN_AREA:.0%} needed). Photograph the product alone, filling a good part of the frame.")
    if fg.confidence < MIN_CONFIDENCE:
        raise UnknownForeground(
            f"No clear product in this photo (confidence {fg.confidence:.2f}, at least {MIN_CONFIDENCE} needed). "
            "Photograph the product alone against a calm background.")
    if fg.uncertain_share > MAX_UNCERTAIN_SHARE:
        raise UnknownForeground(
            f"The product's outline is unclear in this photo ({fg.uncertain_share:.2f} uncertain pixels per "
            f"foreground pixel, at most {MAX_UNCERTAIN_SHARE}). Use a calmer background or more light.")
    if fg.mirror_agreement is not None and fg.mirror_agreement < MIN_MIRROR_AGREEMENT:
        raise UnknownForeground(
            f"No single product stands out in this photo (the found outline changes when the photo is mirrored: "
            f"agreement {fg.mirror_agreement:.2f}, at least {MIN_MIRROR_AGREEMENT} needed). "
            "Photograph one product against a calm background.")
