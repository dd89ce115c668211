"""Turns loadtest/run.py's results into the README's tables and the capacity model."""
from __future__ import annotations

import json
import sys

# The capacity model's hosts: like this machine (2 cores) unless said otherwise.
WEB_HOST_CORES = 2
WORKER_HOST_CORES = 2
DB_HOST_CORES = 8          # a mid-size managed PostgreSQL
REDIS_OPS_PER_S = 100_000  # one Redis core, small commands (redis-benchmark's order of magnitude)
WAL_BYTES_PER_S = 100e6    # a sustained 100 MB/s of WAL to a network disk
S3_REQUESTS_PER_S = 3_500  # S3's documented PUT rate per prefix (each job has its own prefix)


def _row(rows: dict, name: str) -> dict:
    return rows.get(name) or {}


def _fmt(value, digits=0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def per_unit(cost: dict, units: int) -> dict:
    return {k: v / units for k, v in cost.items()} if units else {}


IMAGES_PER_JOB = 3  # the model's jobs: 3 images, the README's example


def capacity(results: dict) -> tuple[dict, list[dict]]:
    """Accepted-and-rendered jobs/s each shared service allows, from the measured cost
    of one accepted job and of one rendered image (IMAGES_PER_JOB per job)."""
    stack = results.get("PostgreSQL + Redis + S3 (moto)")
    if not stack or "render" not in stack:
        return {}, []
    acc = stack.get("accept_web2") or next(v for k, v in stack.items() if k.startswith("accept_web"))
    job = per_unit(acc["cost"], acc["accepted"])
    job["web_cpu_ms"] = acc["web_cpu_ms"] / max(acc["accepted"], 1)
    render = stack["render"]
    image = per_unit(render["cost"], render["images"])
    image["worker_cpu_ms"] = render["worker_cpu_ms"] / max(render["images"], 1)
    unit = {"job": job, "image": image}

    def per_job(name: str) -> float:
        return max(job.get(name, 0) + IMAGES_PER_JOB * image.get(name, 0), 1e-9)

    shared = {
        f"PostgreSQL CPU ({DB_HOST_CORES} cores)": DB_HOST_CORES * 1000 / per_job("pg_cpu_ms"),
        "Redis (one core)": REDIS_OPS_PER_S / per_job("redis_commands"),
        "WAL (100 MB/s)": WAL_BYTES_PER_S / per_job("pg_wal_bytes"),
    }
    table = []
    for web_hosts in (1, 4, 16):
        limits = {f"web CPU ({web_hosts} × {WEB_HOST_CORES} cores)":
                  web_hosts * WEB_HOST_CORES * 1000 / max(job["web_cpu_ms"], 1e-9), **shared}
        bottleneck = min(limits, key=limits.get)
        jobs_per_s = limits[bottleneck]
        worker_hosts = jobs_per_s * IMAGES_PER_JOB * image["worker_cpu_ms"] / (WORKER_HOST_CORES * 1000)
        pg_cores = jobs_per_s * per_job("pg_cpu_ms") / 1000
        table.append({"web_hosts": web_hosts, "limits": limits, "bottleneck": bottleneck, "jobs_per_s": jobs_per_s,
                      "worker_hosts": worker_hosts, "pg_cores_needed": pg_cores})
    return unit, table


def report(results: dict) -> str:
    out = [f"Load test: {results['seconds']} s phases, {results['partners']} partners (+1 bursting), "
           f"{results['acceptors']} on the accept path; {results['cpus']} cores; "
           f"load average at start {results['loadavg_start']}, at end {results.get('loadavg_end', '?')}", ""]
    out.append("| stack | web procs | accepted creates/s | create p50 / p99 ms | poll p50 / p99 ms | images/s |")
    out.append("|---|---|---|---|---|---|")
    for name, stack in results.items():
        if not isinstance(stack, dict) or "render" not in stack:
            continue
        poll = _row(stack["partners"]["rows"], "GET poll /api/v1/jobs/{id}")
        for key in sorted(k for k in stack if k.startswith("accept_web")):
            acc = stack[key]
            create = _row(acc["rows"], "POST create 1-image job")
            out.append(f"| {name} | {key.removeprefix('accept_web')} | {_fmt(create.get('rps'), 1)} | "
                       f"{_fmt(create.get('p50'))} / {_fmt(create.get('p99'))} | "
                       f"{_fmt(poll.get('p50'))} / {_fmt(poll.get('p99'))} | "
                       f"{_fmt(stack['render']['images_per_s'], 1)} |")
    out += ["", "| stack | 3-image job p50 / p95 s, idle | p50 / p95 s, one partner bursting | ratio p95 | "
            "rolling restart: longest stop s | accepted jobs | terminal | double-charged | ledger |",
            "|---|---|---|---|---|---|---|---|---|"]
    for name, stack in results.items():
        if not isinstance(stack, dict) or "burst" not in stack:
            continue
        idle = _row(stack["partners"]["rows"], "JOB 3-image job completed")
        busy = _row(stack["burst"]["rows"], "JOB 3-image job completed")
        ratio = (busy.get("p95") or 0) / idle["p95"] if idle.get("p95") else None
        integrity = stack["integrity"]
        terminal = sum(integrity["by_status"].values()) if integrity["left_active"] == 0 else "NO"
        out.append(f"| {name} | {_fmt((idle.get('p50') or 0) / 1000, 1)} / {_fmt((idle.get('p95') or 0) / 1000, 1)} | "
                   f"{_fmt((busy.get('p50') or 0) / 1000, 1)} / {_fmt((busy.get('p95') or 0) / 1000, 1)} | "
                   f"{_fmt(ratio, 2)} | {stack['burst']['rolling_restart'].get('longest_stop_s', '–')} | "
                   f"{integrity['accepted']} | {terminal} ({integrity['by_status']}) | "
                   f"{integrity['double_captured']} | {'exact' if integrity['ledger_ok'] else 'MISMATCH'} |")
    unit, table = capacity(results)
    if unit:
        job, image = unit["job"], unit["image"]
        out += ["", "| cost of | PostgreSQL statements | transactions | WAL bytes | PostgreSQL CPU ms | "
                "Redis commands | storage requests | storage bytes | app CPU ms |",
                "|---|---|---|---|---|---|---|---|---|"]
        for label, cost, app in (("one accepted job", job, job["web_cpu_ms"]),
                                 ("one rendered image", image, image["worker_cpu_ms"])):
            out.append(f"| {label} | {_fmt(cost.get('pg_statements'), 1)} | {_fmt(cost.get('pg_xacts'), 1)} | "
                       f"{_fmt(cost.get('pg_wal_bytes'))} | {_fmt(cost.get('pg_cpu_ms'), 2)} | "
                       f"{_fmt(cost.get('redis_commands'), 1)} | {_fmt(cost.get('s3_requests'), 1)} | "
                       f"{_fmt(cost.get('storage_bytes'))} | {_fmt(app, 1)} |")
        out += ["", f"{IMAGES_PER_JOB}-image jobs, accepted and rendered, per second:", "",
                f"| web hosts ({WEB_HOST_CORES} cores) | jobs/s at the first bottleneck | first bottleneck | "
                "limits (jobs/s) | worker hosts to render it | PostgreSQL cores busy |", "|---|---|---|---|---|---|"]
        for row in table:
            limits = "; ".join(f"{name} {_fmt(value)}" for name, value in row["limits"].items())
            out.append(f"| {row['web_hosts']} | {_fmt(row['jobs_per_s'])} | {row['bottleneck']} | {limits} | "
                       f"{_fmt(row['worker_hosts'], 0)} | {_fmt(row['pg_cores_needed'], 1)} |")
    return "\n".join(out)


if __name__ == "__main__":
    print(report(json.loads(open(sys.argv[1] if len(sys.argv) > 1 else "var/loadtest/results.json").read())))
