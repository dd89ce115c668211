"""`manage.py serve` (what `make run` starts) keeps the task cluster alive.

The real supervisor runs the web server and a real cluster against the test
database (lease 5 s, reaper every second). A 10-image job starts rendering; then,
mid-job, one of:
(a) SIGKILL to every process under the cluster's sentinel (workers, pusher,
    monitor — what a cgroup OOM kill does): the sentinel "reincarnates" them but
    nothing is processed any more, so `/healthz` must say `stalled` and the
    supervisor must restart the whole cluster;
(b) SIGKILL to the sentinel and every process under it: the cluster exits, and
    the supervisor must start a new one;
(c) SIGKILL to the sentinel alone: its workers are orphaned, still rendering,
    and must not survive the restart.
Throughout, `/healthz` is polled and must always answer, quickly. The job must
end `completed` with exact credits within 3 minutes of the kill, and afterwards
every process of the run must descend from the supervisor (none re-parented to
init); after the supervisor stops, none may be left at all."""
from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from billing.services import ledger_mismatches
from generation.models import Job
from tests.conftest import client_for, fresh
from tests.generation.helpers import generate
from tests import worker as cluster_helpers
from tests.worker import job_state, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Fast by default; SUPERVISOR_TEST_DEFAULT_TIMINGS=1 runs with the product's defaults
# (lease 60 s, reaper every 10 s) to measure what production recovery takes.
DEFAULT_TIMINGS = os.environ.get("SUPERVISOR_TEST_DEFAULT_TIMINGS") == "1"
LEASE_SECONDS, REAP_EVERY_SECONDS = (60, 10) if DEFAULT_TIMINGS else (5, 1)
BIG_FORMATS = ["F3", "F2", "F1", "F5", "F3", "F2", "F1", "F5", "F3", "F2"]
PORTS = {"under_sentinel": 8131, "whole_cluster": 8132, "sentinel_alone": 8133}
HEALTH_TIMEOUT = 5.0


# --- processes, read from /proc -----------------------------------------------------------

def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, process group) of a live process."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw.rsplit(")", 1)[1].split()
    if fields[0] == "Z":
        return None
    return int(fields[1]), int(fields[2])


