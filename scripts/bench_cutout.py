"""Measure the product cut-out on the test set in tests/data/cutout/: `make bench-cutout`.

Per case: IoU of the mask (alpha ≥ 128) with the ground truth, boundary F-score (share
of outline pixels within BOUNDARY_TOL px of the other outline, precision and recall
combined), mean edge error (mean |alpha − true alpha| within EDGE_BAND px of the true
outline; for comparison also the model's own upsampled probability, before matting),
mean alpha left on the shadow and in the handle's hole, and the time. Empty scenes must
be refused (UnknownForeground). Then the per-group means and the time for a
12-megapixel photo (4000×3000, median of 3 after a warm-up).

    .venv/bin/python scripts/bench_cutout.py [--sheet docs/images/cutout-sheet.png] [--markdown FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from generation.engine import UnknownForeground, cut_out  # noqa: E402
from generation.engine.cutout import checks, model, warm_up  # noqa: E402

DATA = ROOT / "tests" / "data" / "cutout"
BOUNDARY_TOL = 3
EDGE_BAND = 10
GROUPS = ("plain", "gradient", "textured", "busy", "photo")


def load_cases() -> list[dict]:
    return json.loads((DATA / "cases.json").read_text())


def _read_mask(name: str) -> np.ndarray:
    return np.asarray(Image.open(DATA / name).convert("L"), dtype=np.float32) / 255.0


def _outline(mask: np.ndarray) -> np.ndarray:
    m = mask.astype(np.uint8)
    return (m - cv2.erode(m, np.ones((3, 3), np.uint8))) > 0


def iou(pred: np.ndarray, truth: np.ndarray) -> float:
    union = (pred | truth).sum()
    return float((pred & truth).sum() / union) if union else 1.0


def boundary_f(pred: np.ndarray, truth: np.ndarray, tol: int = BOUNDARY_TOL) -> float:
    bp, bt = _outline(pred), _outline(truth)
    if not bp.any() or not bt.any():
        return 0.0
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * tol + 1, 2 * tol + 1))
    near_t = cv2.dilate(bt.astype(np.uint8), k) > 0
    near_p = cv2.dilate(bp.astype(np.uint8), k) > 0
    precision = (bp & near_t).sum() / bp.sum()
    recall = (bt & near_p).sum() / bt.sum()
    return float(2 * precision * recall / (precision + recall)) if precision + recall else 0.0


def edge_band(truth: np.ndarray, width: int = EDGE_BAND) -> np.ndarray:
    m = truth.astype(np.uint8)
    return (cv2.distanceTransform(m, cv2.DIST_L2, 3) <= width) & (cv2.distanceTransform(1 - m, cv2.DIST_L2, 3) <= width)


def model_view(photo: Image.Image) -> tuple[np.ndarray, checks.Foreground]:
    """The model's probability upsampled to the photo (what the cut-out would be without
    matting) and the foreground measures, the mirror agreement always asked for."""
    work = np.asarray(photo.convert("RGB"), dtype=np.float32) / 255.0
    raw = model.saliency(work)
    mirrored = model.saliency(np.ascontiguousarray(work[:, ::-1]))[:, ::-1]
    h, w = work.shape[:2]
    return cv2.resize(raw, (w, h), interpolation=cv2.INTER_LINEAR), checks.measure(raw, mirrored)


def measure_case(case: dict) -> dict:
    photo = Image.open(DATA / case["photo"])
    photo.load()
    started = time.perf_counter()
    try:
        cut = cut_out(photo)
        refused = None
    except UnknownForeground as exc:
        cut, refused = None, exc.message
    seconds = time.perf_counter() - started
    prob, fg = model_view(photo)
    row = {"name": case["name"], "group": case["group"], "seconds": seconds, "refused": refused, "fg": fg}
    if cut is not None:
        row["cut"] = cut
    if "alpha" not in case:
        return row
    truth_a = _read_mask(case["alpha"])
    truth = truth_a >= 0.5
    alpha = (np.asarray(cut.image.getchannel("A"), dtype=np.float32) / 255.0) if cut else np.zeros_like(truth_a)
    pred = alpha >= 0.5
    band = edge_band(truth)
    row.update(iou=iou(pred, truth), bf=boundary_f(pred, truth), edge=float(np.abs(alpha - truth_a)[band].mean()),
               edge_model=float(np.abs(prob - truth_a)[band].mean()))
    far = cv2.distanceTransform((~truth).astype(np.uint8), cv2.DIST_L2, 3) > 3
    if "shadow" in case:
        shadow = (_read_mask(case["shadow"]) > 0.5) & far
        row["shadow"] = float(alpha[shadow].mean()) if shadow.any() else 0.0
    if "hole" in case:
        hole = cv2.erode((_read_mask(case["hole"]) > 0.5).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
        row["hole"] = float(alpha[hole].mean()) if hole.any() else 0.0
    return row


def twelve_megapixels() -> tuple[float, list[float]]:
    base = Image.open(DATA / "photo-perfume.jpg").convert("RGB").resize((4000, 3000), Image.Resampling.BICUBIC)
    rng = np.random.default_rng(12)
    arr = np.asarray(base, dtype=np.int16) + rng.integers(-4, 5, (3000, 4000, 3), dtype=np.int16)
    photo = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    cut_out(photo)  # warm
    times, cpu = [], []
    for _ in range(3):
        started, started_cpu = time.perf_counter(), time.process_time()
        cut_out(photo)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(times), times, statistics.median(cpu)


def _checker(size: tuple[int, int], cell: int = 12) -> Image.Image:
    w, h = size
    ys, xs = np.mgrid[0:h, 0:w]
    board = np.where(((xs // cell) + (ys // cell)) % 2 == 0, 236, 200).astype(np.uint8)
    return Image.fromarray(board).convert("RGBA")


def contact_sheet(rows: list[dict], path: Path, thumb: int = 256) -> None:
    """original | cut-out on a checkerboard | cut-out on black, one case per row, two
    cases side by side."""
    th = thumb * 3 // 4
    cell_w, cell_h = thumb * 3 + 16, th + 22
    per_row = 2
    n = len(rows)
    sheet = Image.new("RGB", (per_row * cell_w + 8, ((n + per_row - 1) // per_row) * cell_h + 8), (250, 250, 250))
    draw = ImageDraw.Draw(sheet)
    for i, row in enumerate(rows):
        x0 = 8 + (i % per_row) * cell_w
        y0 = 8 + (i // per_row) * cell_h
        photo = Image.open(DATA / f"{row['name']}.jpg").convert("RGB").resize((thumb, th), Image.Resampling.LANCZOS)
        sheet.paste(photo, (x0, y0 + 18))
        label = row["name"]
        if row.get("cut") is not None:
            cut = row["cut"].image.resize((thumb, th), Image.Resampling.LANCZOS)
            on_checker = Image.alpha_composite(_checker((thumb, th)), cut).convert("RGB")
            on_black = Image.alpha_composite(Image.new("RGBA", (thumb, th), (0, 0, 0, 255)), cut).convert("RGB")
            sheet.paste(on_checker, (x0 + thumb + 4, y0 + 18))
            sheet.paste(on_black, (x0 + 2 * thumb + 8, y0 + 18))
            if "iou" in row:
                label += f"   IoU {row['iou']:.3f}"
        else:
            draw.rectangle([x0 + thumb + 4, y0 + 18, x0 + 3 * thumb + 8, y0 + 18 + th], fill=(60, 60, 66))
            draw.text((x0 + thumb + 16, y0 + 18 + th // 2 - 6), "refused: unknown_foreground", fill=(255, 255, 255))
        draw.text((x0, y0 + 3), label, fill=(30, 30, 30))
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path, optimize=True)
    if path.stat().st_size > 1_400_000:  # keep the README's picture light: 256 colours, dithered
        light = sheet.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG)
        light.save(path, optimize=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sheet", type=Path, help="write the contact sheet PNG here")
    ap.add_argument("--markdown", type=Path, help="also write the tables to this file")
    ap.add_argument("--skip-12mp", action="store_true")
    args = ap.parse_args()

    started = time.perf_counter()
    warm_up()
    print(f"warm-up (model session, pymatting import): {time.perf_counter() - started:.2f} s")
    rows = [measure_case(case) for case in load_cases()]

    lines = ["| case | group | IoU | boundary F | edge error (model only) | shadow α | hole α | time |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if "iou" in r:
            lines.append(f"| {r['name']} | {r['group']} | {r['iou']:.3f} | {r['bf']:.3f} | "
                         f"{r['edge']:.3f} ({r['edge_model']:.3f}) | "
                         f"{r.get('shadow', float('nan')):.3f} | {r.get('hole', float('nan')):.3f} | "
                         f"{r['seconds'] * 1000:.0f} ms |"
                         .replace("nan", "–"))
        else:
            verdict = "refused ✓" if r["refused"] else "**accepted ✗**"
            lines.append(f"| {r['name']} | empty | {verdict} | | | | | {r['seconds'] * 1000:.0f} ms |")
    lines += ["", "| group | cases | mean IoU | min IoU | mean boundary F | mean edge error (model only) |",
              "|---|---:|---:|---:|---:|---:|"]
    for g in GROUPS:
        rs = [r for r in rows if r["group"] == g]
        if rs:
            lines.append(f"| {g} | {len(rs)} | {statistics.mean(r['iou'] for r in rs):.3f} | "
                         f"{min(r['iou'] for r in rs):.3f} | "
                         f"{statistics.mean(r['bf'] for r in rs):.3f} | {statistics.mean(r['edge'] for r in rs):.3f} "
                         f"({statistics.mean(r['edge_model'] for r in rs):.3f}) |")
    objects = [r for r in rows if "iou" in r]
    empties = [r for r in rows if r["group"] == "empty"]
    lines.append(f"| all products | {len(objects)} | {statistics.mean(r['iou'] for r in objects):.3f} | "
                 f"{min(r['iou'] for r in objects):.3f} | {statistics.mean(r['bf'] for r in objects):.3f} | "
                 f"{statistics.mean(r['edge'] for r in objects):.3f} "
                 f"({statistics.mean(r['edge_model'] for r in objects):.3f}) |")
    lines.append(f"\n- empty scenes refused: {sum(1 for r in empties if r['refused'])} of {len(empties)}; "
                 f"products refused: {sum(1 for r in objects if r['refused'])} of {len(objects)}")
    lines.append(f"- median time per 768×576 photo: {statistics.median(r['seconds'] for r in rows) * 1000:.0f} ms")
    if not args.skip_12mp:
        median, times, cpu = twelve_megapixels()
        load = os.getloadavg()[0]
        runs = ", ".join(f"{t:.2f}" for t in times)
        lines.append(f"- 12-megapixel photo (4000×3000): median {median:.2f} s wall (runs: {runs}), "
                     f"{cpu:.2f} s CPU (all threads); load average {load:.1f} on {os.cpu_count()} cores")
    lines += ["", "Foreground measures on the raw model output (rules in generation/engine/cutout/checks.py):", "",
              "| case | area | confidence | uncertain share | large pieces | mirror agreement | verdict |",
              "|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        fg = r["fg"]
        lines.append(f"| {r['name']} | {fg.area:.3f} | {fg.confidence:.3f} | {fg.uncertain_share:.3f} | "
                     f"{fg.large_pieces} | "
                     f"{fg.mirror_agreement:.3f} | {'refused' if r['refused'] else 'cut out'} |")
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n")
    if args.sheet:
        contact_sheet(rows, args.sheet)
        print(f"contact sheet: {args.sheet} ({args.sheet.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
