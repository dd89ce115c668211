"""Benchmark player cards: a card from an uploaded photo, the fetch excluded.

Per test photo (tests/data/cards/, plus one enlarged to a 12-megapixel phone photo),
the median over ROUNDS of:
- card: render_card on the decoded photo (cut-out at the working size, face
  detection, placement, lettering) — what the ≤ 400 ms goal is about;
- + png: the same plus the PNG encode the worker stores;
- cpu: the process CPU time of `card` (all threads): less noisy than wall time on a
  shared machine;
- stages, CPU ms from one extra run: the model, the rest of the cut-out (guided-filter
  matte, edge colours), faces, compose (placement, lettering).
Each round gets a fresh photo (one pixel changed), so the engine's cache of recent
cut-outs never answers. The model and face cascades are warmed up first, as a worker does.

Run alone (`.venv/bin/python scripts/bench_cards.py --rounds 9`) or at the end of
`make bench-render`.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from generation.engine import CardSpec, encode_image, render_card, warm_up_cards  # noqa: E402
from generation.engine.cards import faces, person  # noqa: E402
from generation.engine.cards.render import compose  # noqa: E402
from generation.engine.cutout import _pixels, _working, cut_out, model  # noqa: E402

PHOTOS = ROOT / "tests" / "data" / "cards"
CASES = ("astronaut.jpg", "player-red-studio.jpg", "player-red-night.jpg", "player-green-studio.jpg")


def _photos() -> list[tuple[str, Image.Image]]:
    out = []
    for name in CASES:
        with Image.open(PHOTOS / name) as img:
            out.append((name, img.convert("RGB")))
    big = out[1][1].resize((3000, 3750), Image.Resampling.BICUBIC)
    out.append(("12 MP phone photo", big))
    return out


def _fresh(photo: Image.Image, i: int) -> Image.Image:
    """The photo with one pixel changed: a new upload as far as any cache can tell."""
    copy = photo.copy()
    copy.putpixel((i % photo.width, 0), (i % 256, (i * 7) % 256, (i * 13) % 256))
    return copy


def _cpu(run) -> tuple[object, float]:
    """run()'s result and the process CPU time it took, ms."""
    c = time.process_time()
    out = run()
    return out, (time.process_time() - c) * 1000


def _stages(photo: Image.Image) -> dict[str, float]:
    """CPU time per stage, ms: model, the rest of the cut-out (matte, edge colours),
    faces, compose."""
    small = person.working_copy(photo)
    work = _working(*_pixels(small), person.PERSON_SIDE)
    _, c_model = _cpu(lambda: model.saliency(work, person.MODEL_SIDE))
    cut, c_cut = _cpu(lambda: cut_out(small, work_side=person.PERSON_SIDE, matte="guided",
                                      model_side=person.MODEL_SIDE))
    alpha = np.asarray(cut.image.getchannel("A"))
    left, top, right, b = cut.bbox
    where = alpha >= 128
    where[round(top + person.FACE_IN_UPPER * (b - top)):] = False
    grey = np.asarray(small.convert("L"))
    found, c_faces = _cpu(lambda: faces.detect_faces(
        grey, where=where, sizes=(person.FACE_WIDTH[0] * (right - left), person.FACE_WIDTH[1] * (right - left))))
    spec = CardSpec(name="Alex Rivera", position="ST", number=9, skill_level=88, preset="pro_clubs_card",
                    photo=photo)
    player = person.Person(image=cut.image, bbox=cut.bbox, face=found[0], head=person.head_from_face(found[0]))
    compose(spec, player)  # this size's plate and glyphs, as a warm worker has them
    _, c_compose = _cpu(lambda: compose(spec, player))
    return {"model": c_model, "matte": max(0.0, c_cut - c_model), "faces": c_faces, "compose": c_compose}


def bench_cards(rounds: int = 9) -> dict[str, dict[str, float]]:
    warm_up_cards()
    results = {}
    serial = 0
    for name, photo in _photos():
        walls, pngs, cpus = [], [], []
        for i in range(rounds + 1):
            serial += 1
            spec = CardSpec(name="Alex Rivera", position="ST", number=9, skill_level=70 + i % 25,
                            preset=("pro_clubs_card", "tier_card", "neon_card")[i % 3], photo=_fresh(photo, serial))
            c0, t0 = time.process_time(), time.perf_counter()
            card = render_card(spec)
            t1, c1 = time.perf_counter(), time.process_time()
            encode_image(card, "png")
            t2 = time.perf_counter()
            if i:  # the first round warms this photo's sizes (plates, glyphs)
                walls.append((t1 - t0) * 1000)
                pngs.append((t2 - t0) * 1000)
                cpus.append((c1 - c0) * 1000)
        results[name] = {"size": f"{photo.width}×{photo.height}", "card": statistics.median(walls),
                         "png": statistics.median(pngs), "cpu": statistics.median(cpus),
                         **_stages(_fresh(photo, 10_000 + serial))}
    return results


def report(rounds: int = 9) -> None:
    print(f"\nplayer cards (1080×1350 PNG), load average before: "
          f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}, {rounds} rounds per photo")
    results = bench_cards(rounds)
    print(f"{'photo':<26}{'size':>11}{'card ms':>9}{'+png ms':>9}{'cpu ms':>8}   CPU ms: {'model':>6}{'matte':>7}"
          f"{'faces':>7}{'compose':>9}")
    for name, r in results.items():
        print(f"{name:<26}{r['size']:>11}{r['card']:>9.0f}{r['png']:>9.0f}{r['cpu']:>8.0f}{'':>11}"
              f"{r['model']:>6.0f}{r['matte']:>7.0f}{r['faces']:>7.0f}{r['compose']:>9.0f}")
    cards = [r["card"] for r in results.values()]
    cpus = [r["cpu"] for r in results.values()]
    print(f"card from an uploaded photo: median {statistics.median(cards):.0f} ms, worst {max(cards):.0f} ms "
          f"(goal ≤ 400 ms on the 2-core machine); CPU median {statistics.median(cpus):.0f} ms")
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=9)
    report(parser.parse_args().rounds)
