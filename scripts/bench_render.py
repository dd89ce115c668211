"""Benchmark the engine: `make bench-render` (= .venv/bin/python scripts/bench_render.py).

Per format, the median over ROUNDS renders of:
- warm: render + PNG encode in a worker that has rendered this format before (fonts,
  unit widths, glyphs, button tiles, corner masks and the plates of the looks it drew
  cached), with a claim it has never seen — every measured spec gets a fresh claim (a unique number in
  a sale claim, or a long claim with a unique suffix; sale claims only on
  the 90 px and 50 px banners), so claim lines are shaped and
  rasterized anew each time;
- encode-only: encoding the same final image alone with the product's PNG writer
  (engine.encode.png_fast; the floor: no renderer can beat the encoder it feeds), and
  the ratio warm / floor (median of the per-image ratios);
- ref ratio: render + Pillow's own PNG writer at the same zlib level, over that writer
  alone — the render overhead against a standard PNG encode;
- cold: render + encode right after clearing every engine cache (a worker's very first
  image: fonts parsed, scene rendered, everything measured from scratch).

Side by side: the same creative as an HTML/CSS page screenshotted by headless Chromium
(Debian's `chromium`, driven by Playwright): one browser and one page reused, viewport
set to the format, `set_content` + a PNG `screenshot` of the page (its PNG encode
included, as ours is), the same fresh claims and CTA.

Options: --rounds N (default 21), --formats F1,F6, --no-chromium.
"""
from __future__ import annotations

import argparse
import html
import io
import itertools
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generation.engine import DISPLAY_MAX_BYTES, FORMATS, CreativeSpec, encode_image, render_creative  # noqa: E402
from generation.engine import caches  # noqa: E402
from generation.engine.encode import PNG_COMPRESS_LEVEL  # noqa: E402
from generation.engine.samples import SALE_CLAIMS, SAMPLE_CLAIMS, SAMPLE_CTAS  # noqa: E402

LANGS = ("EN", "DE", "RU", "AR", "JA", "HE")
LOOKS = ("studio_sweep", None, "bokeh")  # two preset scenes and the built-in look
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
_serial = itertools.count(10)


