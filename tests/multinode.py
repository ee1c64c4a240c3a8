"""`make multinode`: two app nodes and two task workers on one PostgreSQL, as in production.

Starts two gunicorn servers (each as `make serve` runs it, DEBUG off) and two django-tasks
database workers against one database, then shows that the nodes share everything a user
relies on:

1. a document an applicant uploads through node A downloads, byte for byte, from node B
   with the same session (sessions and files are in the database);
2. a decision recorded through node A's API is read back through node B, and the e-mail task
   it queued is run by exactly one of the two workers;
3. the daily retention job started on both nodes at the same moment is queued once, run once
   and audited once.

Exits non-zero on the first failure, naming it. ``DATABASE_URL`` must be a PostgreSQL
database of its own (CI makes ``trygg_multinode``); it is migrated and loaded with the demo
data, and may be thrown away afterwards.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from tests.production_smoke import GUNICORN, PASSWORD, PYTHON, ROOT, Browser, free_port

APPLICANT = "sokande@huddinge.example"
COORDINATOR = "samordnare@huddinge.example"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nTRYGG-MULTINODE\n%%EOF\n"


def fail(message: str) -> None:
    print(f"multi-node check FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def manage(env, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if check and result.returncode != 0:
        fail(f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}")
    return result


def query(env, code: str):
    """Run ``code`` (which sets ``result``) in a Django shell; returns ``result`` from JSON."""
    script = f"import json\n{code}\nprint('RESULT ' + json.dumps(result, default=str))"
    output = manage(env, "shell", "-c", script).stdout
    return json.loads(output.split("RESULT ", 1)[1])


def code_of(env, email: str) -> str:
    return query(
        env,
        "from django_otp.oath import totp\n"
        "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
        f"d = TOTPDevice.objects.get(user__email='{email}', confirmed=True)\n"
        "result = f'{totp(d.bin_key, step=d.step, t0=d.t0, digits=d.digits):06d}'",
    )


def log_in(browser: Browser, env, email: str) -> None:
    status, _, url = browser.post_form(
        "/konto/logga-in/", {"username": email, "password": PASSWORD}
    )
    if status != 200 or not url.endswith("/konto/logga-in/kod/"):
        fail(f"{email}: the password step ended at {url} ({status})")
    status, _, url = browser.post_form("/konto/logga-in/kod/", {"code": code_of(env, email)})
    if status != 200 or "/konto/logga-in" in url:
        fail(f"{email}: the code step ended at {url} ({status})")


def post_file(browser: Browser, path: str, fields: dict, file_field: str, name: str, data: bytes):
    status, page, _ = browser.get(path.replace("bilagor/", "redigera/"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or not token:
        fail(f"no form with a CSRF token before {path} ({status})")
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in {"csrfmiddlewaretoken": token.group(1), **fields}.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + data
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(browser.base + path, data=body, method="POST")  # noqa: S310
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    request.add_header("Referer", browser.base + path)
    return browser.open(request)


def download(browser: Browser, path: str) -> tuple[int, bytes]:
    try:
        with browser.opener.open(browser.base + path, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def api(base: str, key: str, path: str, payload: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(  # noqa: S310 - loopback only
        base + "/api/v1" + path, data=data, method="POST" if data else "GET"
    )
    request.add_header("Authorization", f"Bearer {key}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def wait_until(env, code: str, what: str, seconds: int = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = query(env, code)
        if result:
            return result
        time.sleep(1)
    fail(f"{what} did not happen within {seconds} s")


def start(env, *args: str, **extra) -> subprocess.Popen:
    return subprocess.Popen(
        list(args),
        cwd=ROOT,
        env={**env, **extra},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_health(process: subprocess.Popen, browser: Browser) -> None:
    for _ in range(60):
        if process.poll() is not None:
            fail(f"a node stopped:\n{process.stderr.read()}")
        try:
            if browser.get("/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    fail("a node did not answer /healthz within 30 s")


def decision_interrupted(env, key, node, server, application_id: int, fault: str) -> None:
    """Start a grant through ``node`` and stop it inside its transaction: after the decision,
    its instalment and the application are written, while it waits for the audit chain's
    lock, which this check holds. Then ``kill`` the web worker serving it (SIGKILL), or cut
    its ``database`` connection. Either way nothing of the grant may remain."""
    import threading

    import psycopg

    chain_lock = query(env, "from trygg.audit.services import CHAIN_LOCK_KEY as result")
    url = env["DATABASE_URL"]
    _, ledger_before = api(node.base, key, "/fund/years/2026/ledger")
    answer: dict = {}

    def grant():
        answer["result"] = api_raw(
            node.base,
            key,
            f"/fund/applications/{application_id}/decision",
            {"outcome": "granted", "reasons": "Beviljas.", "delegation_point": "4.2"},
        )

    with psycopg.connect(url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [chain_lock])
        thread = threading.Thread(target=grant)
        thread.start()
        waiting = None
        for _ in range(100):
            waiting = holder.execute(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND wait_event = 'advisory' AND datname = current_database()"
            ).fetchone()
            if waiting:
                break
            time.sleep(0.1)
        if not waiting:
            fail("the decision never reached the audit chain's lock")
        if fault == "kill":
            for pid in children_of(server.pid):
                os.kill(pid, 9)
        else:
            holder.execute("SELECT pg_terminate_backend(%s)", [waiting[0]])
        thread.join(timeout=60)
        holder.execute("SELECT pg_advisory_unlock(%s)", [chain_lock])
    status, body = answer.get("result", (0, ""))
    if fault == "database" and (status != 503 or "tillfälligt otillgänglig" not in body):
        fail(f"a lost database connection answered {status}, not the Swedish 503 page")
    left = query(
        env,
        "from trygg.fund.models import Application, Decision, Instalment\n"
        f"a = Application.objects.get(pk={application_id})\n"
        "result = [a.status, a.granted_kr, Decision.objects.filter(application=a).count(), "
        "Instalment.objects.filter(application=a).count()]",
    )
    if left != ["in_review", 0, 0, 0]:
        fail(
            f"after the fault ({fault}) the grant left "
            f"[status, granted, decisions, instalments] {left}"
        )
    wait_for_health(server, node)
    _, ledger_after = api(node.base, key, "/fund/years/2026/ledger")
    if ledger_after != ledger_before:
        fail(f"the ledger changed after the fault ({fault}): {ledger_before} -> {ledger_after}")


def children_of(parent: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


def api_raw(base: str, key: str, path: str, payload: dict) -> tuple[int, str]:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        base + "/api/v1" + path, data=json.dumps(payload).encode(), method="POST"
    )
    request.add_header("Authorization", f"Bearer {key}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError as error:  # the worker died: no answer at all
        return 0, type(error).__name__


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        fail("DATABASE_URL must name a PostgreSQL database of its own")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "TRYGG_HTTPS": "false",
        "TRYGG_TASKS_IMMEDIATE": "false",
        "TRYGG_FILE_STORAGE": "database",
        "EMAIL_URL": "consolemail://",
        "TRYGG_WORKERS": "1",
    }
    manage(env, "collectstatic", "--no-input", "-v", "0")
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "seed_demo", "--force")
    ports = [free_port(), free_port()]
    processes = [
        start(
            env,
            GUNICORN,
            "-c",
            "config/gunicorn.conf.py",
            "config.wsgi",
            TRYGG_BIND=f"127.0.0.1:{port}",
        )
        for port in ports
    ]
    processes += [
        start(env, PYTHON, "manage.py", "db_worker", "--interval", "0.5", "--no-reload")
        for _ in range(2)
    ]
    try:
        node_a, node_b = (Browser(f"http://127.0.0.1:{port}") for port in ports)
        for process, node in zip(processes, (node_a, node_b), strict=False):
            wait_for_health(process, node)
        time.sleep(1)
        for worker in processes[2:]:
            if worker.poll() is not None:
                fail(f"a task worker stopped:\n{worker.stderr.read()}")

        # 1. A document uploaded through node A is served by node B.
        draft = query(
            env,
            "from trygg.fund.models import Application\n"
            f"result = Application.objects.filter(status='draft', created_by__email='{APPLICANT}')"
            ".values_list('pk', flat=True).first()",
        )
        if not draft:
            fail("the demo data has no draft application of the applicant")
        log_in(node_a, env, APPLICANT)
        status, _, url = post_file(
            node_a,
            f"/trygghetsfond/ansokan/{draft}/bilagor/",
            {"attachment-label": "__other__"},
            "attachment-file",
            "Projektplan.pdf",
            PDF,
        )
        if status != 200 or "/redigera/" not in url:
            fail(f"the upload on node A ended at {url} ({status})")
        node_b.opener = node_a.opener  # the same browser, now sent to the other node
        status, page, _ = node_b.get(f"/trygghetsfond/ansokan/{draft}/redigera/")
        link = re.search(r'href="(/trygghetsfond/bilaga/\d+/)"', page)
        if status != 200 or not link:
            fail(f"node B does not show the attachment uploaded on node A ({status})")
        status, content = download(node_b, link.group(1))
        if status != 200 or content != PDF:
            fail(f"node B served {status} and {len(content)} bytes, not the uploaded file")
        print("1. a document uploaded through node A downloads whole from node B")

        # 2. A decision recorded through node A is seen through node B; one worker mails.
        key = manage(
            env, "create_api_token", COORDINATOR, "--scope", "fund:read", "--scope", "fund:write"
        ).stdout
        key = key.strip().splitlines()[-1]  # printed last, once
        status, listing = api(node_b.base, key, "/fund/applications?status=in_review&limit=5")
        items = listing.get("items") or []
        if status != 200 or not items:
            fail(f"node B lists no application in review ({status})")
        chosen = items[0]["id"]
        before = query(
            env,
            "from django_tasks_db.models import DBTaskResult\n"
            "result = DBTaskResult.objects.count()",
        )
        status, decision = api(
            node_a.base,
            key,
            f"/fund/applications/{chosen}/decision",
            {"outcome": "rejected", "reasons": "Ryms inte i årets ram.", "delegation_point": "4.2"},
        )
        if status != 201:
            fail(f"node A refused the decision: {status} {decision}")
        status, seen = api(node_b.base, key, f"/fund/applications/{chosen}")
        if status != 200 or seen.get("status") != "rejected":
            fail(f"node B does not see the decision made on node A: {status} {seen}")
        tasks = wait_until(
            env,
            "from django_tasks_db.models import DBTaskResult\n"
            f"new = DBTaskResult.objects.order_by('enqueued_at')[{before}:]\n"
            "result = [t.status for t in new] if new and all("
            "t.status in ('SUCCESSFUL', 'FAILED') for t in new) else None",
            "the decision's background tasks",
        )
        if set(tasks) != {"SUCCESSFUL"}:
            fail(f"the decision's tasks ended {tasks}")
        print(
            "2. a decision made through node A is seen through node B; "
            f"{len(tasks)} task(s) ran once"
        )

        # 3. The daily job, started on both nodes at once, runs once.
        starts = [
            subprocess.Popen(
                [PYTHON, "manage.py", "defectors_retention"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [process.communicate(timeout=120)[0] for process in starts]
        if sum("today's run queued" in out for out in outputs) != 1:
            fail(f"the daily job was queued {outputs}")
        counts = wait_until(
            env,
            "from django_tasks_db.models import DBTaskResult\n"
            "from trygg.audit.models import AuditEvent\n"
            "runs = DBTaskResult.objects.filter(task_path__endswith='run_retention')\n"
            "done = runs.filter(status='SUCCESSFUL').count()\n"
            "result = [runs.count(), done, "
            "AuditEvent.objects.filter(action='defectors.retention.run').count()] "
            "if done else None",
            "the daily job",
        )
        if counts != [1, 1, 1]:
            fail(f"the daily job: queued, run and audited {counts} times, not once each")
        print("3. the daily job started on both nodes at once was queued, run and audited once")

        # 4 and 5: faults in the middle of a decision, held inside its transaction.
        # The scene: a submitted demo application put in review, as the coordinator would.
        other = query(
            env,
            "from trygg.fund.models import Application\n"
            "a = Application.objects.filter(status='submitted').order_by('pk').first()\n"
            "Application.objects.filter(pk=a.pk).update(status='in_review')\n"
            "result = a.pk",
        )
        decision_interrupted(env, key, node_a, processes[0], other, "kill")
        print("4. a web worker killed during a decision: nothing written, the ledger holds")
        decision_interrupted(env, key, node_b, processes[1], other, "database")
        print("5. the database connection lost during a decision: a Swedish 503, nothing written")
        status, _ = api(
            node_a.base,
            key,
            f"/fund/applications/{other}/decision",
            {"outcome": "granted", "reasons": "Beviljas.", "delegation_point": "4.2"},
        )
        if status != 201:
            fail(f"the application could not be decided after the faults ({status})")
        manage(env, "audit_verify")
        print("   after both faults the application is decided normally; the audit chain is intact")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    print("multi-node check passed: two app nodes and two workers on one PostgreSQL")


if __name__ == "__main__":
    main()
