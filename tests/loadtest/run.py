"""`make loadtest`: Trygg under load as in production, measured against its own bare floor.

On a PostgreSQL database of its own (``DATABASE_URL``): migrate, the demo data (and with
``LOADTEST_DATA=scale`` the benchmark's scale data, sized by the ``BENCH_*`` variables), the
load test's accounts (tests/loadtest/scene.py), then gunicorn as ``make serve`` runs it (DEBUG
off, ``TRYGG_WORKERS`` workers, default 2, no recycling during the run) and one task worker,
on loopback only. Locust (headless, tests/loadtest/locustfile.py) then runs four phases:

1. **single requests**: one user of each role alone, without pauses: each page's median
   when nothing else runs, and the throughput one user gets;
2. **bare floor**: ``/healthz`` (no session, no query, the full middleware) by as many users
   as phase 3, without pauses: the most this server answers at all;
3. **capacity**: the mixed roles, two users per worker, without pauses: throughput;
4. **a working day**: ``LOADTEST_USERS`` (50) users, arriving over
   ``LOADTEST_ARRIVAL_SECONDS`` (30), with 1 to 3 s pauses, for ``LOADTEST_MINUTES`` (3):
   errors, median and p95 per page, worker memory at start and end.

Targets: no errors; capacity throughput at least 10 % of the floor's with the demo data and
5 % with the scale data; at least 80 % of what the single-request phase predicts for the
number of workers (so nothing collapses under concurrency: the audit chain's lock, sessions,
connections); p95 of every page in the working day at most 5x its single-request median (or
50 ms, whichever is larger, so a 3 ms page is not failed for a scheduling hiccup); worker
memory at the end at most 20 % above the start. Writes var/loadtest.json, prints a table and
exits non-zero when a target is missed. Everything stops by itself.
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.production_smoke import GUNICORN, PYTHON, ROOT, Browser, free_port

LOCUST = str(Path(PYTHON).with_name("locust"))
ROLES = ["Coordinator", "Applicant", "CaseOfficer", "Reviewer", "UnitManager"]
WORKERS = int(os.environ.get("TRYGG_WORKERS", "2"))
USERS = int(os.environ.get("LOADTEST_USERS", "50"))
MINUTES = float(os.environ.get("LOADTEST_MINUTES", "3"))
ARRIVAL_SECONDS = float(os.environ.get("LOADTEST_ARRIVAL_SECONDS", "30"))
DATA = os.environ.get("LOADTEST_DATA", "demo")
MIN_MS = 50.0


def fail(message: str) -> None:
    print(f"load test FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def manage(env, *args: str) -> None:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        fail(f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}")


def python(env, code: str) -> None:
    result = subprocess.run(
        [PYTHON, "-c", f"import django; django.setup()\n{code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        fail(f"setting the scene failed:\n{result.stderr[-3000:]}")


def locust(
    env, host: str, csv_prefix: Path, *, users: int, seconds: int, classes, spawn=None, **extra
):
    result = subprocess.run(
        [
            LOCUST,
            "-f",
            "tests/loadtest/locustfile.py",
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(spawn or users),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--host",
            host,
            "--csv",
            str(csv_prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            *classes,
        ],
        cwd=ROOT,
        env={**env, **extra},
        capture_output=True,
        text=True,
    )
    stats = {}
    stats_file = Path(f"{csv_prefix}_stats.csv")
    if not stats_file.exists():
        fail(f"locust wrote no statistics:\n{result.stderr[-3000:]}")
    with stats_file.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            stats[row["Name"] if row["Name"] != "Aggregated" else "ALL"] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "median_ms": float(row["Median Response Time"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "rps": float(row["Requests/s"] or 0),
            }
    return stats


def worker_rss_mb(master: int) -> float:
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) != master:
                continue
            for line in (stat.parent / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except (OSError, ValueError, IndexError):
            continue
    return round(total, 1)


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        fail("DATABASE_URL must name a PostgreSQL database of its own")
    out_dir = Path(tempfile.mkdtemp(prefix="trygg-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "TRYGG_HTTPS": "false",
        "TRYGG_TASKS_IMMEDIATE": "false",
        "EMAIL_URL": "consolemail://",
        "TRYGG_WORKERS": str(WORKERS),
        "TRYGG_MAX_REQUESTS": "0",  # no recycling: memory growth must show
        "TRYGG_LOADTEST_SCENE": str(out_dir / "scene.json"),
    }
    print("Setting the scene (migrate, demo data, accounts)…", flush=True)
    manage(env, "collectstatic", "--no-input", "-v", "0")
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "seed_demo", "--force")
    if DATA == "scale":
        print("Adding the scale data…", flush=True)
        python(
            {**env, "BENCH_DATABASE_URL": env["DATABASE_URL"]},
            # Then the planner's statistics, as autovacuum would gather them (tests.bench).
            "from tests.bench import _analyze, add_scale_data; add_scale_data(); _analyze()",
        )
    python(env, f"from tests.loadtest.scene import build; build({str(out_dir / 'scene.json')!r})")

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [GUNICORN, "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env={**env, "TRYGG_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--interval", "1", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        probe = Browser(host)
        for _ in range(60):
            try:
                if probe.get("/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            fail("the server did not answer /healthz")

        print("Phase 1: one user of each role alone…", flush=True)
        single: dict[str, dict] = {}
        single_rps = []
        for role in ROLES:
            stats = locust(
                env,
                host,
                out_dir / f"single-{role}",
                users=1,
                seconds=15,
                classes=[role],
                TRYGG_LOADTEST_FIRST="1",
                TRYGG_LOADTEST_DECIDE="0:300",
            )
            single_rps.append(stats["ALL"]["rps"])
            single.update({name: row for name, row in stats.items() if name != "ALL"})
        one_user_rps = statistics.mean(single_rps)

        capacity_users = 2 * WORKERS
        print("Phase 2: the bare floor…", flush=True)
        floor = locust(
            env, host, out_dir / "floor", users=capacity_users, seconds=20, classes=["Floor"]
        )["ALL"]
        print("Phase 3: capacity, mixed roles without pauses…", flush=True)
        capacity = locust(
            env,
            host,
            out_dir / "capacity",
            users=capacity_users,
            seconds=60,
            classes=ROLES,
            TRYGG_LOADTEST_DECIDE="300:800",
        )
        time.sleep(31)  # the next phase's logins use new codes
        print(f"Phase 4: a working day, {USERS} users for {MINUTES:g} min…", flush=True)
        memory_start = worker_rss_mb(server.pid)
        day = locust(
            env,
            host,
            out_dir / "day",
            users=USERS,
            seconds=int(MINUTES * 60),
            classes=ROLES,
            # People arrive over half a minute (LOADTEST_ARRIVAL_SECONDS), not in the same
            # instant: a login's password check is deliberately slow (PBKDF2, ~0.3 s of one
            # core), and fifty in ten seconds need more than two cores have in that time, so
            # that would measure only the queue behind the hashing (README, Load test).
            spawn=round(USERS / ARRIVAL_SECONDS, 3),
            TRYGG_LOADTEST_PAUSES="1",
            TRYGG_LOADTEST_DECIDE="800:1200",
        )
        memory_end = worker_rss_mb(server.pid)
    finally:
        server.terminate()
        worker.terminate()
        server.wait(timeout=30)
        worker.wait(timeout=30)

    floor_share = capacity["ALL"]["rps"] / floor["rps"] if floor["rps"] else 0
    predicted = one_user_rps * WORKERS
    pages = []
    for name, row in sorted(day.items()):
        if name == "ALL":
            continue
        base = single.get(name, {}).get("median_ms")
        limit = max(5 * base, MIN_MS) if base else None
        pages.append(
            {
                "page": name,
                **row,
                "single_request_median_ms": base,
                "p95_within_5x_single_median": limit is None or row["p95_ms"] <= limit,
            }
        )
    checks = {
        "no_errors": all(row["failures"] == 0 for row in (*day.values(), *capacity.values())),
        "capacity_share_of_floor": floor_share >= (0.05 if DATA == "scale" else 0.10),
        "capacity_at_least_80_percent_of_prediction": capacity["ALL"]["rps"] >= 0.8 * predicted,
        "p95_within_5x_single_median": all(p["p95_within_5x_single_median"] for p in pages),
        "worker_memory_flat": memory_end <= memory_start * 1.2,
    }
    report = {
        "data": DATA,
        "workers": WORKERS,
        "bare_floor_rps": floor["rps"],
        "one_user_rps": round(one_user_rps, 1),
        "predicted_rps": round(predicted, 1),
        "capacity_rps": capacity["ALL"]["rps"],
        "capacity_share_of_floor": round(floor_share, 3),
        "capacity_pages": capacity,
        "working_day_users": USERS,
        "working_day_minutes": MINUTES,
        "working_day_arrival_seconds": ARRIVAL_SECONDS,
        "working_day_rps": day["ALL"]["rps"],
        "working_day_pages": pages,
        "worker_rss_mb_start": memory_start,
        "worker_rss_mb_end": memory_end,
        "checks": checks,
        "pass": all(checks.values()),
    }
    Path(ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var/loadtest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(
        f"bare floor {floor['rps']:.0f} req/s; capacity {capacity['ALL']['rps']:.1f} req/s "
        f"({floor_share:.1%} of the floor; predicted {predicted:.1f}); "
        f"working day {day['ALL']['rps']:.1f} req/s; workers {memory_start} -> {memory_end} MB"
    )
    print(f"{'page':58} {'requests':>8} {'fail':>5} {'median':>7} {'p95':>7} {'alone':>7}")
    for page in pages:
        print(
            f"{page['page'][:58]:58} {page['requests']:>8} {page['failures']:>5} "
            f"{page['median_ms']:>7.0f} {page['p95_ms']:>7.0f} "
            f"{page['single_request_median_ms'] or 0:>7.0f}"
        )
    for name, passed in checks.items():
        print(f"{'ok  ' if passed else 'MISS'} {name}")
    if not report["pass"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
