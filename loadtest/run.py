"""`make loadtest`: many partners at once against gunicorn + 2 worker processes, on the
embedded default (SQLite, ORM broker, local files) and on the scale-out stack
(PostgreSQL + Redis + an S3-compatible server), everything on this machine and on
127.0.0.1 only, each phase bounded in time. Results: a table on stdout and
var/loadtest/results.json; the diary is in docs/benchmarks.md.

The scale-out stack gets servers of its own, in a throw-away folder, so that what it
costs is not mixed with anything else on the machine: a PostgreSQL cluster (initdb,
pg_stat_statements) on LOADTEST_PORT+3, a Redis on +2, moto's S3-compatible server on
+1; the web server listens on LOADTEST_PORT (default 8880).

Phases per stack (seconds from LOADTEST_SECONDS, default 40):
1. partners — 6 partners make 3-image jobs and wait for each: idle-time completion.
2. burst — the same, plus one partner keeping its cap (20 jobs / 200 images) full with
   10-image jobs; on the scale-out stack each worker host gets a rolling restart
   (SIGTERM, start again) in the middle. Then the burst is canceled, the rest drains,
   and every accepted job must be terminal, the ledger exact.
3. accept — 40 partners create 1-image jobs back to back with the workers stopped, at
   1, 2 and 4 web processes (scale-out) or 2 (SQLite): accepted creates/s, p50/p99, and
   the cost of one accepted job in PostgreSQL, Redis and storage.
4. render — the workers start on that backlog: images/s and the cost of one image.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PORT = int(os.environ.get("LOADTEST_PORT", "8880"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "40"))
PG_BIN = Path(os.environ.get("LOADTEST_PG_BIN", next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), "")))
CLK = os.sysconf("SC_CLK_TCK")
PARTNERS = 6
ACCEPTORS = 40
OUT = ROOT / "var" / "loadtest"

sys.path.insert(0, str(ROOT))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --- process CPU from /proc ---------------------------------------------------------------

def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


def tree_cpu_ms(root_pid: int) -> float:
    """CPU time of a process, its reaped children (cutime/cstime) and its live descendants."""
    total = 0.0
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            parents[int(entry.name)] = (int(fields[1]), fields)
    def descendants(pid):
        for child, (ppid, _) in parents.items():
            if ppid == pid:
                yield child
                yield from descendants(child)
    for pid in [root_pid, *descendants(root_pid)]:
        if pid in parents:
            fields = parents[pid][1]
            # utime, stime, and the times of its children already reaped (a live
            # process is in nobody's cutime, so nothing counts twice).
            total += sum(int(fields[i]) for i in (11, 12, 13, 14))
    return total * 1000.0 / CLK


# --- servers ---------------------------------------------------------------------------------

class Stack:
    def __init__(self, name: str, work: Path):
        self.name, self.work = name, work
        self.env = {
            **os.environ, "SECRET_KEY": "loadtest-" + "k" * 50, "API_KEY_PEPPER": "loadtest-pepper-" + "p" * 40,
            "ALLOWED_HOSTS": "127.0.0.1", "PUBLIC_BASE_URL": f"http://127.0.0.1:{PORT}", "DEBUG": "false",
            "API_RATE_LIMIT": "100000/min", "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1",
            "VAR_DIR": str(work / "var"),
        }
        (work / "var" / "staticfiles").mkdir(parents=True)  # what `manage.py ensure_secrets` makes
        self.web = None
        self.clusters: list[subprocess.Popen] = []
        self.services: list[subprocess.Popen] = []

    def manage(self, *args: str, **extra) -> str:
        result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env={**self.env, **extra}, capture_output=True,
                                text=True, timeout=600)
        if result.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start_services(self) -> None:
        pass

    def migrate(self) -> None:
        log(f"{self.name}: migrate")
        self.manage("migrate", "--noinput")
        self.manage("createcachetable")

    def start_web(self, processes: int, **extra: str) -> None:
        from generation.management.commands.serve import web_server_command

        self.stop_web()
        command = web_server_command("127.0.0.1", PORT, processes, 2, access_log=False)
        self.web = subprocess.Popen(command, cwd=ROOT, env={**self.env, **extra}, start_new_session=True,
                                    stdout=subprocess.DEVNULL, stderr=open(self.work / "web.log", "ab"))
        import urllib.error
        import urllib.request
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2).read()
                return
            except urllib.error.HTTPError:  # 503 while no worker cluster runs: it answers
                return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"{self.name}: the web server did not start; see {self.work / 'web.log'}")

    def stop_web(self) -> None:
        if self.web is not None:
            _stop_group(self.web)
            self.web = None

    def start_cluster(self) -> subprocess.Popen:
        cluster = subprocess.Popen([PY, "manage.py", "qcluster"], cwd=ROOT, env={**self.env, "Q_WORKERS": "1"},
                                   start_new_session=True, stdout=subprocess.DEVNULL,
                                   stderr=open(self.work / "cluster.log", "ab"))
        self.clusters.append(cluster)
        return cluster

    def start_workers(self) -> None:
        """Two worker processes: two clusters of one (two worker "hosts")."""
        for _ in range(2):
            self.start_cluster()

    def stop_workers(self) -> None:
        for cluster in self.clusters:
            _stop_group(cluster, grace=30)
        self.clusters = []

    def rolling_restart(self) -> float:
        """SIGTERM each worker host in turn and start it again; returns the longest stop."""
        longest = 0.0
        for index, cluster in enumerate(list(self.clusters)):
            started = time.monotonic()
            _stop_group(cluster, grace=30)
            longest = max(longest, time.monotonic() - started)
            self.clusters[index] = self.start_cluster()
            self.clusters.pop()  # start_cluster appended it
        return longest

    def counters(self) -> dict:
        return {}

    def stop(self) -> None:
        self.stop_workers()
        self.stop_web()
        for service in self.services:
            _stop_group(service)


def _stop_group(process: subprocess.Popen, grace: float = 10) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        process.poll()
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


class SqliteStack(Stack):
    def __init__(self, work: Path):
        super().__init__("SQLite + ORM broker + local files", work)
        self.env.update({"DATABASE_URL": "", "Q_BROKER": "orm", "STORAGE": "local", "CACHE_URL": "", "REDIS_URL": ""})

    def counters(self) -> dict:
        media = Path(self.env["VAR_DIR"]) / "media"
        files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
        return {"storage_bytes": sum(p.stat().st_size for p in files), "storage_objects": len(files)}


class ScaleOutStack(Stack):
    def __init__(self, work: Path):
        super().__init__("PostgreSQL + Redis + S3 (moto)", work)
        self.pg_port, self.redis_port, self.s3_port = PORT + 3, PORT + 2, PORT + 1
        self.env.update({
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/studio",
            "Q_BROKER": f"redis://127.0.0.1:{self.redis_port}/0", "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/1",
            "STORAGE": "s3", "S3_BUCKET": "loadtest", "S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "AWS_ACCESS_KEY_ID": "loadtest", "AWS_SECRET_ACCESS_KEY": "loadtest", "AWS_DEFAULT_REGION": "us-east-1",
        })

    def start_services(self) -> None:
        data = self.work / "pg"
        data.mkdir()
        shutil.chown(data, "postgres", "postgres")
        run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        log(f"{self.name}: initdb, PostgreSQL on :{self.pg_port}, Redis on :{self.redis_port}, S3 on :{self.s3_port}")
        subprocess.run([*run_as, str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
                       check=True, capture_output=True)
        with open(data / "postgresql.conf", "a") as conf:
            conf.write(f"port = {self.pg_port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{data}'\n"
                       "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = all\n"
                       "max_connections = 200\nshared_buffers = 128MB\n")
        self.services.append(subprocess.Popen([*run_as, str(PG_BIN / "postgres"), "-D", str(data)],
                                              start_new_session=True, stdout=subprocess.DEVNULL,
                                              stderr=open(self.work / "postgres.log", "ab")))
        self.services.append(subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        self.moto_log = self.work / "moto.log"
        self.services.append(subprocess.Popen(
            [PY, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.s3_port)], start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=open(self.moto_log, "ab")))
        import psycopg
        deadline = time.monotonic() + 60
        while True:
            try:
                with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.pg_port}/postgres", autocommit=True) as c:
                    c.execute("CREATE DATABASE studio")
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        with psycopg.connect(self.env["DATABASE_URL"].replace("postgres://", "postgresql://"), autocommit=True) as c:
            c.execute("CREATE EXTENSION pg_stat_statements")
        self._s3().create_bucket(Bucket="loadtest")

    def _s3(self):
        import boto3
        while True:
            try:
                client = boto3.client("s3", endpoint_url=self.env["S3_ENDPOINT_URL"], aws_access_key_id="loadtest",
                                      aws_secret_access_key="loadtest", region_name="us-east-1")
                client.list_buckets()
                return client
            except Exception:
                time.sleep(0.3)

    def _pg(self):
        import psycopg
        return psycopg.connect(self.env["DATABASE_URL"].replace("postgres://", "postgresql://"), autocommit=True)

    def counters(self) -> dict:
        import redis
        with self._pg() as c:
            statements = c.execute(
                "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements "
                "WHERE query NOT ILIKE '%pg_stat%' AND query NOT ILIKE '%pg_current_wal%'").fetchone()[0]
            xacts, = c.execute(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'studio'").fetchone()
            wal, = c.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')").fetchone()
        r = redis.Redis(port=self.redis_port)
        commands = sum(v["calls"] for k, v in r.info("commandstats").items()
                       if k not in ("cmdstat_info", "cmdstat_config"))
        requests = {}
        for line in self.moto_log.read_text(errors="replace").splitlines():
            # werkzeug's access log; it colours some lines (a 404 HEAD) with ANSI codes
            if match := re.search(r'"(?:\x1b\[[0-9;]*m)?(GET|PUT|HEAD|DELETE|POST) ', line):
                requests[match.group(1)] = requests.get(match.group(1), 0) + 1
        objects = size = 0
        for page in self._s3().get_paginator("list_objects_v2").paginate(Bucket="loadtest"):
            for item in page.get("Contents", []):
                objects, size = objects + 1, size + item["Size"]
        return {"pg_statements": int(statements), "pg_xacts": int(xacts), "pg_wal_bytes": int(wal),
                "pg_cpu_ms": tree_cpu_ms(self.services[0].pid), "redis_commands": commands,
                "s3_requests": sum(requests.values()), "s3_requests_by_method": requests,
                "storage_bytes": size, "storage_objects": objects}


# --- locust ------------------------------------------------------------------------------------

def locust(stack: Stack, scenario: str, users: int, seconds: int, keys_file: Path, jobs_file: Path,
           during=None) -> dict:
    prefix = stack.work / f"locust-{scenario}-{int(time.time())}"
    command = ["nice", "-n", "5", PY, "-m", "locust", "-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless",
               "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{PORT}",
               "--csv", str(prefix), "--only-summary", "--stop-timeout", "30", "--loglevel", "WARNING"]
    env = {**os.environ, "LOADTEST_KEYS": str(keys_file), "LOADTEST_SCENARIO": scenario,
           "LOADTEST_JOBS_FILE": str(jobs_file)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=open(stack.work / "locust.log", "ab"))
    extra = during(process) if during else None
    process.wait(timeout=seconds + 120)
    rows = {}
    with open(f"{prefix}_stats.csv") as handle:
        for row in csv.DictReader(handle):
            rows[f"{row['Type']} {row['Name']}"] = {
                "count": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]), "p50": _num(row["50%"]), "p95": _num(row["95%"]),
                "p99": _num(row["99%"]), "max": _num(row["Max Response Time"])}
    return {"rows": rows, "during": extra}


def _num(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def make_keys(stack: Stack, path: Path, partners: int) -> None:
    script = f"""
