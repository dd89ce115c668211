"""Time the photoshoot compositor per stage, at 1674×628 (and 1200×628).

    .venv/bin/python scripts/bench_photoshoot_compose.py [--rounds 5]

For each of 12 scenes (presets and custom prompts) and each synthetic product, the
median over ROUNDS of:
- cold: the scene painted from scratch (every engine cache cleared first, the
  product's trim and colours kept, as in a job rendering its 2nd…6th scene);
- warm: the same scene again (its background cached, as for a retried output).
Stage times (means) are CPU time of the process (time.process_time: OpenCV's threads
included, other processes on a busy machine not); the wall-clock total is printed
beside them. Stages: background (scene canvas, copy), shadow, colour match, reflection, paste
(composite, grain, conversion to a Pillow image). Product preparation (trim,
dominant colours, scaling) happens once per product and size and is reported apart.
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

from generation.engine import caches, scene_for_preset, scene_from_prompt  # noqa: E402
from generation.engine.compose import PhotoshootSpec, render_photoshoot_timed  # noqa: E402
from generation.engine.compose.composite import _products  # noqa: E402
from tests.engine.products import PRODUCTS  # noqa: E402

SCENES = [("white_background", scene_for_preset("white_background")),
          ("studio_dark", scene_for_preset("studio_dark")), ("marble", scene_for_preset("marble")),
          ("wood", scene_for_preset("wood")), ("podium", scene_for_preset("podium")),
          ("bokeh", scene_for_preset("bokeh")), ("beach", scene_for_preset("beach")),
          ("neon_grid", scene_for_preset("neon_grid"))] + [
    (f'"{p}"', scene_from_prompt(p)[0]) for p in (
        "on a sleek black and blue geometric pattern background", "on a linen cloth in a bright kitchen",
        "on pink velvet with soft studio light", "on a sandy beach at sunset")]
STAGES = ("background", "shadow", "colour match", "reflection", "paste")


def run(rounds: int, full: bool) -> None:
    products = {name: make() for name, make in PRODUCTS.items()}
    size = "1200×628" if full else "1674×628"
    prep = []
    for product in products.values():
        t = time.process_time()
        render_photoshoot_timed(PhotoshootSpec(product, SCENES[0][1], disable_safe_margin=full))
        prep.append(time.process_time() - t)
    cold: dict[str, list[float]] = {s: [] for s in STAGES + ("total", "wall")}
    warm: dict[str, list[float]] = {s: [] for s in STAGES + ("total", "wall")}
    for _ in range(rounds):
        for _, scene in SCENES:
            for product in products.values():
                kept = dict(_products.entry(product))
                caches.clear_all()
                _products.entry(product).update(kept)
                for bucket in (cold, warm):
                    t, c = time.perf_counter(), time.process_time()
                    _, times = render_photoshoot_timed(PhotoshootSpec(product, scene, disable_safe_margin=full),
                                                       clock=time.process_time)
                    bucket["wall"].append(time.perf_counter() - t)
                    bucket["total"].append(time.process_time() - c)
                    for s in STAGES:
                        bucket[s].append(times[s])
    print(f"\n{size}: {len(SCENES)} scenes × {len(products)} products × {rounds} rounds "
          f"(first render of each product, with its trim, colours and scaling: "
          f"{statistics.median(prep) * 1000:.0f} ms CPU)")
    print(f"{'stage (CPU)':<22}{'cold ms':>10}{'warm ms':>10}   (stages: mean; totals: median)")
    for s in STAGES:
        print(f"{s:<22}{statistics.fmean(cold[s]) * 1000:>10.1f}{statistics.fmean(warm[s]) * 1000:>10.1f}")
    glossy = [i for i, v in enumerate(warm["reflection"]) if v > 0.0002]
    if glossy:
        print(f"{'reflection (glossy)':<22}{statistics.fmean(cold['reflection'][i] for i in glossy) * 1000:>10.1f}"
              f"{statistics.fmean(warm['reflection'][i] for i in glossy) * 1000:>10.1f}")
    for s in ("total", "wall"):
        print(f"{s:<22}{statistics.median(cold[s]) * 1000:>10.1f}{statistics.median(warm[s]) * 1000:>10.1f}")
    print(f"{'p90 total':<22}{statistics.quantiles(cold['total'], n=10)[-1] * 1000:>10.1f}"
          f"{statistics.quantiles(warm['total'], n=10)[-1] * 1000:>10.1f}")
    print(f"(load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    run(args.rounds, False)
    run(args.rounds, True)


if __name__ == "__main__":
    main()
