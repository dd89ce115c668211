"""Partners calling the API at once, for `make loadtest` (loadtest/run.py starts the
servers and runs this headless). LOADTEST_KEYS names a JSON file of API keys, one per
simulated partner; LOADTEST_SCENARIO picks who runs:

- `partners`: each partner submits a 3-image job, polls it every 0.5 s until it ends
  (the "3-image job done" line is the time from the 202 to the poll that saw it
  completed), waits 2-4 s, again;
- `burst`: the same partners, plus one partner that keeps its account's cap of
  active work full with 10-image jobs (a 429 makes it wait the Retry-After);
- `accept`: partners that only create 1-image jobs, back to back (the accept path).

Every accepted job id is appended to LOADTEST_JOBS_FILE, so that the run can check
afterwards that each one reached a terminal state."""
from __future__ import annotations

import itertools
import json
import os
import time
import uuid

from locust import HttpUser, between, constant, events, task

KEYS = json.loads(open(os.environ["LOADTEST_KEYS"]).read())
SCENARIO = os.environ.get("LOADTEST_SCENARIO", "partners")
JOBS_FILE = os.environ.get("LOADTEST_JOBS_FILE", "")
TERMINAL = {"completed", "partial", "failed", "canceled"}
_next_partner = itertools.count()


def _record_job(job_id: str) -> None:
    if JOBS_FILE:
        with open(JOBS_FILE, "a") as handle:
            handle.write(job_id + "\n")


class _Partner(HttpUser):
    abstract = True
    key: str

    def on_start(self) -> None:
        self.key = self.pick_key()
        self.client.headers.update({"Authorization": f"Bearer {self.key}"})

    def pick_key(self) -> str:
        return KEYS["partners"][next(_next_partner) % len(KEYS["partners"])]

    def create(self, count: int, name: str) -> tuple[str | None, float]:
        """POSTs one job; returns (job id or None, Retry-After seconds)."""
        body = {"claim": "Fresh roasted coffee, delivered", "count": count}
        with self.client.post("/api/v1/generate", json=body, headers={"Idempotency-Key": uuid.uuid4().hex},
                              name=name, catch_response=True) as response:
            if response.status_code == 202:
                job_id = response.json()["jobId"]
                _record_job(job_id)
                return job_id, 0.0
            if response.status_code == 429:
                response.success()  # the cap or the rate limit, as documented: not an error
                self.environment.events.request.fire(request_type="POST", name=f"{name} refused (429)",
                                                     response_time=0, response_length=0, exception=None,
                                                     context={})
                return None, float(response.headers.get("Retry-After", "1"))
            response.failure(f"{response.status_code}: {response.text[:200]}")
            return None, 1.0

    def wait_done(self, job_id: str, started: float, name: str) -> None:
        while True:
            time.sleep(0.5)
            response = self.client.get(f"/api/v1/jobs/{job_id}", name="poll /api/v1/jobs/{id}")
            if response.status_code == 200 and response.json()["status"] in TERMINAL:
                status = response.json()["status"]
                events.request.fire(request_type="JOB", name=f"{name} {status}",
                                    response_time=(time.monotonic() - started) * 1000, response_length=0,
                                    exception=None, context={})
                return


class Partner(_Partner):
    """A partner making 3-image jobs and waiting for each."""

    wait_time = between(2, 4)
    weight = 10

    @task
    def three_images(self) -> None:
        started = time.monotonic()
        job_id, retry_after = self.create(3, "create 3-image job")
        if job_id is None:
            time.sleep(retry_after)
            return
        self.wait_done(job_id, started, "3-image job")


class Burst(_Partner):
    """One partner keeping its cap of active work full."""

    wait_time = constant(0)
    fixed_count = 1

    def pick_key(self) -> str:
        return KEYS["burst"]

    @task
    def ten_images(self) -> None:
        job_id, retry_after = self.create(10, "burst: create 10-image job")
        if job_id is None:
            time.sleep(min(retry_after, 2.0))


class Acceptor(_Partner):
    """Creates 1-image jobs as fast as the server accepts them."""

    wait_time = constant(0)

    @task
    def one_image(self) -> None:
        self.create(1, "create 1-image job")


if SCENARIO == "partners":
    del Burst, Acceptor
elif SCENARIO == "burst":
    del Acceptor
elif SCENARIO == "accept":
    del Partner, Burst
else:
    raise SystemExit(f"LOADTEST_SCENARIO={SCENARIO!r}: partners, burst or accept")