import json
from accounts.models import ApiKey
from accounts.services import account_create, api_key_create
keys = {{"partners": [], "burst": None}}
for n in range({partners}):
    account = account_create(email=f"partner{{n}}@loadtest.example", password="loadtest-Passw0rd", credits=10**7)
    keys["partners"].append(api_key_create(account=account, name="load", mode=ApiKey.Mode.LIVE).secret)
account = account_create(email="burst@loadtest.example", password="loadtest-Passw0rd", credits=10**7)
keys["burst"] = api_key_create(account=account, name="load", mode=ApiKey.Mode.LIVE).secret
open({str(path)!r}, "w").write(json.dumps(keys))
"""
    stack.manage("shell", "-c", script)


def db_report(stack: Stack, jobs_file: Path) -> dict:
    """Every accepted job's state; the ledger check; charges per job."""
    script = f"""
import json
from django.db.models import Count
from billing.models import LedgerEntry
from generation.models import Job
ids = [line.strip() for line in open({str(jobs_file)!r}) if line.strip()]
found = dict(Job.objects.filter(pk__in=ids).values_list("pk", "status"))
by_status = {{}}
for status in found.values():
    by_status[status] = by_status.get(status, 0) + 1
captures = list(LedgerEntry.objects.filter(job_id__in=ids, kind="capture").values("job_id")
                .annotate(n=Count("id")).filter(n__gt=1))
from django.db.models import F, Sum
# Charged = captured; a job is charged exactly the images it produced, once.
misbilled = 0
captured = dict(LedgerEntry.objects.filter(job_id__in=ids, kind="capture").values_list("job_id")
                .annotate(s=Sum("reserved_delta")))
for job_id, produced, consumed in Job.objects.filter(pk__in=ids).values_list("pk", "produced", "credits_consumed"):
    if consumed != produced or -captured.get(job_id, 0) != consumed:
        misbilled += 1
print(json.dumps({{"accepted": len(ids), "unique": len(set(ids)), "found": len(found), "by_status": by_status,
                  "double_captured": len(captures), "misbilled": misbilled}}))
"""
    out = stack.manage("shell", "-c", script)
    report = json.loads(out.strip().splitlines()[-1])
    check = subprocess.run([PY, "manage.py", "ledger_check"], cwd=ROOT, env=stack.env, capture_output=True, text=True)
    report["ledger_check"] = (check.stdout + check.stderr).strip().splitlines()[-1:]
    report["ledger_ok"] = check.returncode == 0
    return report


