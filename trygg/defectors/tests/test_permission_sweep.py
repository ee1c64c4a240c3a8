"""Every URL of the module, for every kind of user: the case team gets in, nobody else does.

The URL list is read from the module's URL configuration, so a new page is covered the day
it is added: a case page must be refused (403/404, or 405 for the wrong method) to everyone
but the case team, with no personal data in the refusal, and must send the anonymous to the
login page. Pages that are not about one case are listed with their expected answers.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trygg.accounts.models import User
from trygg.defectors.conftest import ADAM, case_of, personal_fragments
from trygg.defectors.documents import storage as files
from trygg.defectors.models import (
    AgreementCondition,
    CaseAttachment,
    CaseTask,
    Intervention,
    JournalEntry,
    PersonContact,
)
from trygg.defectors.urls import urlpatterns as part_urls

# Each part of the case file includes its own URL list; the sweep walks all of them.
urlpatterns = [pattern for part in part_urls for pattern in part.url_patterns]

pytestmark = pytest.mark.django_db

TEAM = "handlaggare@huddinge.example"
COLLEAGUE = "handlaggare2@huddinge.example"
CHIEF = "chef@huddinge.example"
OTHER_MUNICIPALITY = "handlaggare@botkyrka.example"
ANALYST = "analytiker@sodertorn.example"
FUND_AND_ADMIN = [
    "admin@huddinge.example",
    "samordnare@huddinge.example",
    "ekonomi@huddinge.example",
    "granskare@huddinge.example",
    "sokande@huddinge.example",
    "bolag@huddinge.example",
    "logggranskare@huddinge.example",
]
REFUSED = {403, 404, 405}
# The unit manager's team pages: about one case, but for the manager of its unit, who decides
# the team without opening the case; they show no person. Everyone else is refused.
MANAGER_PAGES = {"case_team", "case_team_remove", "case_team_decide", "case_duplicate"}

# The pages that are not about one case, and what each user gets on GET.
UNIT_PAGES = {
    "case_list": {TEAM: 200, COLLEAGUE: 200, CHIEF: 200, OTHER_MUNICIPALITY: 200, ANALYST: 403},
    "intake_create": {
        TEAM: 200,
        COLLEAGUE: 200,
        CHIEF: 200,
        OTHER_MUNICIPALITY: 200,
        ANALYST: 403,
    },
    "my_tasks": {TEAM: 200, COLLEAGUE: 200, CHIEF: 200, OTHER_MUNICIPALITY: 200, ANALYST: 403},
    "emergency": {TEAM: 200, COLLEAGUE: 200, CHIEF: 200, OTHER_MUNICIPALITY: 200, ANALYST: 403},
    "emergency_follow_up": {
        TEAM: 403,
        COLLEAGUE: 403,
        CHIEF: 200,
        OTHER_MUNICIPALITY: 403,
        ANALYST: 403,
    },
    "retention": {TEAM: 403, COLLEAGUE: 403, CHIEF: 200, OTHER_MUNICIPALITY: 403, ANALYST: 403},
    "statistics": {TEAM: 403, COLLEAGUE: 403, CHIEF: 200, OTHER_MUNICIPALITY: 403, ANALYST: 200},
    # Transfers: proposed to the unit manager's municipality; the sending team's read access.
    "incoming_transfers": {CHIEF: 200},
    "handed_over": {TEAM: 200, COLLEAGUE: 200, CHIEF: 200, OTHER_MUNICIPALITY: 200},
    # The inbox of a partner agency's contact and their handover form: nobody here is one.
    "partner_referrals": {},
    "inbound_submit": {},
    # Handovers and referrals from agencies wait for the unit manager.
    "inbound_list": {CHIEF: 200},
    # Joint units: costs per home municipality, cases to take over.
    "joint": {CHIEF: 200},
}
# Pages that are not about one case but name one record (a demo transfer or referral), and
# what each user gets: Nora's transfer waits for Haninge; Sami's, accepted by Huddinge, is
# read by Botkyrka's sending case officer.
RECORD_PAGES = {
    "incoming_transfer": {CHIEF: 404},
    "handed_over_detail": {TEAM: 404, COLLEAGUE: 404, CHIEF: 404, OTHER_MUNICIPALITY: 200},
    "partner_referral": {},
    "partner_referral_package": {},
    "inbound_detail": {CHIEF: 200},  # Kriminalvården's handover of Omar
}


def _record_ids() -> dict:
    from trygg.defectors.constants import TransferStatus
    from trygg.defectors.models import Inbound, Referral, Transfer

    return {
        "incoming_transfer": Transfer.objects.get(status=TransferStatus.PROPOSED).pk,
        "handed_over_detail": Transfer.objects.get(status=TransferStatus.ACCEPTED).pk,
        "partner_referral": _referral(case_of(ADAM)).pk,
        "partner_referral_package": Referral.objects.order_by("pk").first().pk,
        "inbound_detail": Inbound.objects.order_by("pk").first().pk,
    }


def _referral(case):
    """A referral of the case (the demo's, or one made here under its police consent)."""
    from django.utils import timezone

    from trygg.defectors.models import Consent, Referral
    from trygg.organisations.models import Organisation

    found = case.referrals.first()
    if found is not None:
        return found
    return Referral.objects.create(
        case=case,
        partner=Organisation.objects.get(
            municipality_id=case.municipality_id, kind="partner", name="Polisen"
        ),
        consent=Consent.objects.filter(case=case, agency="polisen").first(),
        purpose="Hänvisning.",
        fields=["name"],
        package="[]",
        sent_by=User.objects.get(email=TEAM),
        sent_at=timezone.now(),
    )


def _ids(case) -> dict:
    """An id of each kind of record in the case, for the URLs that name one."""
    team_member = User.objects.get(email=TEAM)
    entry = JournalEntry.objects.filter(case=case).first() or JournalEntry.objects.create(
        case=case, author=team_member, occurred_on=case.opened_at.date(), text="Samtal."
    )
    attachment = CaseAttachment.objects.filter(case=case).first() or files.store(
        case=case,
        upload=SimpleUploadedFile("samtal.pdf", b"%PDF-1.4\n%test\n", "application/pdf"),
        user=team_member,
    )
    condition = AgreementCondition.objects.filter(agreement__case=case).first()
    intervention = Intervention.objects.filter(case=case).first()
    task = CaseTask.objects.filter(case=case).first()
    contact = PersonContact.objects.filter(person=case.person).first()
    assert condition and intervention and task and contact, "the demo case file is complete"
    return {
        "transfer_id": _transfer(case).pk,
        "referral_id": _referral(case).pk,
        "case_id": case.pk,
        "entry_id": entry.pk,
        "attachment_id": attachment.pk,
        "condition_id": condition.pk,
        "intervention_id": intervention.pk,
        "task_id": task.pk,
        "contact_id": contact.pk,
        "user_id": team_member.pk,
    }


def _transfer(case):
    """A transfer of the case proposed to Haninge (made here: the demo's are other cases)."""
    from django.utils import timezone

    from trygg.defectors.models import Transfer
    from trygg.organisations.models import Organisation

    found = case.transfers.first()
    if found is not None:
        return found
    return Transfer.objects.create(
        case=case,
        from_municipality_id=case.municipality_id,
        from_unit_id=case.unit_id,
        from_reference=case.reference,
        to_municipality=Organisation.objects.get(scb_code="0136"),
        reason="Flytt.",
        legal_ground="Grund",
        proposed_by=User.objects.get(email=TEAM),
        proposed_at=timezone.now(),
        owned_since=case.opened_at,
    )


def case_urls(case) -> list[tuple[str, str]]:
    ids = _ids(case)
    urls = []
    for pattern in urlpatterns:
        names = list(pattern.pattern.regex.groupindex)
        if "case_id" in names:
            urls.append(
                (
                    pattern.name,
                    reverse(f"defectors:{pattern.name}", kwargs={n: ids[n] for n in names}),
                )
            )
    return urls


def test_every_url_of_the_module_is_in_the_sweep():
    unit_level = {p.name for p in urlpatterns if "case_id" not in p.pattern.regex.groupindex}
    assert unit_level == set(UNIT_PAGES) | set(RECORD_PAGES)


@pytest.mark.parametrize("email", [COLLEAGUE, CHIEF, OTHER_MUNICIPALITY, ANALYST, *FUND_AND_ADMIN])
def test_nobody_but_the_team_reaches_any_case_url(as_demo_full, email):
    client = as_demo_full(email)
    case = case_of(ADAM)
    fragments = personal_fragments(huddinge_only=email == OTHER_MUNICIPALITY)
    for name, path in case_urls(case):
        if email == CHIEF and name in MANAGER_PAGES:
            continue  # test_the_unit_manager_reaches_the_team_pages_without_the_person
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code in REFUSED, (email, name, method, response.status_code)
            leaked = [f for f in fragments if f in response.content]
            assert leaked == [], (email, name, method, leaked)


def test_the_team_reaches_every_case_page(as_demo_full):
    client = as_demo_full(TEAM)
    case = case_of(ADAM)
    for name, path in case_urls(case):
        response = client.get(path)
        if name in MANAGER_PAGES:  # a case officer on the team does not decide the team
            assert response.status_code in REFUSED, (name, response.status_code)
            continue
        # 405: a form's POST-only address; 302: a page that sends on (e.g. to the case).
        assert response.status_code in {200, 302, 405}, (name, response.status_code)


def test_anonymous_is_sent_to_login_from_every_url(client, demo_case_files):
    case = case_of(ADAM)
    unit_urls = [(n, reverse(f"defectors:{n}")) for n in UNIT_PAGES]
    unit_urls += [(n, reverse(f"defectors:{n}", args=[pk])) for n, pk in _record_ids().items()]
    for name, path in [*case_urls(case), *unit_urls]:
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code == 302, (name, method)
            assert response["Location"].startswith(reverse("accounts:login")), (name, method)


@pytest.mark.parametrize(
    "email", [TEAM, COLLEAGUE, CHIEF, OTHER_MUNICIPALITY, ANALYST, *FUND_AND_ADMIN]
)
def test_pages_of_the_unit(as_demo_full, email):
    client = as_demo_full(email)
    ids = _record_ids()
    pages = [
        (name, expected, reverse(f"defectors:{name}")) for name, expected in UNIT_PAGES.items()
    ]
    pages += [
        (name, expected, reverse(f"defectors:{name}", args=[ids[name]]))
        for name, expected in RECORD_PAGES.items()
    ]
    for name, expected, path in pages:
        response = client.get(path)
        assert response.status_code == expected.get(email, 403), (email, name)
        if response.status_code == 200 and email != TEAM:
            fragments = personal_fragments(huddinge_only=email == OTHER_MUNICIPALITY)
            leaked = [f for f in fragments if f in response.content]
            assert leaked == [], (email, name, leaked)


def test_the_unit_manager_reaches_the_team_pages_without_the_person(as_demo_full):
    client = as_demo_full(CHIEF)
    case = case_of(ADAM)
    fragments = personal_fragments()
    pages = {name: path for name, path in case_urls(case) if name in MANAGER_PAGES}
    assert set(pages) == MANAGER_PAGES
    response = client.get(pages["case_team"])
    assert response.status_code == 200
    assert [f for f in fragments if f in response.content] == []
    for name in ("case_team_remove", "case_team_decide", "case_duplicate"):
        assert client.get(pages[name]).status_code == 405  # forms post to them
