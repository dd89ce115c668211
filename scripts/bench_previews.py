"""How long a live preview takes to draw (README, Live previews): per format, the
creative rendered as its job would render it, its fit report read from the same
render, scaled to 512 px and encoded as PNG — what POST /api/v1/previews does after
validation. Fresh claims each round, so no render is a cache hit on the claim.

    .venv/bin/python scripts/bench_previews.py [--rounds 20]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from generation import engine  # noqa: E402
from generation.services_previews import _scaled  # noqa: E402


def preview_ms(claim: str, code: str, image: bool) -> float:
    started = time.perf_counter()
    spec = engine.CreativeSpec(claim=claim, language="EN", format_code=code, cta="Shop now")
    picture, _report = engine.render_with_fit_report(spec)
    if image and picture is not None:
        engine.encode_image(_scaled(picture), "png")
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} (figures are noisy on a busy machine)")
    for code in engine.FORMATS:  # warm the looks: the page previews the same look over and over
        preview_ms("Warm up the look", code, True)
    print("| format | image + report, median | report only, median |")
    print("|---|---|---|")
    for code in engine.FORMATS:
        with_image = [preview_ms(f"Fresh coffee every morning, batch {i}", code, True) for i in range(args.rounds)]
        report_only = [preview_ms(f"Fresh coffee every morning, lot {i}", code, False) for i in range(args.rounds)]
        print(f"| {code} | {statistics.median(with_image):.0f} ms | {statistics.median(report_only):.0f} ms |")
    codes = engine.DEFAULT_FORMAT_ORDER
    page = [sum(preview_ms(f"Best protein for athletes {i}", code, code == "F1") for code in codes)
            for i in range(max(3, args.rounds // 4))]
    print(f"The Generate page with all 10 default formats ticked (10 reports, 1 image): "
          f"median {statistics.median(page):.0f} ms")


if __name__ == "__main__":
    main()
