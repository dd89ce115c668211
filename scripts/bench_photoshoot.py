"""End-to-end photoshoot benchmark: `make bench-photoshoot`.

A 12-megapixel product photo (4000×3000 JPEG, made here) goes the way a user's does:
the recommendations service (upload checks and re-encode, cut-out, both stored as
assets, product facts, recommended scenes), then a 6-prompt photoshoot job run in
this process by the pipeline's own `job_run` (claim, load the cut-out, six scenes
rendered, encoded and stored, credits settled). Nothing is mocked; the database is a
fresh SQLite file in a temporary folder, as `make run`'s embedded default.

Prints each stage's time and the total, for ROUNDS rounds (median). Options:
--rounds N (default 3), --side WxH (default 4000x3000).
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="bench-photoshoot-"))
os.environ["VAR_DIR"] = str(WORKDIR)
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

from config.secret_files import secrets_ensure  # noqa: E402

secrets_ensure(var_dir=WORKDIR)  # what `make run` does, before the settings read them
django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter  # noqa: E402

PROMPTS = [
    {"tag": "preset", "preset": "white_background"},
    {"tag": "preset", "preset": "marble"},
    {"tag": "preset", "preset": "studio_dark"},
    {"tag": "preset", "preset": "podium"},
    {"tag": "custom", "prompt": "on a warm walnut desk in soft morning light"},
    {"tag": "custom", "prompt": "on a sleek black and blue geometric pattern background"},
]


def phone_photo(width: int, height: int) -> bytes:
    """A bottle with a label and a highlight on a softly lit wall and table, as a phone
    shoots it (JPEG, quality 90, with sensor-like noise)."""
    rng = np.random.default_rng(7)
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    wall = np.array((226, 222, 214), np.float32) * (1.03 - 0.1 * y)
    pixels = np.broadcast_to(wall, (height, width, 3)).copy()
    pixels += rng.normal(0, 2.0, pixels.shape).astype(np.float32)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    cx, bottom = width // 2, int(height * 0.84)
    bw, bh = int(width * 0.15), int(height * 0.55)
    body = (24, 64, 140)
    draw.rounded_rectangle((cx - bw // 2, bottom - bh, cx + bw // 2, bottom), radius=bw // 4, fill=body)
    draw.rectangle((cx - bw // 6, bottom - bh - height // 9, cx + bw // 6, bottom - bh + 8), fill=body)
    draw.rectangle((cx - bw // 5, bottom - bh - height // 9 - height // 22, cx + bw // 5, bottom - bh - height // 9),
                   fill=(200, 170, 90))
    draw.rectangle((cx - bw // 2 + 20, bottom - bh // 2 - 120, cx + bw // 2 - 20, bottom - bh // 2 + 120),
                   fill=(245, 240, 228))
    shine = Image.new("L", (width, height), 0)
    ImageDraw.Draw(shine).rectangle((cx - bw // 3, bottom - bh + 60, cx - bw // 3 + 30, bottom - 90), fill=110)
    image.paste((255, 255, 255), mask=shine.filter(ImageFilter.GaussianBlur(12)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--side", default="4000x3000")
    args = parser.parse_args()
    width, height = (int(v) for v in args.side.lower().split("x"))

    from accounts.services import account_create
    from generation import engine
    from generation.engine import PRESET_STYLES
    from generation.models import Job, JobOutput, Preset
    from generation.services import job_create, job_run
    from generation.services_photoshoots import photoshoot_recommend
    from generation.uploads import image_clean

    call_command("migrate", verbosity=0)
    Preset.objects.bulk_create([
        Preset(pk=s.id, name=s.name, prompt_text=s.prompt_text, categories=list(s.categories), tags=list(s.tags),
               base_style=s.id, sort_order=i) for i, s in enumerate(PRESET_STYLES)], ignore_conflicts=True)
    account = account_create(email="bench@example.com", password="bench-Passw0rd", credits=10_000)
    photo = phone_photo(width, height)
    print(f"Photo: {width}×{height} JPEG, {len(photo) / 1e6:.1f} MB; 6 prompts; {os.cpu_count()} cores")

    # Warm-up: the model session, numba's compiled matting, fonts and scene caches of a
    # worker that has served before (a fresh worker pays these once).
    engine.cut_out(Image.open(io.BytesIO(photo)).convert("RGB").resize((800, 600)))

    rows = []
    for round_ in range(args.rounds):
        stages = {}
        started = time.perf_counter()
        t = time.perf_counter()
        image_clean(photo)
        stages["upload checks + re-encode"] = time.perf_counter() - t
        t = time.perf_counter()
        answer = photoshoot_recommend(account=account, data=photo, original_name=f"blue_bottle_{round_}.jpg")
        stages["recommendations (all)"] = time.perf_counter() - t
        t = time.perf_counter()
        accepted = job_create(account=account, api_key=None, job_type=Job.Type.PHOTOSHOOT, request={
            "productImageAssetId": answer["backgroundRemovedImageAssetId"], "prompts": PROMPTS,
            "disableSafeMargin": False, "useSameStyleReferenceImage": True})
        job = job_run(job_id=accepted.job_id)
        stages["6-scene job (all)"] = time.perf_counter() - t
        assert job.status == Job.Status.COMPLETED, (job.status, job.error_message)
        render_ms = list(JobOutput.objects.filter(job=job).values_list("render_ms", flat=True))
        stages["  of which scenes (sum)"] = sum(render_ms) / 1000
        total = time.perf_counter() - started - stages["upload checks + re-encode"]
        stages["end to end"] = total
        rows.append(stages)
        print(f"round {round_ + 1}: " + ", ".join(f"{k.strip()} {v * 1000:.0f} ms" for k, v in stages.items()))

    print("\nmedian over rounds:")
    for key in rows[0]:
        print(f"  {key:<28} {statistics.median(r[key] for r in rows) * 1000:7.0f} ms")
    print("  (upload checks are also inside 'recommendations'; end to end = recommendations + job)")


if __name__ == "__main__":
    main()
