"""`make prodcheck`: the README's production install, run for real.

collectstatic with DEBUG off, migrate, then gunicorn (the documented server command) on a free
loopback port with DEBUG off and WhiteNoise serving the hashed static files. It checks that the
login page answers 200 and names its static files by their hashed names, that those files are
served, and that a signed-in page (the fund dashboard, which loads Chart.js) answers 200 after
the real two-step login. Exits non-zero on the first failure, naming it.

The database is ``DATABASE_URL`` when set (CI passes a database of its own), otherwise a
SQLite file in a temporary directory. The demo accounts are loaded with ``seed_demo --force``
only so that there is someone to log in as; this database is thrown away.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
ACCOUNT = "samordnare@huddinge.example"
PASSWORD = "Trygg-demo-2026"
HASHED_STATIC = re.compile(r'(?:src|href)="(/static/[^"]+\.[0-9a-f]{12}\.(?:css|js))"')


def fail(message: str) -> None:
    print(f"production check FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        fail(f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}")


def current_code(env: dict[str, str]) -> str:
    """The demo account's six-digit code, computed from its device in the same database."""
    script = (
        "import django; django.setup()\n"
        "from django_otp.oath import totp\n"
        "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
        f"d = TOTPDevice.objects.get(user__email='{ACCOUNT}', confirmed=True)\n"
        "print(f'{totp(d.bin_key, step=d.step, t0=d.t0, digits=d.digits):06d}')\n"
    )
    result = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


class Browser:
    """Just enough of a browser: cookies, and forms posted back with their CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def open(self, request: str | urllib.request.Request) -> tuple[int, str, str]:
        """Status, body and the URL it ended at (after redirects)."""
        try:
            with self.opener.open(request, timeout=30) as response:
                body = response.read().decode("utf-8", "replace")
                return response.status, body, response.geturl()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace"), error.geturl()

    def get(self, path: str) -> tuple[int, str, str]:
        return self.open(self.base + path)

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, str, str]:
        status, page, _ = self.get(path)
        if status != 200:
            fail(f"GET {path} answered {status}")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not token:
            fail(f"no CSRF token on {path}")
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **fields}).encode()
        request = urllib.request.Request(self.base + path, data=data, method="POST")  # noqa: S310
        request.add_header("Referer", self.base + path)
        return self.open(request)


def check_static(browser: Browser, page: str, where: str) -> list[str]:
    names = HASHED_STATIC.findall(page)
    if not names:
        fail(f"{where} names no static file by a hashed name")
    for name in names:
        status, _, _ = browser.get(name)
        if status != 200:
            fail(f"{name} (from {where}) answered {status}")
    return names


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "false",
            "TRYGG_HTTPS": "false",
            "TRYGG_TASKS_IMMEDIATE": "true",
            "EMAIL_URL": "consolemail://",
            "TRYGG_MEDIA_ROOT": str(Path(tmp) / "media"),
            "TRYGG_WORKERS": "2",
        }
        env.setdefault("DATABASE_URL", f"sqlite:///{Path(tmp) / 'prod.sqlite3'}")
        manage(env, "compilemessages", "--ignore", ".venv", "--ignore", "node_modules", "-v", "0")
        manage(env, "collectstatic", "--no-input", "--clear", "-v", "0")
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "seed_demo", "--force")

        port = free_port()
        env["TRYGG_BIND"] = f"127.0.0.1:{port}"
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [GUNICORN, "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            browser = Browser(base)
            for _ in range(60):
                if server.poll() is not None:
                    fail(f"gunicorn stopped:\n{server.stderr.read()}")
                try:
                    if browser.get("/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.5)
            else:
                fail("gunicorn did not answer /healthz within 30 s")

            status, page, _ = browser.get("/konto/logga-in/")
            if status != 200:
                fail(f"the login page answered {status}")
            check_static(browser, page, "the login page")

            status, _, url = browser.post_form(
                "/konto/logga-in/", {"username": ACCOUNT, "password": PASSWORD}
            )
            if status != 200 or not url.endswith("/konto/logga-in/kod/"):
                fail(f"the password step ended at {url} ({status})")
            status, _, url = browser.post_form("/konto/logga-in/kod/", {"code": current_code(env)})
            if status != 200 or url.rstrip("/") != base:
                fail(f"the code step ended at {url} ({status})")

            status, page, _ = browser.get("/trygghetsfond/oversikt/")
            if status != 200:
                fail(f"the fund dashboard answered {status}")
            names = check_static(browser, page, "the fund dashboard")
            if not any("chart.umd.min." in name for name in names):
                fail("the fund dashboard does not load Chart.js by its hashed name")
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("production check passed: collectstatic, gunicorn with DEBUG off, hashed static files")


if __name__ == "__main__":
    main()