def fresh_spec(code: str, i: int) -> CreativeSpec:
    """Round i of a format: language, layout variant and look rotate; the claim is new."""
    n = next(_serial)
    lang = LANGS[i % len(LANGS)]
    if i % 2 or FORMATS[code].height < 100:  # thin banners: the long claims do not fit at 11 px
        claim = SALE_CLAIMS[lang].replace("50", str(n), 1)
    else:
        claim = f"{SAMPLE_CLAIMS[lang]} {n}"
    return CreativeSpec(claim=claim, language=lang, format_code=code, cta=SAMPLE_CTAS[lang],
                        variant=(i // len(LANGS)) % 3, preset=LOOKS[i % 3])


def _pillow_png(img) -> bytes:
    """Pillow's own PNG writer at the same zlib level (adaptive per-row filters): the
    reference encoder, to show the render overhead against a standard PNG encode too."""
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buf.getvalue()


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def bench_engine(codes, rounds: int) -> dict[str, dict[str, float]]:
    results = {}
    for code in codes:
        fmt = FORMATS[code]
        max_bytes = DISPLAY_MAX_BYTES if fmt.is_display else None
        # A worker that has rendered this format before: every look and layout once.
        for i in range(18):
            encode_image(render_creative(fresh_spec(code, i)), "png", max_bytes=max_bytes)
        warm, floor, cold, ref_ratio, render = [], [], [], [], []
        for i in range(rounds):
            spec = fresh_spec(code, i)
            t0 = time.perf_counter()
            img = render_creative(spec)
            t1 = time.perf_counter()
            encode_image(img, "png", max_bytes=max_bytes)
            t2 = time.perf_counter()
            encode_image(img, "png", max_bytes=max_bytes)
            t3 = time.perf_counter()
            _pillow_png(img)
            t4 = time.perf_counter()
            warm.append(t2 - t0)
            render.append(t1 - t0)
            floor.append(t3 - t2)
            ref_ratio.append((t1 - t0 + t4 - t3) / (t4 - t3))
        for i in range(max(5, rounds // 3)):  # cold: a freshly started worker, every cache empty
            spec = fresh_spec(code, i)
            caches.clear_all()
            t0 = time.perf_counter()
            encode_image(render_creative(spec), "png", max_bytes=max_bytes)
            cold.append(time.perf_counter() - t0)
        # Leave the caches warm for the next format, as a worker would have them.
        for i in range(18):
            render_creative(fresh_spec(code, i))
        results[code] = {"warm": _ms(statistics.median(warm)), "floor": _ms(statistics.median(floor)),
                         "render": _ms(statistics.median(render)),
                         "cold": _ms(statistics.median(cold)),
                         "ratio": statistics.median(w / f for w, f in zip(warm, floor)),
                         "p95": _ms(sorted(warm)[min(len(warm) - 1, round(0.95 * (len(warm) - 1)))]),
                         "ref_ratio": statistics.median(ref_ratio)}
    return results


PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
html,body{{margin:0;width:{w}px;height:{h}px;overflow:hidden}}
body{{background:linear-gradient(135deg,#0F172A,#1E3A5F);font-family:'Noto Sans','Noto Sans Arabic',
'Noto Sans Hebrew','Noto Sans CJK JP',sans-serif;display:flex;align-items:center;justify-content:center}}
.orb{{position:absolute;right:-10%;top:-10%;width:{orb}px;height:{orb}px;border-radius:50%;
background:rgba(56,189,248,.18)}}
.box{{position:relative;width:{bw}px;text-align:center;color:#fff}}
h1{{margin:0 0 .5em;font-weight:700;font-size:{fs}px;line-height:1.16}}
a{{display:inline-block;background:#F59E0B;color:#111;font-weight:700;font-size:{cs}px;padding:.55em 1.1em;
border-radius:999px;text-decoration:none}}
</style></head><body dir="{dir}"><div class="orb"></div><div class="box"><h1>{claim}</h1><a>{cta}</a></div>
</body></html>"""


def bench_chromium(codes, rounds: int) -> dict[str, float] | None:
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}: benchmarking the engine alone "
              "(apt-get install -y chromium to compare).")
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("Playwright is not installed: benchmarking the engine alone.")
        return None
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        page = browser.new_page()
        for code in codes:
            fmt = FORMATS[code]
            page.set_viewport_size({"width": fmt.width, "height": fmt.height})
            times = []
            for i in range(rounds + 3):
                spec = fresh_spec(code, i)
                s = min(fmt.width, fmt.height)
                doc = PAGE.format(w=fmt.width, h=fmt.height, orb=int(s * 0.8), bw=int(fmt.width * 0.84),
                                  fs=max(11, int(s * 0.09)), cs=max(10, int(s * 0.035)),
                                  dir="rtl" if spec.language in ("AR", "HE") else "ltr",
                                  claim=html.escape(spec.claim), cta=html.escape(spec.cta))
                t0 = time.perf_counter()
                page.set_content(doc, wait_until="load")
                page.screenshot(type="png", full_page=False)
                if i >= 3:  # the first three warm up the renderer and fonts
                    times.append(time.perf_counter() - t0)
            results[code] = _ms(statistics.median(times))
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--no-chromium", action="store_true")
    args = parser.parse_args()
    codes = [c.strip() for c in args.formats.split(",") if c.strip()]
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}, {os.cpu_count()} CPUs, "
          f"{args.rounds} rounds per format")
    engine = bench_engine(codes, args.rounds)
    chromium = None if args.no_chromium else bench_chromium(codes, args.rounds)
    head = (f"{'format':<7}{'size':>10}{'warm ms':>9}{'render':>8}{'encode ms':>11}{'ratio':>7}{'ref ratio':>11}"
            f"{'cold ms':>9}")
    if chromium:
        head += f"{'chromium ms':>13}{'speed-up':>10}"
    print(head)
    ratios, ref_ratios, speedups, ours_total, chrome_total, cold_total = [], [], [], 0.0, 0.0, 0.0
    for code in codes:
        fmt, r = FORMATS[code], engine[code]
        ratios.append(r["ratio"])
        ref_ratios.append(r["ref_ratio"])
        ours_total += r["warm"]
        cold_total += r["cold"]
        line = (f"{code:<7}{f'{fmt.width}×{fmt.height}':>10}{r['warm']:>9.1f}{r['render']:>8.2f}{r['floor']:>11.1f}"
                f"{r['ratio']:>7.2f}{r['ref_ratio']:>11.2f}{r['cold']:>9.1f}")
        if chromium:
            speedups.append(chromium[code] / r["warm"])
            chrome_total += chromium[code]
            line += f"{chromium[code]:>13.1f}{chromium[code] / r['warm']:>9.1f}×"
        print(line)
    n = len(codes)
    print(f"\naverage ratio render+encode / encode-only: {statistics.mean(ratios):.2f} (goal ≤ 1.3)")
    print(f"  the same against Pillow's PNG writer at level {PNG_COMPRESS_LEVEL} (ref ratio): "
          f"{statistics.mean(ref_ratios):.2f}")
    print(f"engine: {ours_total / n:.1f} ms per image warm, {cold_total / n:.1f} ms cold (all caches cleared)")
    if "F1" in engine:
        print(f"F1 1080×1080, fresh claim on a warm look: p95 {engine['F1']['p95']:.1f} ms (goal ≤ 60 ms)")
    if chromium:
        print(f"chromium screenshot: {chrome_total / n:.1f} ms per image")
        print(f"engine is {chrome_total / ours_total:.1f}× faster per image overall, warm "
              f"({chrome_total / cold_total:.1f}× cold); per-format median speed-up "
              f"{statistics.median(speedups):.1f}× (goal ≥ 10×)")
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def bench_player_cards() -> None:
    """Player cards from uploaded photos (scripts/bench_cards.py has the details)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_cards
    bench_cards.report()


if __name__ == "__main__":
    main()
    bench_player_cards()
