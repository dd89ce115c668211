"""Time fit_text on fresh claims (never seen, so nothing is cached but the words' shapes).

    .venv/bin/python scripts/bench_fit_text.py EN     # or DE, JA

Prints the CPU time per claim for 5 rounds of 200 claims over the F1, F4, F6, F8 and
F10 claim boxes (CPU time: wall time on a busy machine says more about the machine
than the code). See README "Line breaking".
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generation.engine import FORMATS  # noqa: E402
from generation.engine.languages import language_setting  # noqa: E402
from generation.engine.layouts import layout_for  # noqa: E402
from generation.engine.text import fit_text  # noqa: E402

WORDS = {
    "EN": ("best new summer sale protein shoes free shipping today only deal offer premium quality daily "
           "workout coffee fresh organic limited edition home kitchen").split(),
    "DE": ("Sommerschlussverkauf Rabatt alles neue Kinderbekleidung Angebot heute nur jetzt Versandkosten "
           "frei Qualität Geschirrspülmaschinen").split(),
    "JA": ["毎日の", "トレーニングに", "最適な", "プロテイン", "新しい", "スマートフォン", "セール", "今すぐ",
           "チェック", "全品", "送料無料"],
}
ROUNDS, CLAIMS = 5, 200


def claims(lang: str, count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    sep = "" if lang == "JA" else " "
    return [sep.join(rnd.choice(WORDS[lang]) for _ in range(rnd.randint(3, 8))) + f"{sep}{i}"
            for i in range(count)]


def main() -> None:
    lang = sys.argv[1] if len(sys.argv) > 1 else "EN"
    setting = language_setting(lang)
    boxes = []
    for code in ("F1", "F4", "F6", "F8", "F10"):
        layout = layout_for(FORMATS[code], 0, rtl=False, has_logo=False)
        x0, y0, x1, y1 = layout.claim
        boxes.append((x1 - x0, y1 - y0, layout.max_claim_px, layout.min_claim_px, layout.max_lines))
    fit_text("warm up", setting, *boxes[0][:2], max_size=40, min_size=10, max_lines=3)
    rounds = []
    for round_ in range(ROUNDS):
        started = time.process_time()
        for i, claim in enumerate(claims(lang, CLAIMS, round_ + 100)):
            w, h, largest, smallest, lines = boxes[i % len(boxes)]
            fit_text(claim, setting, w, h, max_size=largest, min_size=smallest, max_lines=lines)
        rounds.append((time.process_time() - started) * 1000 / CLAIMS)
    print(f"{lang}: fit_text per fresh claim, ms CPU: " + ", ".join(f"{r:.2f}" for r in rounds)
          + f" (median {statistics.median(rounds):.2f})")


if __name__ == "__main__":
    main()