def cancel_active(stack: Stack) -> None:
    stack.manage("shell", "-c", """
from generation.models import Job
from generation.services import job_cancel
for job in Job.objects.filter(status__in=["queued", "processing"]):
    job_cancel(job=job)
""")


def wait_terminal(stack: Stack, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        left = int(stack.manage("shell", "-c", "from generation.models import Job; "
                                "print(Job.objects.filter(status__in=['queued','processing']).count())").split()[-1])
        if left == 0 or time.monotonic() > deadline:
            return left
        time.sleep(2)


def images_done(stack: Stack) -> int:
    return int(stack.manage("shell", "-c", "from generation.models import JobOutput; "
                            "print(JobOutput.objects.filter(status='succeeded').count())").split()[-1])


def diff(after: dict, before: dict) -> dict:
    return {k: (after[k] - before[k]) for k in after if isinstance(after[k], (int, float)) and k in before}


def web_cpu(stack: Stack) -> float:
    return tree_cpu_ms(stack.web.pid) if stack.web else 0.0


def worker_cpu(stack: Stack) -> float:
    return sum(tree_cpu_ms(c.pid) for c in stack.clusters)


# --- the run -------------------------------------------------------------------------------------

def run_stack(stack: Stack, web_counts: list[int], results: dict) -> None:
    work = stack.work
    stack.start_services()
    stack.migrate()
    keys = work / "keys.json"
    make_keys(stack, keys, max(PARTNERS, ACCEPTORS))
    result = results.setdefault(stack.name, {})

    # 1 + 2: partners idle, then with a burst (and a rolling restart of the workers).
    stack.start_web(2)
    stack.start_workers()
    jobs_file = work / "jobs-partners.txt"
    jobs_file.touch()
    log(f"{stack.name}: partners, {SECONDS} s (load {loadavg()})")
    idle = locust(stack, "partners", PARTNERS, SECONDS, keys, jobs_file)
    result["partners"] = {"rows": idle["rows"], "loadavg": loadavg()}
    log(f"{stack.name}: partners + burst, {SECONDS + 20} s, rolling restart of the workers mid-way (load {loadavg()})")
    restart = {}

    def mid_run(process):
        time.sleep((SECONDS + 20) / 2)
        restart["longest_stop_s"] = round(stack.rolling_restart(), 1)
        return restart

    burst_started = time.monotonic()
    burst_images_before = images_done(stack)
    burst = locust(stack, "burst", PARTNERS + 1, SECONDS + 20, keys, jobs_file, during=mid_run)
    burst_elapsed = time.monotonic() - burst_started
    result["burst"] = {"rows": burst["rows"], "rolling_restart": restart, "loadavg": loadavg(),
                       "images_per_s": round((images_done(stack) - burst_images_before) / burst_elapsed, 2)}
    log(f"{stack.name}: cancel the rest of the burst, let the rest drain")
    cancel_active(stack)
    left = wait_terminal(stack, 60)
    result["integrity"] = {**db_report(stack, jobs_file), "left_active": left}
    stack.stop_workers()

    # 3 + 4: the accept path at each web process count, then rendering that backlog.
    for processes in web_counts:
        # The cap would stop 40 partners' back-to-back creates within a second: raised here.
        stack.start_web(processes, ACCOUNT_ACTIVE_JOBS_MAX="1000000", ACCOUNT_ACTIVE_IMAGES_MAX="1000000")
        accept_file = work / f"jobs-accept-{processes}.txt"
        accept_file.touch()
        time.sleep(2)
        before, web_before = stack.counters(), web_cpu(stack)
        log(f"{stack.name}: accept, {processes} web processes, {SECONDS // 2} s (load {loadavg()})")
        accept = locust(stack, "accept", ACCEPTORS, SECONDS // 2, keys, accept_file)
        after, web_after = stack.counters(), web_cpu(stack)
        accepted = accept["rows"].get("POST create 1-image job", {}).get("count", 0)
        result[f"accept_web{processes}"] = {"rows": accept["rows"], "loadavg": loadavg(), "accepted": accepted,
                                            "cost": diff(after, before), "web_cpu_ms": web_after - web_before}
    stack.start_web(2)
    stack.start_workers()
    log(f"{stack.name}: render the backlog, {SECONDS // 2} s (load {loadavg()})")
    time.sleep(8)  # past the clusters' start-up

    def frozen_counts():
        # The workers stopped (SIGSTOP) while everything is counted, so that images,
        # CPU and the services' counters describe the same moment.
        for cluster in stack.clusters:
            os.killpg(cluster.pid, signal.SIGSTOP)
        counts = stack.counters(), images_done(stack), worker_cpu(stack)
        for cluster in stack.clusters:
            os.killpg(cluster.pid, signal.SIGCONT)
        return counts

    before, images_before, cpu_before = frozen_counts()
    started = time.monotonic()
    time.sleep(SECONDS // 2)
    elapsed = time.monotonic() - started
    after, images_after, cpu_after = frozen_counts()
    stack.stop_workers()
    rendered = images_after - images_before
    result["render"] = {"images": rendered, "images_per_s": round(rendered / elapsed, 2),
                        "cost": diff(after, before), "worker_cpu_ms": cpu_after - cpu_before, "loadavg": loadavg()}
    cancel_active(stack)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {"seconds": SECONDS, "partners": PARTNERS, "acceptors": ACCEPTORS, "cpus": os.cpu_count(),
                     "loadavg_start": loadavg()}
    which = os.environ.get("LOADTEST_STACKS", "scaleout,sqlite").split(",")
    for name in which:
        work = Path(tempfile.mkdtemp(prefix=f"loadtest-{name}-"))
        os.chmod(work, 0o755)
        stack = ScaleOutStack(work) if name == "scaleout" else SqliteStack(work)
        try:
            run_stack(stack, [1, 2, 4] if name == "scaleout" else [2], results)
        finally:
            stack.stop()
            (OUT / "results.json").write_text(json.dumps(results, indent=2))
            if not os.environ.get("LOADTEST_KEEP"):
                shutil.rmtree(work, ignore_errors=True)
    results["loadavg_end"] = loadavg()
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    from loadtest.report import report
    print(report(results))


if __name__ == "__main__":
    main()
