"""The deployment files in deploy/ agree with the code they deploy.

deploy/env.example names every environment variable the settings and the gunicorn
configuration read, and nothing else; filled in as the guide says, it passes
``manage.py check --deploy`` without a warning; the container image copies the same vendor
files as ``make assets``; nginx's limits sit above the app's.
"""

import ast
import base64
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from trygg.core.crypto import new_signing_key

ROOT = Path(__file__).resolve().parent.parent
ENV_EXAMPLE = ROOT / "deploy" / "env.example"
READERS = [ROOT / "config" / "settings.py", ROOT / "config" / "gunicorn.conf.py"]
NAME = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def _first_string(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def variables_read(path: Path) -> set[str]:
    """Names read with django-environ (``env.int("X", ...)``, ``env("X")``) or os.environ."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            by_environ = isinstance(func, ast.Name) and func.id == "env"
            by_environ |= (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "env"
            )
            by_os = isinstance(func, ast.Attribute) and ast.unparse(func) in {
                "os.environ.get",
                "os.getenv",
            }
            if (by_environ or by_os) and (name := _first_string(node)):
                names.add(name)
        elif (
            isinstance(node, ast.Subscript)
            and ast.unparse(node.value) == "os.environ"
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(node.slice.value)
    return names


def example_names() -> set[str]:
    return set(NAME.findall(ENV_EXAMPLE.read_text(encoding="utf-8")))


def example_values() -> dict[str, str]:
    """The variables env.example sets (not those only shown commented out)."""
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            values[match.group(1)] = match.group(2)
    return values


def test_env_example_names_every_variable_the_settings_read():
    read = set().union(*(variables_read(path) for path in READERS))
    # The parser must see the settings at all, or the comparison proves nothing.
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "TRYGG_BIND"} <= read
    assert read - example_names() == set(), "add these to deploy/env.example"
    assert example_names() - read == set(), "deploy/env.example names variables nobody reads"


def test_env_example_filled_in_passes_check_deploy(tmp_path):
    values = example_values()
    # The secrets are left empty in the example; the guide says how to generate them.
    assert values["DJANGO_SECRET_KEY"] == values["TRYGG_FIELD_KEYS"] == ""
    assert values["TRYGG_BLIND_INDEX_KEY"] == values["TRYGG_AUDIT_SIGNING_KEY"] == ""
    key = lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()  # noqa: E731
    values.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        TRYGG_FIELD_KEYS=f"k1:{key()}",
        TRYGG_BLIND_INDEX_KEY=key(),
        TRYGG_AUDIT_SIGNING_KEY=new_signing_key(),
        # check --deploy does not connect to the database or the mail server, but the
        # SQLite file stands in for PostgreSQL so that nothing outside tmp_path is touched.
        DATABASE_URL=f"sqlite:///{tmp_path / 'trygg.sqlite3'}",
        TRYGG_MEDIA_ROOT=str(tmp_path / "media"),
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "TRYGG_ENV_FILE": str(tmp_path / "no.env"),  # never the developer's var/.env
        **values,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_image_copies_the_vendor_files_make_assets_copies():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    containerfile = (ROOT / "deploy" / "Containerfile").read_text(encoding="utf-8")
    make_copies = set(re.findall(r"cp (node_modules/\S+) \$\(VENDOR\)/(\S+)", makefile))
    image_copies = set(re.findall(r"cp (node_modules/\S+) vendor/(\S+)", containerfile))
    assert make_copies
    assert image_copies == make_copies


def test_nginx_limits_sit_above_the_apps():
    nginx = (ROOT / "deploy" / "nginx" / "trygg.conf").read_text(encoding="utf-8")
    gunicorn = (ROOT / "config" / "gunicorn.conf.py").read_text(encoding="utf-8")
    attachment_mb = int(
        re.search(r"TRYGG_FUND_ATTACHMENT_MAX_MB=(\d+)", ENV_EXAMPLE.read_text()).group(1)
    )
    body_mb = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))
    assert attachment_mb < body_mb <= attachment_mb + 5
    worker_timeout = int(re.search(r'"TRYGG_WORKER_TIMEOUT", "(\d+)"', gunicorn).group(1))
    read_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", nginx).group(1))
    assert read_timeout > worker_timeout
