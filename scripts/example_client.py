"""The README's Python example: create a job, poll every 2 s, download the images.

    python scripts/example_client.py cs_live_... [http://127.0.0.1:8000]
"""
import sys
import time

import requests

KEY = sys.argv[1]
BASE = sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8000"
session = requests.Session()
session.headers["Authorization"] = f"Bearer {KEY}"

accepted = session.post(f"{BASE}/api/v1/generate",
                        json={"claim": "Best protein supplements", "language": "EN", "count": 3})
if accepted.status_code != 202:
    sys.exit(f"{accepted.status_code}: {accepted.json().get('detail')}")
job_url = BASE + accepted.json()["pollUrl"]

while True:
    job = session.get(job_url).json()
    if job["status"] not in ("queued", "processing"):
        break
    print(f"{job['status']}: {job['result']['progress']['done']}/{job['result']['progress']['total']}")
    time.sleep(2)

print(job["status"], "credits consumed:", job["creditsConsumed"])
for output in job["result"]["outputs"]:
    image = requests.get(output["url"])  # image URLs need no key
    name = f"{output['format']}-{output['width']}x{output['height']}.png"
    with open(name, "wb") as handle:
        handle.write(image.content)
    print("saved", name)
for failure in job["result"]["failures"]:
    print("not produced:", failure["format"], failure["code"], failure["message"])
