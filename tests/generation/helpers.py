from __future__ import annotations

import io

from PIL import Image

from generation.models import Job
from generation.services import job_run

LONG_CLAIM = ("Unbelievably comprehensive nutritional supplementation for extraordinarily demanding "
              "endurance athletes who train relentlessly through every season, every climate, every "
              "mountain, every marathon and every single sunrise without compromise or excuses ever again")


def generate(client, **body):
    body.setdefault("claim", "Best protein supplements")
    return client.post("/api/v1/generate", body, format="json")


def run_job(job_id) -> Job:
    job_run(job_id=job_id)
    return Job.objects.get(pk=job_id)


def image_from_response(response) -> Image.Image:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def media_path(url: str) -> str:
    return url.replace("http://testserver", "")
