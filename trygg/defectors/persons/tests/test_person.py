"""The person section: details, masking until reveal, editing, identifying an anonymous
contact, relatives and contacts; refusals and audit events."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.core.exceptions import ApplicationError
from trygg.defectors.cases.tests.test_services import demo_actor, intake
from trygg.defectors.conftest import ADAM, LEILA, case_of, personal_fragments
from trygg.defectors.constants import CaseStatus, Protection
from trygg.defectors.models import Case, DuplicateMatch, Person, PersonContact
from trygg.defectors.persons import services as persons

pytestmark = pytest.mark.django_db

TEAM = "handlaggare@huddinge.example"
REFUSED = {
    "handlaggare2@huddinge.example": 404,  # same unit, not on the team
    "chef@huddinge.example": 404,  # unit manager, not on the team
    "handlaggare@botkyrka.example": 404,  # another municipality
    "analytiker@sodertorn.example": 403,
    "admin@huddinge.example": 403,
}
RELATIVE = "Maja Släktingsdotter"
NEW_NUMBER = "19900101-0017"


def url(name: str, case, *args) -> str:
    return reverse(f"defectors:{name}", args=[case.pk, *args])


def person_data(person, **overrides) -> dict:
    data = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "contact": person.contact,
        "protection": person.protection,
    }
    return {**data, **overrides}


def add_relative(case, name=RELATIVE, **overrides):
    fields = {"relation": "parent", "name": name, "contact": "Tel. 070-000 00 77", "note": ""}
    return persons.contact_add(actor=demo_actor(TEAM), case=case, **{**fields, **overrides})


def anonymous_case():
    return intake(demo_actor(TEAM), given_name="", family_name="")


def audit_text(action: str) -> str:
    return str(list(AuditEvent.objects.filter(action=action).values_list("payload", flat=True)))


# --- The page and masking -------------------------------------------------------------------


def test_team_sees_the_person_and_relatives_and_the_view_is_audited(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    add_relative(case)
    response = client.get(url("person", case))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Provsson", ADAM, "070-000 00 01", RELATIVE, "070-000 00 77"):
        assert text in body
    assert 'name="given_name"' in body and 'name="relative-name"' in body
    event = AuditEvent.objects.filter(action="defectors.person.view").latest("id")
    assert (event.target_type, event.target_id) == ("defectors.case", str(case.pk))
    assert event.payload == {"person": case.person_id}


def test_protected_person_and_relatives_are_masked_until_an_audited_reveal(as_demo):
    client = as_demo(TEAM)
    case = case_of(LEILA)
    add_relative(case)
    page = client.get(url("person", case)).content
    hidden = [b"Leila", b"Testdotter", LEILA.encode(), b"200109234179", b"Adress skyddad"]
    hidden += [RELATIVE.encode(), b"070-000 00 77"]
    assert [h for h in hidden if h in page] == []
    assert b'name="given_name"' not in page  # the edit form would hold the name
    assert not AuditEvent.objects.filter(action="defectors.person.reveal").exists()

    revealed = client.post(url("person_reveal", case))
    assert revealed.status_code == 200
    for text in ("Leila Testdotter", LEILA, "Adress skyddad", RELATIVE):
        assert text.encode() in revealed.content
    assert b'name="given_name"' in revealed.content
    event = AuditEvent.objects.get(action="defectors.person.reveal")
    assert (event.target_type, event.target_id) == ("defectors.case", str(case.pk))
    assert event.payload == {"person": case.person_id}

    again = client.get(url("person", case)).content
    assert [h for h in hidden if h in again] == []  # for that one response only


@pytest.mark.parametrize("email", list(REFUSED))
def test_others_are_refused_and_see_nothing(as_demo, email):
    case = case_of(ADAM)
    relative = add_relative(case)
    client = as_demo(email)
    person = Person.objects.get(pk=case.person_id)
    requests = [
        ("get", url("person", case), {}),
        ("post", url("person_reveal", case), {}),
        ("post", url("person_update", case), person_data(person, contact="Ändrad")),
        ("post", url("person_identify", case), {"given_name": "X", "reserve": "on"}),
        ("post", url("contact_add", case), {"relative-relation": "parent", "relative-name": "Y"}),
        ("post", url("contact_remove", case, relative.pk), {}),
    ]
    for method, path, data in requests:
        response = getattr(client, method)(path, data)
        assert response.status_code == REFUSED[email], (email, path)
        fragments = personal_fragments(huddinge_only=email == "handlaggare@botkyrka.example")
        fragments.append(RELATIVE.encode())
        assert not [f for f in fragments if f in response.content], (email, path)
    person.refresh_from_db()
    assert person.contact == "Tel. 070-000 00 01"
    assert list(PersonContact.objects.values_list("pk", flat=True)) == [relative.pk]
    user = User.objects.get(email=email)
    assert not AuditEvent.objects.filter(
        action__in=["defectors.person.view", "defectors.person.reveal"], actor_id=user.pk
    ).exists()


def test_anonymous_is_sent_to_login(client, demo):
    response = client.get(url("person", case_of(ADAM)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Changing the person's details ------------------------------------------------------------


def test_team_changes_the_contact_details_and_the_audit_names_the_field_only(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    response = client.post(
        url("person_update", case), person_data(case.person, contact="Ny adress 1, Huddinge")
    )
    assert response.status_code == 302
    person = Person.objects.get(pk=case.person_id)
    assert person.contact == "Ny adress 1, Huddinge" and person.family_name == "Provsson"
    event = AuditEvent.objects.filter(action="defectors.person.update").latest("id")
    assert event.target_id == str(case.pk)
    assert event.payload == {"person": person.pk, "fields": ["contact"]}


def test_protection_can_be_raised_and_masks_the_person_at_once(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    client.post(
        url("person_update", case),
        person_data(case.person, protection=Protection.SEKRETESSMARKERING),
    )
    event = AuditEvent.objects.filter(action="defectors.person.update").latest("id")
    assert event.payload["fields"] == ["protection"]
    page = client.get(url("person", case)).content
    assert b"Provsson" not in page and ADAM.encode() not in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"protection": "invisible"}, "protection"),
        ({"given_name": "x" * 101}, "given_name"),
        ({"given_name": "", "family_name": ""}, "given_name"),
    ],
)
def test_bad_person_details_are_refused_next_to_the_field(as_demo, overrides, field):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    response = client.post(url("person_update", case), person_data(case.person, **overrides))
    assert response.status_code == 200
    assert f'id="id_{field}_error"'.encode() in response.content
    person = Person.objects.get(pk=case.person_id)
    assert (person.given_name, person.family_name, person.protection) == (
        "Adam",
        "Provsson",
        "none",
    )
    assert not AuditEvent.objects.filter(action="defectors.person.update").exists()


# --- Identifying an anonymous contact ---------------------------------------------------------


def test_anonymous_contact_is_identified_with_an_identity_number(as_demo):
    client = as_demo(TEAM)
    case = anonymous_case()
    page = client.get(url("person", case)).content
    assert b'name="identity_number"' in page and b'name="relative-name"' not in page
    response = client.post(
        url("person_identify", case),
        {
            "given_name": "Sam",
            "family_name": "Provsson",
            "identity_number": NEW_NUMBER,
            "protection": "none",
            "contact": "",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    person = case.person
    assert person.identity_number == "199001010017" and person.reserve_id == ""
    assert person.municipality_id == case.municipality_id and person.birth_day == 1
    event = AuditEvent.objects.filter(action="defectors.person.identify").latest("id")
    assert event.target_id == str(case.pk)
    assert event.payload == {"person": person.pk, "reserve": False, "protected": False}
    assert "0017" not in audit_text("defectors.person.duplicate_check")


def test_anonymous_contact_is_identified_with_a_reserve_number(as_demo):
    client = as_demo(TEAM)
    case = anonymous_case()
    response = client.post(
        url("person_identify", case),
        {"given_name": "Okänd", "reserve": "on", "protection": "skyddad_folkbokforing"},
    )
    assert response.status_code == 302
    person = Case.objects.get(pk=case.pk).person
    assert person.reserve_id.startswith(f"R-{timezone.now().year}-")
    assert person.identity_number == "" and person.protection == "skyddad_folkbokforing"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"given_name": "Sam", "identity_number": "19900101-0018"}, "identity_number"),
        ({"given_name": "Sam"}, "identity_number"),
        ({"given_name": "", "reserve": "on"}, "given_name"),
        ({"given_name": "Sam", "identity_number": NEW_NUMBER, "reserve": "on"}, "reserve"),
    ],
)
def test_bad_identification_is_refused_next_to_the_field(as_demo, data, field):
    client = as_demo(TEAM)
    case = anonymous_case()
    persons_before = Person.objects.count()
    response = client.post(url("person_identify", case), {"protection": "none", **data})
    assert response.status_code == 200
    assert f'id="id_{field}_error"'.encode() in response.content
    assert Person.objects.count() == persons_before
    assert Case.objects.get(pk=case.pk).person_id is None


def test_invalid_identity_number_message_is_in_swedish(as_demo):
    client = as_demo(TEAM)
    case = anonymous_case()
    response = client.post(
        url("person_identify", case),
        {"given_name": "Sam", "identity_number": "19900101-0018", "protection": "none"},
    )
    assert b"giltigt" in response.content


def test_identifying_a_registered_person_goes_to_the_unit_manager_unseen(as_demo):
    client = as_demo(TEAM)
    case = anonymous_case()
    data = {"given_name": "Sam", "identity_number": ADAM, "protection": "none"}
    created = client.post(url("person_identify", case), data, follow=True)
    assert created.status_code == 200
    assert b"Provsson" not in created.content
    assert Case.objects.get(pk=case.pk).person_id is not None
    check = AuditEvent.objects.get(
        action="defectors.person.duplicate_check", target_id=str(case.pk)
    )
    assert check.payload == {"found": True}
    assert DuplicateMatch.objects.get(case=case).decided_at is None


def test_identified_person_cannot_be_identified_again(demo):
    case = case_of(ADAM)
    with pytest.raises(ApplicationError):
        persons.person_identify(
            actor=demo_actor(TEAM),
            case=case,
            given_name="Sam",
            family_name="",
            identity_number=NEW_NUMBER,
            reserve=False,
            protection="none",
            contact="",
        )
    assert Case.objects.get(pk=case.pk).person_id == case.person_id


# --- Relatives and contacts ---------------------------------------------------------------


def test_team_adds_and_removes_a_relative_and_both_are_audited_without_names(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    before = Case.objects.get(pk=case.pk).last_entry_at
    response = client.post(
        url("contact_add", case),
        {
            "relative-relation": "sibling",
            "relative-name": RELATIVE,
            "relative-contact": "Tel. 070-000 00 77",
            "relative-note": "Ring efter kl. 17",
        },
    )
    assert response.status_code == 302
    relative = PersonContact.objects.get(person_id=case.person_id)
    assert (relative.relation, relative.name, relative.note) == (
        "sibling",
        RELATIVE,
        "Ring efter kl. 17",
    )
    created = AuditEvent.objects.get(action="defectors.contact.create")
    assert created.payload == {"person": case.person_id, "contact": relative.pk, "custody": False}
    assert Case.objects.get(pk=case.pk).last_entry_at > before

    response = client.post(url("contact_remove", case, relative.pk))
    assert response.status_code == 302
    assert not PersonContact.objects.exists()
    deleted = AuditEvent.objects.get(action="defectors.contact.delete")
    assert deleted.payload == {"person": case.person_id, "contact": relative.pk}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"relative-relation": "enemy", "relative-name": RELATIVE}, "relative-relation"),
        ({"relative-relation": "parent", "relative-name": ""}, "relative-name"),
    ],
)
def test_bad_relative_is_refused_next_to_the_field(as_demo, data, field):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    response = client.post(url("contact_add", case), data)
    assert response.status_code == 200
    assert f'id="id_{field}_error"'.encode() in response.content
    assert not PersonContact.objects.exists()
    assert not AuditEvent.objects.filter(action="defectors.contact.create").exists()


def test_relative_of_another_person_cannot_be_removed_through_this_case(as_demo):
    client = as_demo(TEAM)
    adam, leila = case_of(ADAM), case_of(LEILA)
    leilas = add_relative(leila)
    response = client.post(url("contact_remove", adam, leilas.pk))
    assert response.status_code == 404
    assert PersonContact.objects.filter(pk=leilas.pk).exists()


def test_relatives_page_says_they_are_left_out_of_the_register_extract(as_demo):
    client = as_demo(TEAM)
    response = client.get(url("person", case_of(ADAM)))
    text = response.content.decode()
    assert "register extract" in text or "registerutdrag" in text


def test_closed_case_is_read_only(as_demo):
    client = as_demo(TEAM)
    case = case_of(ADAM)
    relative = add_relative(case)
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.AVSLUTAT, closed_at=timezone.now(), outcome="completed"
    )
    page = client.get(url("person", case))
    assert page.status_code == 200
    assert b'name="given_name"' not in page.content
    assert b'name="relative-name"' not in page.content
    assert RELATIVE.encode() in page.content  # still readable
    person = Person.objects.get(pk=case.person_id)
    assert (
        client.post(url("person_update", case), person_data(person, contact="X")).status_code == 403
    )
    assert client.post(url("contact_remove", case, relative.pk)).status_code == 403
    assert PersonContact.objects.filter(pk=relative.pk).exists()
    with pytest.raises(PermissionDenied):
        add_relative(Case.objects.get(pk=case.pk), name="Annan")
