"""Default deny: every URL is either on the short public list or guarded."""

import re

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from trygg.core.access import PUBLIC, access_of
from trygg.core.roles import Role

PUBLIC_ALLOW_LIST = {
    "healthz",
    "readyz",
    "accessibility",
    "privacy",
    "set_language",
    "accounts:login",
    "accounts:verify",
    "accounts:enrol",
    "accounts:password_reset",
    "accounts:password_reset_sent",
    "accounts:password_reset_confirm",
    "fund_public:public_list",
    "fund_public:public_csv",
    "fund_public:public_json",
    "fund_public:public_detail",
    # The published action plans: adopted plans their coordinator chose to publish.
    "prevention_public:list",
    "prevention_public:plan",
    "prevention_public:csv",
    "prevention_public:json",
    # The API: public at the Django level because every operation authenticates with a
    # personal API token and checks its scope itself (trygg.api.auth.TokenAuth; the API's
    # default auth refuses). openapi-json is the schema; api-root only answers 404.
    "api:api-root",
    "api:openapi-json",
    "api:application_list",
    "api:application_detail",
    "api:decision_create",
    "api:ledger_detail",
}


def all_patterns(resolvers=None, prefix="", namespace=""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_patterns(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), entry.callback


def example_path(route: str) -> str:
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:str:|slug:)?\w+>", "x", path)
    return "/" + path.lstrip("^").rstrip("$")


PATTERNS = list(all_patterns())


def test_every_view_declares_its_access_rule():
    undeclared = [name for name, _route, view in PATTERNS if access_of(view) is None]
    assert undeclared == []


def test_only_the_allow_list_is_public():
    public = {name for name, _route, view in PATTERNS if access_of(view) == PUBLIC}
    assert public == PUBLIC_ALLOW_LIST


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "route"),
    [(name, route) for name, route, view in PATTERNS if access_of(view) != PUBLIC],
)
def test_anonymous_visitor_is_sent_to_login(client, name, route):
    for method in (client.get, client.post):
        response = method(example_path(route))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/konto/logga-in/?next="), name


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.urlconf_unguarded")
def test_view_without_access_rule_is_refused_even_when_logged_in(login, make_user, client):
    login(make_user(Role.SYSTEMADMINISTRATOR))
    response = client.get("/glomd/")
    assert response.status_code == 403
    assert b"secret" not in response.content


@pytest.mark.django_db
def test_public_pages_answer_without_login(client):
    for path in ("/healthz", "/readyz", "/tillganglighet/", "/konto/logga-in/"):
        assert client.get(path).status_code == 200, path
