"""The edit page as applicants meet it: what is required, every error at once, and a
colleague's save never silently overwritten."""

import re

import pytest

from trygg.audit.models import AuditEvent
from trygg.core.roles import Role
from trygg.fund.constants import ApplicationStatus
from trygg.fund.models import Application

pytestmark = pytest.mark.django_db


def _form(**fields) -> dict:
    return {
        "title": "Belysning i Vårby",
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-0-description": "",
        "budget-0-amount_kr": "",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-0-name": "",
        "indicators-0-baseline": "",
        "indicators-0-target": "",
        **fields,
    }


@pytest.fixture
def draft(login, client, applicant, call):
    login(applicant)
    client.post(f"/trygghetsfond/utlysning/{call.pk}/ny-ansokan/", {"title": "Belysning i Vårby"})
    return Application.objects.get(title="Belysning i Vårby")


def _label(html: str, field_id: str) -> str:
    match = re.search(
        rf'<(label|fieldset)[^>]*(for|id)="{field_id}"[^>]*>.*?</(label|legend)>', html, re.S
    )
    assert match, field_id
    return match.group(0)


def test_fields_required_to_submit_are_marked_and_the_rest_say_optional(client, draft, call):
    html = client.get(f"/trygghetsfond/ansokan/{draft.pk}/redigera/").content.decode()
    for field_id in (
        "id_summary",
        "id_category",
        "id_measure_types",
        "id_districts",
        "id_start_date",
        "id_budget-0-description",
        "id_indicators-0-name",
    ):
        assert "required-to-submit" in _label(html, field_id), field_id
        assert "optional" not in _label(html, field_id), field_id
    required_question = call.questions.filter(required=True).first()
    assert "required-to-submit" in _label(html, f"id_question_{required_question.pk}")
    for field_id in ("id_partners", "id_co_financing_kr"):
        assert 'class="optional"' in _label(html, field_id), field_id
    # The title is required even for a draft: no marker at all.
    assert "optional" not in _label(html, "id_title")
    assert "required-to-submit" not in _label(html, "id_title")


def test_submitting_names_every_problem_at_once(client, draft):
    """The form's own errors and the missing parts come in one summary, not in layers."""
    response = client.post(
        f"/trygghetsfond/ansokan/{draft.pk}/redigera/",
        _form(
            submit="1",
            start_date="2027-05-01",
            end_date="2027-04-01",
            **{"budget-0-description": "Armaturer"},
        ),
    )
    assert response.status_code == 200
    summary = re.search(
        r'<div class="ds-error-summary".*?</div>', response.content.decode(), re.S
    ).group(0)
    for link in (
        "#id_end_date",
        "#id_budget-0-amount_kr",
        "#id_summary",
        "#id_category",
        "#id_districts",
        "#id_problem_basis",
        "#id_risks",
    ):
        assert f'href="{link}"' in summary, link
    # Missing indicator: named once, without a row error.
    assert summary.count("<li>") >= 1 and "indikator" in summary.lower()
    assert "Lägg till minst en budgetrad" not in summary  # a line was typed, only its amount lacks
    draft.refresh_from_db()
    assert (draft.status, draft.start_date, draft.edit_version) == (
        ApplicationStatus.DRAFT,
        None,
        0,
    )


def test_a_colleagues_save_is_shown_beside_mine_and_never_overwritten(
    login, client, draft, applicant, make_user, kultur
):
    colleague = make_user(Role.SOKANDE, kultur, with_device=False, full_name="Kim Kollega")
    url = f"/trygghetsfond/ansokan/{draft.pk}/redigera/"
    page = client.get(url).content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)

    login(colleague)
    saved = client.post(url, _form(save="1", version=version, summary="Kims text", risks="Inga"))
    assert saved.status_code == 302

    login(applicant)
    mine = client.post(url, _form(save="1", version=version, summary="Min text", risks="Inga"))
    assert mine.status_code == 200
    html = mine.content.decode()
    assert "Kim Kollega" in html
    conflict = re.search(
        r'<div class="ds-alert" data-color="warning" id="conflict".*?</table>', html, re.S
    ).group(0)
    assert "Kims text" in conflict and "Min text" in conflict
    assert "Risker" not in conflict  # only where the versions differ
    # My text is still in the form, and nothing of it was written.
    assert "Min text</textarea>" in html
    draft.refresh_from_db()
    assert draft.summary == "Kims text"
    assert (
        AuditEvent.objects.filter(action="fund.application.update", target_id=str(draft.pk)).count()
        == 1
    )

    # Saving again, now with both versions seen, keeps mine.
    new_version = re.search(r'name="version" value="(\d+)"', html).group(1)
    assert new_version == "1"
    again = client.post(url, _form(save="1", version=new_version, summary="Min text", risks="Inga"))
    assert again.status_code == 302
    draft.refresh_from_db()
    assert (draft.summary, draft.edit_version) == ("Min text", 2)
