"""Benchmark the engine: `make bench-render`.

Per format: median time to render + encode a PNG, and its ratio to encoding the same
final image alone (the floor: no renderer can beat the encoder it feeds). Text layout
caches are cleared before every render, so each claim is measured cold, as in a real
job; fonts and preset scenes stay warm, as in a long-running worker.

Side by side: the same creative as an HTML/CSS page screenshotted by headless Chromium
(Debian's `chromium`, driven by Playwright; one browser and page reused), if installed.
"""
from __future__ import annotations

import html
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generation.engine import DISPLAY_MAX_BYTES, FORMATS, CreativeSpec, encode_image, render_creative  # noqa: E402
from generation.engine.samples import SAMPLE_CLAIMS, SAMPLE_CTAS  # noqa: E402
from generation.engine import text as engine_text  # noqa: E402

ROUNDS = 15
LANGS = ("EN", "DE", "RU", "AR", "JA", "HE")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _spec(code: str, i: int) -> CreativeSpec:
    lang = LANGS[i % len(LANGS)]
    return CreativeSpec(claim=SAMPLE_CLAIMS[lang], language=lang, format_code=code, cta=SAMPLE_CTAS[lang],
                        variant=i % 3, preset=("studio_sweep", None, "bokeh")[i % 3])


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def bench_engine() -> dict[str, tuple[float, float]]:
    results = {}
    for code, fmt in FORMATS.items():
        max_bytes = DISPLAY_MAX_BYTES if fmt.is_display else None
        for i in range(3):  # warm fonts and scenes, as a running worker has them
            encode_image(render_creative(_spec(code, i)), "png", max_bytes=max_bytes)
        full, floor = [], []
        for i in range(ROUNDS):
            spec = _spec(code, i)
            engine_text._width.cache_clear()
            t0 = time.perf_counter()
            img = render_creative(spec)
            encode_image(img, "png", max_bytes=max_bytes)
            t1 = time.perf_counter()
            encode_image(img, "png", max_bytes=max_bytes)
            t2 = time.perf_counter()
            full.append(t1 - t0)
            floor.append(t2 - t1)
        results[code] = (_ms(statistics.median(full)), _ms(statistics.median(floor)))
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


def bench_chromium() -> dict[str, float] | None:
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
        for code, fmt in FORMATS.items():
            page.set_viewport_size({"width": fmt.width, "height": fmt.height})
            times = []
            for i in range(min(ROUNDS, 8) + 2):
                spec = _spec(code, i)
                s = min(fmt.width, fmt.height)
                doc = PAGE.format(w=fmt.width, h=fmt.height, orb=int(s * 0.8), bw=int(fmt.width * 0.84),
                                  fs=max(11, int(s * 0.09)), cs=max(10, int(s * 0.035)),
                                  dir="rtl" if spec.language in ("AR", "HE") else "ltr",
                                  claim=html.escape(spec.claim), cta=html.escape(spec.cta))
                t0 = time.perf_counter()
                page.set_content(doc, wait_until="load")
                page.screenshot(type="png", full_page=False)
                if i >= 2:  # the first two warm up the renderer and fonts
                    times.append(time.perf_counter() - t0)
            results[code] = _ms(statistics.median(times))
        browser.close()
    return results


def main() -> None:
    engine = bench_engine()
    chromium = bench_chromium()
    head = f"{'format':<7}{'size':>11}{'render+encode ms':>18}{'encode-only ms':>16}{'ratio':>7}"
    if chromium:
        head += f"{'chromium ms':>13}{'speed-up':>10}"
    print(head)
    ratios, speedups, ours_total, chrome_total = [], [], 0.0, 0.0
    for code, fmt in FORMATS.items():
        full, floor = engine[code]
        ratio = full / floor
        ratios.append(ratio)
        ours_total += full
        line = f"{code:<7}{f'{fmt.width}×{fmt.height}':>11}{full:>18.1f}{floor:>16.1f}{ratio:>7.2f}"
        if chromium:
            speedups.append(chromium[code] / full)
            chrome_total += chromium[code]
            line += f"{chromium[code]:>13.1f}{chromium[code] / full:>9.1f}×"
        print(line)
    print(f"\naverage ratio render+encode / encode-only: {statistics.mean(ratios):.2f} (goal ≤ 1.3)")
    print(f"engine: {ours_total / len(FORMATS):.1f} ms per image on average")
    if chromium:
        print(f"chromium screenshot: {chrome_total / len(FORMATS):.1f} ms per image on average")
        print(f"engine is {chrome_total / ours_total:.1f}× faster per image overall "
              f"(per-format median speed-up {statistics.median(speedups):.1f}×; goal ≥ 10×)")


if __name__ == "__main__":
    main()
