"""PNG filter × zlib strategy on real creatives: bytes and encode time (README, Encoders).

    .venv/bin/python scripts/bench_png.py

Renders creatives of every format in four looks and two languages, then encodes each
with every row filtered Up or Sub, at zlib level 1 with the default strategy or Z_RLE.
"""
from __future__ import annotations

import sys
import time
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generation.engine import FORMATS, CreativeSpec, render_creative  # noqa: E402
from generation.engine.samples import SAMPLE_CLAIMS, SAMPLE_CTAS, sample_logo  # noqa: E402


def filtered(rows: np.ndarray, kind: str, channels: int) -> np.ndarray:
    h, n = rows.shape
    out = np.empty((h, n + 1), np.uint8)
    if kind == "up":
        out[:, 0] = 2
        out[0, 1:] = rows[0]
        np.subtract(rows[1:], rows[:-1], out=out[1:, 1:])
    else:  # sub: each byte minus the byte of the pixel to its left
        out[:, 0] = 1
        out[:, 1:channels + 1] = rows[:, :channels]
        np.subtract(rows[:, channels:], rows[:, :-channels], out=out[:, channels + 1:])
    return out


def compress(data, strategy: int) -> bytes:
    c = zlib.compressobj(1, zlib.DEFLATED, 15, 8, strategy)
    return c.compress(data) + c.flush()


def main() -> None:
    images = []
    logo = sample_logo()
    for lang in ("EN", "JA"):
        for i, preset in enumerate((None, "marble", "bokeh", "studio_sweep")):
            for code in FORMATS:
                images.append((code, render_creative(CreativeSpec(
                    claim=SAMPLE_CLAIMS[lang], language=lang, format_code=code, cta=SAMPLE_CTAS[lang], variant=i,
                    preset=preset, logo=logo))))
    results = {}
    for kind in ("up", "sub"):
        for name, strategy in (("default", zlib.Z_DEFAULT_STRATEGY), ("rle", zlib.Z_RLE)):
            total, spent, display_max = 0, 0.0, 0
            for code, img in images:
                rows = np.frombuffer(img.tobytes(), np.uint8).reshape(img.height, img.width * 3)
                t = time.perf_counter()
                size = len(compress(filtered(rows, kind, 3).data, strategy))
                spent += time.perf_counter() - t
                total += size
                if FORMATS[code].is_display:
                    display_max = max(display_max, size)
            results[(kind, name)] = (total, spent, display_max)
    base = results[("up", "default")]
    print("| filter | zlib level 1 strategy | total bytes | vs Up/default | encode s (all) | largest display PNG |")
    print("|---|---|---:|---:|---:|---:|")
    for (kind, name), (total, spent, display_max) in results.items():
        print(f"| {kind} | {name} | {total:,} | {total / base[0] - 1:+.1%} | {spent:.3f} | {display_max // 1024} KB |")


if __name__ == "__main__":
    main()
