"""Locust users for `make loadtest`: the roles of a working day, each with its own account.

Every user logs in through the real two-step login (password, then a code computed from its
own authenticator key) and then works: coordinators read lists, the dashboard and
applications and decide; applicants read their applications; case officers read cases and
journals and write journal entries; reviewers read their assignments; unit managers read the
case list and statistics. Forms are read from the page and posted back with their CSRF token,
as a browser would. Request names group URLs by page, not by id.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import random
import re
import struct
import time
from html.parser import HTMLParser

from locust import HttpUser, between, constant, task

with open(os.environ["TRYGG_LOADTEST_SCENE"], encoding="utf-8") as _scene:
    SCENE = json.load(_scene)
ACCOUNTS: dict[str, list[dict]] = {}
for _account in SCENE["accounts"]:
    ACCOUNTS.setdefault(_account["role"], []).append(_account)
# Each phase of the run decides applications of its own (run.py sets its share, "from:to"):
# a phase that ran out decides nothing more rather than meet another phase's decided ones.
_FROM, _TO = os.environ.get("TRYGG_LOADTEST_DECIDE", "0:").split(":")
TO_DECIDE = list(SCENE["to_decide"][int(_FROM) : int(_TO) if _TO else None])


def totp(hex_key: str, at: float | None = None) -> str:
    counter = int((at or time.time()) // 30)
    digest = hmac.new(bytes.fromhex(hex_key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


class _Forms(HTMLParser):
    """The page's POST forms: action and the values a browser would send by default."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "get").lower() == "post":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"radio", "checkbox"}:
                if "checked" in attrs:
                    fields[name] = attrs.get("value", "on")
            elif kind not in {"submit", "file"}:
                fields[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and self._select not in fields:
            if attrs.get("value"):
                fields[self._select] = attrs["value"]
        elif tag == "textarea" and name:
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


class TryggUser(HttpUser):
    abstract = True
    # The capacity phase runs without pauses; the working-day phase with a user's pauses.
    wait_time = between(1, 3) if os.environ.get("TRYGG_LOADTEST_PAUSES") == "1" else constant(0)
    role = ""

    def on_start(self):
        # The single-request phase takes the first account of a role, the others the last.
        first = os.environ.get("TRYGG_LOADTEST_FIRST") == "1"
        self.account = ACCOUNTS[self.role].pop(0 if first else -1)
        page = self.client.get("/konto/logga-in/", name="login page").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        self.client.post(
            "/konto/logga-in/",
            {
                "csrfmiddlewaretoken": token,
                "username": self.account["email"],
                "password": self.account["password"],
            },
            name="login: password",
        )
        page = self.client.get("/konto/logga-in/kod/", name="login: code page").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        with self.client.post(
            "/konto/logga-in/kod/",
            {"csrfmiddlewaretoken": token, "code": totp(self.account["key"])},
            name="login: code",
            catch_response=True,
        ) as response:
            if "/konto/logga-in" in response.url:
                response.failure("the second step did not log in")

    def page(self, path: str, name: str) -> str:
        return self.client.get(path, name=name).text

    def links(self, html: str, pattern: str) -> list[str]:
        return sorted(set(re.findall(pattern, html)))

    def submit(self, path: str, name: str, changes: dict, action_contains: str = "") -> None:
        """Post the page's own form with ``changes``, through the confirmation step where the
        page asks for one (a decision does), as a person would. A post that ends anywhere but
        in a redirect (the form refused, no confirmation form) counts as a failure."""
        html = self.page(path, name + " (form)")
        form = _own_form(html, action_contains)
        if form is None:
            return  # nothing to write here for this user (a closed case has no entry form)
        target, data = form["action"] or path, {**form["fields"], **changes}
        for step in (name, name + " (confirmed)"):
            with self.client.post(
                target, data, name=step, catch_response=True, allow_redirects=False
            ) as response:
                if response.status_code in (301, 302, 303):
                    return
                confirm = _own_form(response.text, "") if response.status_code == 200 else None
                if confirm is None or "confirmed" not in confirm["fields"] or step != name:
                    response.failure(f"not saved ({response.status_code})")
                    return
                target, data = confirm["action"] or target, confirm["fields"]


def _own_form(html: str, action_contains: str) -> dict | None:
    """The page's own POST form: not the log-out, language or role switch in the frame."""
    for form in forms_of(html):
        if (
            action_contains in form["action"]
            and "csrfmiddlewaretoken" in form["fields"]
            and not any(other in form["action"] for other in ("logga-ut", "sprak", "konto/roll"))
        ):
            return form
    return None


class Coordinator(TryggUser):
    role = "coordinator"
    weight = 8

    @task(4)
    def application_list(self):
        html = self.page("/trygghetsfond/", "fund: application list")
        self.applications = self.links(html, r'href="(/trygghetsfond/ansokan/\d+/)"')

    @task(2)
    def dashboard(self):
        self.page("/trygghetsfond/oversikt/", "fund: dashboard")

    @task(4)
    def application(self):
        if getattr(self, "applications", None):
            self.page(random.choice(self.applications), "fund: application page")

    @task(1)
    def decide(self):
        if not TO_DECIDE:
            return
        application = TO_DECIDE.pop(0)
        self.submit(
            f"/trygghetsfond/ansokan/{application}/beslut/",
            "fund: decision",
            {"outcome": "rejected", "reasons": "Åtgärden ryms inte i årets ram (lasttest)."},
            action_contains="",
        )


class Applicant(TryggUser):
    role = "applicant"
    weight = 14

    @task(3)
    def own_applications(self):
        html = self.page("/trygghetsfond/", "fund: applicant's applications")
        self.applications = self.links(html, r'href="(/trygghetsfond/ansokan/\d+/)"')

    @task(2)
    def application(self):
        if getattr(self, "applications", None):
            self.page(random.choice(self.applications), "fund: application page (applicant)")


class CaseOfficer(TryggUser):
    role = "case_officer"
    weight = 16

    @task(3)
    def case_list(self):
        html = self.page("/avhopp/", "defectors: case list")
        self.cases = self.links(html, r'href="(/avhopp/arende/\d+/)"')

    @task(3)
    def case_page(self):
        if getattr(self, "cases", None):
            self.page(random.choice(self.cases), "defectors: case page")

    @task(3)
    def journal(self):
        if getattr(self, "cases", None):
            self.page(random.choice(self.cases) + "journal/", "defectors: journal")

    @task(1)
    def journal_entry(self):
        if getattr(self, "cases", None):
            case = random.choice(self.cases)
            self.submit(
                case + "journal/",
                "defectors: new journal entry",
                {"text": "Samtal med klienten om boende och sysselsättning (lasttest)."},
            )


class Reviewer(TryggUser):
    role = "reviewer"
    weight = 6

    @task(2)
    def my_reviews(self):
        html = self.page("/trygghetsfond/", "fund: reviewer's list")
        self.reviews = self.links(html, r'href="(/trygghetsfond/granskning/\d+/)"')

    @task(3)
    def review(self):
        if getattr(self, "reviews", None):
            self.page(random.choice(self.reviews), "fund: review page")


class UnitManager(TryggUser):
    role = "unit_manager"
    weight = 6

    @task(3)
    def case_list(self):
        self.page("/avhopp/", "defectors: unit case list")

    @task(1)
    def statistics(self):
        self.page("/avhopp/statistik/", "defectors: unit statistics")


class Floor(HttpUser):
    """The bare floor: /healthz (no session, no query) through the same middleware."""

    wait_time = constant(0)

    @task
    def healthz(self):
        self.client.get("/healthz", name="bare floor (/healthz)")
