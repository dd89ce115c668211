"""Fit reports: whether a claim fits a format, at what size and on which lines.

The report is read from what the renderer actually set (the `claim_size` and
`claim_lines` it records while drawing), never from a second estimate: a preview that
says "fits at 64 px" is the creative the job will make. README, Live previews."""
from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from .errors import RenderError, TextDoesNotFit
from .formats import FORMATS
from .render import _render
from .spec import CreativeSpec
from .text import normalize_claim

# Characters a line break may add or drop: spaces between lines, hyphens at their ends.
_BREAK_MARKS = str.maketrans("", "", " \n\t\u00ad-\u2010")


@dataclass(frozen=True)
class FitReport:
    format_code: str
    fits: bool
    font_size_px: int | None  # the claim's size as set; None when it does not fit
    lines: tuple[str, ...]  # the claim as set, one string per line; () when it does not fit
    shortened: bool = False  # the format set a part of the claim (its first sentence or clause)
    message: str = ""  # why it does not fit, in the words a job's failed output would use
    kept: str = "full"  # what of the claim was set: "full", "first_sentence", "first_clause", or "part"

    def to_dict(self) -> dict:
        return {"format": self.format_code, "fits": self.fits, "fontSizePx": self.font_size_px,
                "lines": list(self.lines), "shortened": self.shortened, "message": self.message}


def _shortened(claim: str, lines: list[str]) -> bool:
    """Whether the lines set fewer of the claim's characters than it has."""
    wanted = normalize_claim(claim).translate(_BREAK_MARKS)
    shown = "".join(lines).translate(_BREAK_MARKS)
    return len(shown) < len(wanted)


def render_with_fit_report(spec: CreativeSpec) -> tuple[Image.Image | None, FitReport]:
    """The creative for `spec` and its fit report from the same render; the image is
    None when the claim does not fit (the report says why). Other render errors
    (unknown format, characters the font lacks) are raised as render_creative raises them."""
    fmt = FORMATS.get(spec.format_code)
    if fmt is None:
        raise RenderError(f"Unknown format {spec.format_code!r}.", code="unknown_format")
    boxes: dict = {}
    try:
        image = _render(fmt, spec, boxes)
    except TextDoesNotFit as error:
        return None, FitReport(format_code=fmt.code, fits=False, font_size_px=None, lines=(), message=error.message)
    # The headline's lines, then a subline's where the renderer sets one ("claim_sub_lines").
    lines = [str(line) for key in ("claim_lines", "claim_sub_lines") for line in boxes.get(key, [])]
    size = boxes.get("claim_size")
    # The renderer says what it kept where it degrades a long claim; otherwise the
    # lines are compared with the claim.
    kept = str(boxes.get("claim_kept") or ("part" if _shortened(spec.claim, lines) else "full"))
    return image, FitReport(format_code=fmt.code, fits=True, font_size_px=int(size) if size is not None else None,
                            lines=tuple(lines), shortened=kept not in ("full", "paragraph"), kept=kept)


def fit_report(spec: CreativeSpec) -> FitReport:
    """Whether `spec`'s claim fits its format, at what size and on which lines."""
    return render_with_fit_report(spec)[1]
