"""The player cut out of the photo, and where the head is.

The same route as product photoshoots (engine/cutout: u2netp finds the figure, its
outline is refined on the photo's own edges, edge colours are freed of the old
background), run on a copy no larger than PERSON_SIDE px (the card shows at most about
1000 px of the player). The outline is refined by a guided filter on that copy rather
than by closed-form matting: a few milliseconds instead of about 0.2 s, the hair as
soft and without a halo (docs/benchmarks.md, "Player cards").

A player far from the camera (a full-length or wide shot of a large photo) has a small
face in that copy: the player is then cut out again from a crop of the photo around
head and shoulders, so the card does not enlarge a few dozen pixels.

"No person" is decided by these rules, in order (each names what it catches):
1. the cut-out's own foreground checks (cutout/checks.py): an empty room, a landscape,
   a plain texture has no single clear figure;
2. a face must be found (faces.py) — a product, an animal seen from the side or a
   figure from behind has none;
3. the face must lie on the figure, in its upper part: a face on a poster behind a
   product, or a face on a T-shirt lying flat, is not the player.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ..cutout import cut_out
from ..errors import NoPersonFound, UnknownForeground
from . import faces

PERSON_SIDE = 900          # longest side of the working copy, px
MODEL_SIDE = 288           # the model's input square for a card (the cut-out's default is 320)
CLOSE_FACE_PX = 160        # a face smaller than this in the working copy asks for a closer crop
FACE_IN_UPPER = 0.6        # the face's centre lies in the upper 60 % of the figure's box
FACE_WIDTH = (0.12, 0.9)   # … and the face is this share of the figure's width: from a full-
                           # length shot (shoulders ≈ 3 faces wide) to a close-up

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Person:
    image: Image.Image       # RGBA, the working copy's size; alpha is the matte
    bbox: Box                # (left, top, right, bottom) of alpha ≥ 128
    face: Box | None         # the face box, None for a drawn sample without detection
    head: Box                # the face box grown to the whole head (hair, chin)


def working_copy(photo: Image.Image) -> Image.Image:
    """The photo at no more than PERSON_SIDE px on its longer side, RGB or RGBA."""
    if photo.mode not in ("RGB", "RGBA"):
        photo = photo.convert("RGBA" if "A" in photo.getbands() or "transparency" in photo.info else "RGB")
    w, h = photo.size
    scale = PERSON_SIDE / max(w, h)
    if scale >= 1.0:
        return photo
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return photo.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def head_from_face(face: Box) -> Box:
    """The head around a detected face box: detectors frame brow to chin, so hair
    adds about half a face above and a little on each side."""
    x0, y0, x1, y1 = face
    w, h = x1 - x0, y1 - y0
    return (round(x0 - 0.18 * w), round(y0 - 0.5 * h), round(x1 + 0.18 * w), round(y1 + 0.08 * h))


_RECENT: OrderedDict[bytes, Person] = OrderedDict()
_RECENT_MAX = 4
_recent_lock = threading.Lock()


def person_cut_out(photo: Image.Image) -> Person:
    """The player of `photo` cut out, with the face box. Raises NoPersonFound.
    The last few results are kept by the photo's digest: a card and its layout
    boxes, or one photo on several designs, cut the player out once."""
    small = working_copy(photo)
    key = hashlib.blake2b(small.tobytes(), digest_size=16, person=small.mode.encode()).digest() + bytes(
        str(small.size), "ascii")
    with _recent_lock:
        found = _RECENT.get(key)
        if found is not None:
            _RECENT.move_to_end(key)
            return found
    person = _closer(photo, small, _cut(small))
    with _recent_lock:
        _RECENT[key] = person
        while len(_RECENT) > _RECENT_MAX:
            _RECENT.popitem(last=False)
    return person


def _closer(photo: Image.Image, small: Image.Image, person: Person) -> Person:
    """A player far from the camera (a full-length or wide shot) has a small face in the
    working copy, and the card would enlarge it: when the photo itself has the pixels,
    cut the player out again from a crop of the photo around head and shoulders."""
    face_h = person.face[3] - person.face[1]
    zoom = photo.width / small.width
    if face_h >= CLOSE_FACE_PX or zoom < 1.25:
        return person
    x0, y0, x1, y1 = (v * zoom for v in person.face)
    fw, fh = x1 - x0, y1 - y0
    cx = (x0 + x1) / 2
    box = (max(0, round(cx - 2.4 * fw)), max(0, round(y0 - 1.2 * fh)),
           min(photo.width, round(cx + 2.4 * fw)), min(photo.height, round(y1 + 4.0 * fh)))
    try:
        return _cut(working_copy(photo.crop(box)))
    except NoPersonFound:  # the crop confused the checks: the first answer stands
        return person


def _cut(small: Image.Image) -> Person:
    try:
        cut = cut_out(small, work_side=PERSON_SIDE, matte="guided", model_side=MODEL_SIDE)
    except UnknownForeground as exc:
        # the cut-out speaks of products; the reason it gives stays in the chain for the logs
        raise NoPersonFound("No person stands out in this photo. Use a photo of the player alone, head and "
                            "shoulders in the frame, against a calm background.") from exc
    alpha = np.asarray(cut.image.getchannel("A"))
    left, top, right, bottom = cut.bbox
    # rule 3: faces are looked for only where they may be: on the figure, in its upper part
    where = alpha >= 128
    where[round(top + FACE_IN_UPPER * (bottom - top)):] = False
    grey = np.asarray(small.convert("L"))
    width = right - left
    found = faces.detect_faces(grey, where=where, sizes=(FACE_WIDTH[0] * width, FACE_WIDTH[1] * width))
    if not found:
        raise NoPersonFound("No face was found on the figure in this photo. Use a photo of the player facing "
                            "the camera, head and shoulders in the frame.")
    face = found[0]
    return Person(image=cut.image, bbox=cut.bbox, face=face, head=head_from_face(face))
