"""A protected identity (skyddad folkbokföring) never shows in a list, a section of the case
or an export unless a team member has chosen to show it, for that one response."""

import pytest
from django.urls import NoReverseMatch, reverse

from trygg.defectors.cases.sections import SECTIONS
from trygg.defectors.conftest import LEILA, case_of

pytestmark = pytest.mark.django_db

TEAM = "handlaggare@huddinge.example"
CHIEF = "chef@huddinge.example"
HIDDEN = [
    b"Leila",
    b"Testdotter",
    LEILA.encode(),
    LEILA.replace("-", "").encode(),
    b"Adress skyddad",
]


def _leaks(content: bytes) -> list[bytes]:
    return [fragment for fragment in HIDDEN if fragment in content]


def test_no_page_of_the_case_shows_the_protected_identity(as_demo_full):
    client = as_demo_full(TEAM)
    case = case_of(LEILA)
    names = [name for _key, name, _label in SECTIONS] + [
        "defectors:extract",
        "defectors:legal_hold",
        "defectors:case_close",
    ]
    for name in names:
        try:
            path = reverse(name, args=[case.pk])
        except NoReverseMatch:
            continue
        response = client.get(path)
        assert response.status_code == 200, name
        assert _leaks(response.content) == [], name


def test_lists_of_the_team_mask_the_protected_identity(as_demo_full):
    client = as_demo_full(TEAM)
    for name in ("defectors:case_list", "defectors:my_tasks", "defectors:emergency"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert _leaks(response.content) == [], name
    status_filtered = client.get(reverse("defectors:case_list") + "?status=kartlaggning")
    assert _leaks(status_filtered.content) == []


def test_the_unit_managers_lists_and_exports_mask_everyone(as_demo_full):
    client = as_demo_full(CHIEF)
    for path in (
        reverse("defectors:case_list"),
        reverse("defectors:retention"),
        reverse("defectors:statistics"),
        reverse("defectors:statistics") + "?csv=1",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert _leaks(response.content) == [], path
        assert b"Provsson" not in response.content, path


def test_showing_the_identity_lasts_one_response(as_demo_full):
    client = as_demo_full(TEAM)
    case = case_of(LEILA)
    shown = client.post(reverse("defectors:reveal", args=[case.pk]))
    assert b"Testdotter" in shown.content
    again = client.get(reverse("defectors:case_detail", args=[case.pk]))
    assert _leaks(again.content) == []
