"""Keyset pages walk a list once each way, whatever ties the leading sort field has."""

import pytest
from django.http import QueryDict

from trygg.accounts.models import User
from trygg.core.keyset import keyset_page

ORDER = ("full_name", "-id")


@pytest.fixture
def users(db):
    # Three names over eleven users: most keys tie on the leading field.
    for number in range(11):
        User.objects.create(email=f"k{number}@keyset.example", full_name=f"Namn {number % 3}")
    return list(User.objects.filter(email__endswith="@keyset.example").order_by(*ORDER))


def _page(query: str):
    return keyset_page(
        User.objects.filter(email__endswith="@keyset.example"),
        ordering=ORDER,
        size=4,
        params=QueryDict(query),
    )


def test_next_links_walk_every_row_once_in_order(users):
    seen, page = [], _page("")
    assert not page.has_previous
    while True:
        seen += page.object_list
        if not page.has_next:
            break
        page = _page(page.next_query)
    assert seen == users


def test_previous_links_walk_back_from_the_last_page(users):
    page = _page("sida=last")
    assert not page.has_next and page.object_list == users[-4:]  # a full page
    seen = list(page.object_list)
    while page.has_previous:
        page = _page(page.previous_query)
        seen = page.object_list + seen
    assert seen == users


def test_other_parameters_stay_on_the_links(users):
    page = _page("status=granted")
    assert QueryDict(page.next_query)["status"] == "granted"
    assert QueryDict(page.last_query) == QueryDict("status=granted&sida=last")


def test_an_unreadable_key_is_the_first_page(users):
    assert _page("efter=not-a-key").object_list == users[:4]
    assert _page("fore=W10").object_list == users[:4]  # a list of the wrong length


def test_numbered_pages_of_old_links_still_work(users):
    assert _page("sida=2").object_list == users[4:8]
    assert _page("sida=99").object_list == users[-4:]


def test_links_carry_only_an_id_never_a_name_or_address(users):
    page = _page("")
    query = QueryDict(page.next_query)
    assert query["efter"] == str(page.object_list[-1].pk)
    assert "Namn" not in page.next_query and "keyset.example" not in page.next_query


def test_the_id_of_a_row_outside_the_list_is_the_first_page(users):
    stranger = User.objects.create(email="utanfor@annan.example", full_name="Namn 1")
    assert _page(f"efter={stranger.pk}").object_list == users[:4]
    assert _page("efter=99999999999999999999999").object_list == users[:4]
