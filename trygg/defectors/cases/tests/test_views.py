"""Pages: the list and its audit, the case page and its audit, masking, reveal, the intake form."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trygg.audit.models import AuditEvent
from trygg.defectors.conftest import ADAM, KEVIN, LEILA, case_of
from trygg.defectors.models import Case, Person

pytestmark = pytest.mark.django_db

TEAM = "handlaggare@huddinge.example"


def test_list_records_the_ids_it_showed(as_demo):
    client = as_demo(TEAM)
    response = client.get(reverse("defectors:case_list"))
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="defectors.case.list").latest("id")
    on_team = Case.objects.filter(team__user__email=TEAM).values_list("pk", flat=True)
    assert sorted(event.payload["cases"]) == sorted(on_team)
    assert {case_of(n).pk for n in (ADAM, LEILA, KEVIN)} <= set(event.payload["cases"])
    assert event.actor_id == response.wsgi_request.user.pk


def test_every_case_view_is_audited(as_demo):
    client = as_demo(TEAM)
    for number in (ADAM, LEILA, KEVIN):
        case = case_of(number)
        assert client.get(reverse("defectors:case_detail", args=[case.pk])).status_code == 200
        assert AuditEvent.objects.filter(
            action="defectors.case.view", target_type="defectors.case", target_id=str(case.pk)
        ).exists()


def test_case_page_shows_the_case(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    body = client.get(reverse("defectors:case_detail", args=[case.pk])).content.decode()
    for text in (case.reference, "Provsson", "19970412-2382", "Hanna Handläggare"):
        assert text in body
    assert "Vill lämna nätverket" in body  # motivation notes


def test_protected_identity_is_never_in_the_list(as_demo):
    client = as_demo(TEAM)
    body = client.get(reverse("defectors:case_list")).content
    assert b"Provsson" in body  # not protected: shown to the team
    assert b"Leila" not in body and b"Testdotter" not in body
    assert b"Skyddad identitet" in body or b"Protected identity" in body


def test_protected_identity_is_shown_only_after_an_audited_reveal(as_demo):
    client = as_demo(TEAM)
    case = case_of(LEILA)
    page = client.get(reverse("defectors:case_detail", args=[case.pk])).content
    assert b"Testdotter" not in page and b"20010923" not in page
    assert not AuditEvent.objects.filter(action="defectors.person.reveal").exists()

    revealed = client.post(reverse("defectors:reveal", args=[case.pk]))
    assert revealed.status_code == 200
    assert b"Leila Testdotter" in revealed.content and b"20010923-4179" in revealed.content
    event = AuditEvent.objects.get(action="defectors.person.reveal")
    assert (event.target_type, event.target_id) == ("defectors.case", str(case.pk))
    assert event.payload == {"person": case.person_id}

    again = client.get(reverse("defectors:case_detail", args=[case.pk])).content
    assert b"Testdotter" not in again  # for that one response only


def test_reveal_is_refused_to_the_unit_manager_off_the_team(as_demo):
    client = as_demo("chef@huddinge.example")
    response = client.post(reverse("defectors:reveal", args=[case_of(LEILA).pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="defectors.person.reveal").exists()


def test_chief_on_the_team_adds_a_colleague_who_can_then_open_the_case(as_demo, client):
    from trygg.accounts.models import User

    chief = as_demo("chef@huddinge.example")
    response = chief.post(
        reverse("defectors:intake_create"),
        {
            "given_name": "",
            "date": "2026-04-01",
            "source": "police",
            "group_type": "criminal_network",
            "threat_indication": "none_known",
            "protection": "none",
        },
    )
    case = Case.objects.latest("id")
    assert response.status_code == 302 and case.person is None
    page = chief.get(reverse("defectors:case_detail", args=[case.pk])).content.decode()
    team_url = reverse("defectors:case_team", args=[case.pk])
    assert f'href="{team_url}"' in page  # one place decides the team: its own page
    colleague = User.objects.get(email="handlaggare2@huddinge.example")
    response = chief.post(team_url, {"user": colleague.pk})
    assert response.status_code == 302
    client.logout()
    other = as_demo("handlaggare2@huddinge.example")
    assert other.get(reverse("defectors:case_detail", args=[case.pk])).status_code == 200


def test_team_link_is_not_shown_to_a_case_officer(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    page = client.get(reverse("defectors:case_detail", args=[case.pk])).content.decode()
    assert reverse("defectors:case_team", args=[case.pk]) not in page


INTAKE = {
    "given_name": "Nora",
    "family_name": "Provdotter",
    "date": "2026-04-01",
    "source": "self",
    "group_type": "extremism_other",
    "threat_indication": "medium",
    "protection": "none",
}


def test_invalid_identity_number_is_shown_next_to_the_field_and_creates_nothing(as_demo):
    client = as_demo(TEAM)
    counts = (Person.objects.count(), Case.objects.count())
    response = client.post(
        reverse("defectors:intake_create"), {**INTAKE, "identity_number": "19970412-2383"}
    )
    assert response.status_code == 200
    assert b'id="id_identity_number_error"' in response.content
    assert b"valid personal identity number" in response.content or b"giltigt" in response.content
    assert (Person.objects.count(), Case.objects.count()) == counts


def test_the_officer_learns_nothing_of_a_match_and_the_manager_decides(as_demo):
    """That a person is in the programme is secret: the officer registering the intake sees
    exactly what any intake shows; the unit manager gets the match in the work queue."""
    officer = as_demo("handlaggare2@huddinge.example")
    earlier = case_of(ADAM)
    alerts = {}
    for label, number in (("match", ADAM), ("fresh", "701063-2391")):
        response = officer.post(
            reverse("defectors:intake_create"),
            {**INTAKE, "identity_number": number},
            follow=True,
        )
        assert response.redirect_chain[0][1] == 302
        html = response.content.decode()
        alerts[label] = re.findall(r'<div class="ds-alert"[^>]*>(.*?)</div>', html, re.S)
        assert "Provsson" not in html
    assert alerts["match"] == alerts["fresh"] and alerts["match"]
    listed = officer.get(reverse("defectors:case_list") + "?team=waiting").content.decode()
    assert "Kontrollera intaget" not in listed

    matched = Case.objects.filter(duplicate_match__isnull=False).get()
    chief = as_demo("chef@huddinge.example")
    start = chief.get("/").content.decode()
    assert "Intag där personen kan ha ett ärende sedan tidigare" in start
    waiting = chief.get(reverse("defectors:case_list") + "?team=waiting").content.decode()
    assert "Kontrollera intaget" in waiting
    team_page = chief.get(reverse("defectors:case_team", args=[matched.pk])).content.decode()
    assert earlier.reference in team_page and "Provsson" not in team_page
    refused = chief.post(reverse("defectors:case_duplicate", args=[matched.pk]), {})
    assert refused.status_code == 400 and b"id_decision_error" in refused.content
    decided = chief.post(
        reverse("defectors:case_duplicate", args=[matched.pk]), {"decision": "separate"}
    )
    assert decided.status_code == 302
    assert (
        "Intag där personen kan ha ett ärende sedan tidigare" not in chief.get("/").content.decode()
    )


def test_duplicate_in_another_municipality_gives_no_warning(as_demo):
    client = as_demo("handlaggare@botkyrka.example")
    response = client.post(reverse("defectors:intake_create"), {**INTAKE, "identity_number": ADAM})
    assert response.status_code == 302


def test_list_query_count_does_not_grow_with_the_cases(as_demo):
    from trygg.defectors.cases.tests.test_services import demo_actor, intake

    client = as_demo(TEAM)
    url = reverse("defectors:case_list")
    demo_cases = Case.objects.filter(team__user__email=TEAM).count()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    actor = demo_actor(TEAM)
    for _ in range(12):
        intake(actor)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["cases"]) == demo_cases + 12
    assert len(many) == len(few)


def _pager_link(html: str, label: str) -> str:
    return re.search(rf'href="(\?[^"]*)"[^>]*>{label}</a>', html).group(1).replace("&amp;", "&")


def _listed() -> list[int]:
    return AuditEvent.objects.filter(action="defectors.case.list").latest("id").payload["cases"]


def test_list_pages_by_fifty_newest_first_and_keeps_its_filter(as_demo):
    """The pager's links carry the edge case's id and the list's filter (not a page number):
    page two holds the rest, the previous page is page one again, and a filtered list stays
    filtered from page to page."""
    from trygg.defectors.cases.tests.test_services import demo_actor, intake

    actor = demo_actor(TEAM)
    demo_cases = Case.objects.filter(team__user__email=TEAM).count()
    for _ in range(50):
        intake(actor)
    client = as_demo(TEAM)
    url = reverse("defectors:case_list")
    first = client.get(url).content.decode()
    first_ids = _listed()
    assert len(first_ids) == 50
    newest_first = Case.objects.filter(pk__in=first_ids).order_by("-opened_at", "-pk")
    assert first_ids == list(newest_first.values_list("pk", flat=True))
    assert "Föregående sida" not in first

    second = client.get(url + _pager_link(first, "Nästa sida")).content.decode()
    second_ids = _listed()
    assert len(second_ids) == demo_cases and not set(second_ids) & set(first_ids)
    assert "Nästa sida" not in second
    client.get(url + _pager_link(second, "Föregående sida"))
    assert _listed() == first_ids
    client.get(url + _pager_link(first, "Sista sidan"))  # the fifty oldest
    assert len(_listed()) == 50 and _listed()[-len(second_ids) :] == second_ids

    status = "kontakt"  # every new intake's
    filtered = client.get(f"{url}?status={status}").content.decode()
    assert "status=kontakt" in _pager_link(filtered, "Nästa sida")
    client.get(url + _pager_link(filtered, "Nästa sida"))
    assert set(Case.objects.filter(pk__in=_listed()).values_list("status", flat=True)) == {status}


def test_first_contact_cannot_lie_in_the_future(as_demo):
    from datetime import timedelta

    from django.utils import timezone

    client = as_demo(TEAM)
    before = Case.objects.count()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("defectors:intake_create"), {**INTAKE, "identity_number": "", "date": tomorrow}
    )
    assert response.status_code == 200
    assert "kan inte vara senare än i dag" in response.content.decode()
    assert Case.objects.count() == before


def test_a_journal_entry_has_an_upper_length_that_the_form_states(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    url = reverse("defectors:journal", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'maxlength="20000"' in page and "Högst 20\u00a0000 tecken." in page
    entries = case.journal.count()
    response = client.post(url, {"occurred_on": "2026-03-01", "text": "x" * 20_001})
    assert response.status_code == 200
    assert case.journal.count() == entries


def test_case_list_links_are_the_case_pages():
    from trygg.defectors.cases.links import case_list_links

    for name, (head, tail) in case_list_links().items():
        url = {"detail_url": "case_detail", "team_url": "case_team", "reopen_url": "case_reopen"}
        assert f"{head}17{tail}" == reverse(f"defectors:{url[name]}", args=[17])