def _marked(marker: str) -> dict[int, tuple[int, int, str]]:
    """Every live process started by this test run: pid → (ppid, pgid, cmdline)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() not in (entry / "environ").read_bytes():
                continue
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        stat = _stat(int(entry.name))
        if stat:
            found[int(entry.name)] = (*stat, cmdline)
    return found


def _children(pid: int, processes: dict) -> list[int]:
    return [child for child, (ppid, _, _) in processes.items() if ppid == pid]


def _descends_from(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        stat = _stat(pid)
        if stat is None:
            return False
        pid = stat[0]
    return False


def _cluster_tree(serve_pid: int, marker: str) -> tuple[int, int, list[int]] | None:
    """(cluster leader, sentinel, the sentinel's children) once all are up."""
    processes = _marked(marker)
    leaders = [pid for pid in _children(serve_pid, processes) if "qcluster" in processes[pid][2]]
    if len(leaders) != 1:
        return None
    sentinels = _children(leaders[0], processes)
    if len(sentinels) != 1:
        return None
    under = _children(sentinels[0], processes)
    # workers (2 here), pusher, monitor
    return (leaders[0], sentinels[0], under) if len(under) >= 4 else None


# --- the supervisor and its /healthz ---------------------------------------------------------

class HealthPoller(threading.Thread):
    """GET /healthz every 0.2 s; records (time, status, queue, seconds) or the error."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port = port
        self.samples: list[tuple[float, int | None, str, float]] = []
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            started = time.monotonic()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HEALTH_TIMEOUT)
                conn.request("GET", "/healthz")
                response = conn.getresponse()
                body = json.loads(response.read())
                conn.close()
                self.samples.append((started, response.status, body.get("queue", ""),
                                     time.monotonic() - started))
            except (OSError, ValueError) as error:
                self.samples.append((started, None, repr(error), time.monotonic() - started))
            self.halt.wait(0.2)


def _start_serve(port: int, marker: str, log_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": cluster_helpers.test_database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PUBLIC_BASE_URL": settings.PUBLIC_BASE_URL,
        # The broker the tests run with, so that the job this test submits wakes it.
        # Two workers, the default: while one renders, the other waits for a task
        # (with the ORM broker, holding the task queue's read lock — killed, it takes
        # the lock with it).
        "Q_BROKER": settings.Q_BROKER,
        "Q_WORKERS": "2",
        "JOB_LEASE_SECONDS": str(LEASE_SECONDS),
        "JOB_REAP_EVERY_SECONDS": str(REAP_EVERY_SECONDS),
        "SUPERVISOR_TEST_MARKER": marker,
    }
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--web-workers", "1", "--threads", "2"],
            cwd=cluster_helpers.ROOT, env=env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT,
        )


def _kill(pids) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.mark.parametrize("what", ["under_sentinel", "whole_cluster", "sentinel_alone"])
def test_the_supervisor_brings_a_killed_cluster_back_and_the_job_ends_right_while_the_web_answers(
        what, make_account, tmp_path, capsys):
    marker = f"supervisor-test-{uuid.uuid4().hex}"
    port = PORTS[what]
    log_path = tmp_path / "serve.log"
    account = make_account(credits=20)
    serve = _start_serve(port, marker, log_path)
    poller = HealthPoller(port)
    try:
        tree = wait_for(lambda: _cluster_tree(serve.pid, marker), timeout=60)
        assert tree, f"the cluster did not start\n{log_path.read_text()[-3000:]}"
        leader, sentinel, under_sentinel = tree
        poller.start()
        assert wait_for(lambda: [s for s in poller.samples if s[1] == 200], timeout=30), poller.samples[-5:]

        job_id = generate(client_for(account), formats=BIG_FORMATS).json()["jobId"]
        mid_render = wait_for(lambda: (lambda s: s[0] == "processing" and s[1] >= 1 and s)(job_state(job_id)),
                              timeout=90)
        assert mid_render, f"the job never got mid-render: {job_state(job_id)}\n{log_path.read_text()[-3000:]}"
        under_sentinel = _children(sentinel, _marked(marker))
        victims = {"under_sentinel": under_sentinel, "whole_cluster": [sentinel, *under_sentinel],
                   "sentinel_alone": [sentinel]}[what]
        _kill(victims)
        killed_at = time.monotonic()
        done_at_kill = job_state(job_id)[1]

        final = wait_for(lambda: (lambda s: s[0] not in ("queued", "processing") and s)(job_state(job_id)),
                         timeout=180, interval=0.25)
        ended_in = time.monotonic() - killed_at
        log = log_path.read_text()
        assert final, f"the job did not end after the kill: {job_state(job_id)}\n{log[-4000:]}"

        # The whole cluster was replaced: a new leader, the old one's processes gone.
        new_tree = wait_for(lambda: _cluster_tree(serve.pid, marker), timeout=30)
        assert new_tree and new_tree[0] != leader, (tree, new_tree)
        assert not any(_stat(pid) for pid in [leader, sentinel, *under_sentinel])
        # Nothing re-parented to init: every process of the run descends from `serve`.
        orphans = {pid: info for pid, info in _marked(marker).items()
                   if pid != serve.pid and not _descends_from(pid, serve.pid)}
        assert orphans == {}, orphans
        log = log_path.read_text()
        assert serve.poll() is None, log[-3000:]
        assert "restarting" in log, log[-3000:]

        time.sleep(1)  # a few more health samples after the recovery
        poller.halt.set()
        poller.join(timeout=HEALTH_TIMEOUT + 1)
        after_kill = [s for s in poller.samples if s[0] >= killed_at - 0.5]
        failures = [s for s in after_kill if s[1] not in (200, 503)]
        assert after_kill and failures == [], failures
        slowest = max(s[3] for s in after_kill)
        assert slowest < 2.0, f"/healthz took {slowest:.2f} s"
        states = [s[2] for s in after_kill]
        if what == "under_sentinel":
            # Stuck: the broker answers but nothing is done; /healthz said so.
            assert "stalled" in states, states
        assert after_kill[-1][1] == 200 and states[-1] == "ok", after_kill[-3:]

        job = Job.objects.get(pk=job_id)
        outputs = list(job.outputs.order_by("index"))
        assert job.status == "completed", (job.status, job.error_code, log[-3000:])
        # (c): the orphaned worker may finish the job before the supervisor stops it.
        assert job.attempts == 2 or (what == "sentinel_alone" and job.attempts == 1)
        assert [o.index for o in outputs] == list(range(len(BIG_FORMATS)))
        assert all(o.status == "succeeded" for o in outputs)
        assert job.produced == job.credits_consumed == len(BIG_FORMATS)
        assert fresh(account).credits_available == 20 - len(BIG_FORMATS)
        assert fresh(account).credits_reserved == 0
        assert ledger_mismatches() == []
        assert ended_in < 180
        with capsys.disabled():
            print(f"\n[{what}] killed after {done_at_kill}/{len(BIG_FORMATS)} images; job completed "
                  f"{ended_in:.1f} s after the kill; /healthz answered {len(after_kill)} times "
                  f"(slowest {slowest:.2f} s, {states.count('stalled')} x stalled)")
    finally:
        poller.halt.set()
        serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait()
        left = wait_for(lambda: not _marked(marker), timeout=10)
        leftovers = _marked(marker)
        for pid in leftovers:
            _kill([pid])
    assert left and not leftovers, f"processes left after serve stopped: {leftovers}"
