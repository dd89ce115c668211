"""`make design-check`: every design goal measured over a fixed matrix of claims ×
languages × looks × formats (README, Design check), printed as a pass/fail table.

    .venv/bin/python scripts/design_check.py [--quick] [--failures N]

--quick: two claims, two languages and four looks (what tests/engine runs on).
Exit status 1 when any goal fails anywhere.
"""
from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generation.engine import FORMATS  # noqa: E402
from generation.engine.design_matrix import GOALS, matrix  # noqa: E402
from generation.engine.design_metrics import measure  # noqa: E402


def main() -> int:
    quick = "--quick" in sys.argv
    show = int(sys.argv[sys.argv.index("--failures") + 1]) if "--failures" in sys.argv else 25
    started = time.perf_counter()
    per_goal: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # goal → [measured, failed]
    per_format: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    worst: dict[str, float] = {}
    failures = []
    specs = list(matrix(quick=quick))
    for label, spec in specs:
        m = measure(spec)
        failed = m.failures()
        values = {"fit": None if m.failed is None else 0.0, "text": m.text_contrast, "cta": m.cta_contrast,
                  "logo": m.logo_contrast, "deco": float(m.decoration), "inset": m.inset, "hier": m.hierarchy,
                  "short": m.short_share, "sub": None if m.subline is None else float(m.subline),
                  "clip": float(m.clipped)}
        for goal in GOALS:
            applies = goal in ("fit", "deco", "clip") or values[goal] is not None
            if m.failed and goal != "fit":
                applies = False
            if not applies:
                continue
            per_goal[goal][0] += 1
            per_goal[goal][1] += goal in failed
            v = values[goal]
            if v is not None and goal in ("text", "cta", "logo", "inset", "hier"):
                worst[goal] = min(worst.get(goal, v), v)
            if v is not None and goal == "deco":
                worst[goal] = max(worst.get(goal, 0.0), v)
            if v is not None and goal == "short":
                lo, hi = worst.get("short", (v, v)) if isinstance(worst.get("short"), tuple) else (v, v)
                worst[goal] = (min(lo, v), max(hi, v))  # type: ignore[assignment]
        per_format[spec.format_code][0] += 1
        per_format[spec.format_code][1] += bool(failed)
        if failed:
            failures.append(f"{spec.format_code:>3} {label}: {', '.join(failed)}"
                            f" (text {m.text_worst:.2f}, cta {m.cta_contrast or 0:.2f},"
                            f" logo {m.logo_contrast or 0:.2f},"
                            f" deco {m.decoration}, hier {m.hierarchy or 0:.2f}, kept {m.kept})")
    print(f"Design check: {len(specs)} creatives in {time.perf_counter() - started:.0f}s\n")
    print("| goal | target | measured | passed | failed | worst |")
    print("|---|---|---:|---:|---:|---:|")
    for goal, target in GOALS.items():
        n, bad = per_goal[goal]
        w = worst.get(goal)
        shown = "" if w is None else (f"{w[0]:.2f}–{w[1]:.2f}" if isinstance(w, tuple) else f"{w:.2f}")
        print(f"| {goal} | {target} | {n} | {n - bad} | {bad} | {shown} |")
    print("\n| format | creatives | with a failure |")
    print("|---|---:|---:|")
    for code in FORMATS:
        n, bad = per_format[code]
        print(f"| {code} | {n} | {bad} |")
    if failures:
        print(f"\n{len(failures)} creatives fail a goal; the first {min(show, len(failures))}:")
        for line in failures[:show]:
            print("  " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
