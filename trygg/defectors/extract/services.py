"""Register extract (registerutdrag, GDPR art. 15): everything the municipality's defector
programme holds about one person, as JSON and as PDF.

``extract_data`` builds one plain, JSON-ready dict (strings, numbers, booleans, lists) from
all the person's cases in the municipality; both formats are made from it. Third parties'
data is left out (GDPR art. 15.4, OSL 26 kap.): the person's relatives and contacts
(PersonContact) and anything about another person. Staff appear by name only as the
authors of journal entries. Documents are listed (name, date), never their contents.

A protected identity is the person's own data and is part of their extract; the page
that offers the download warns about it. The extract is always in the municipality's
language (settings.LANGUAGE_CODE): it is handed to the person as an official document.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trygg.defectors.identity import formatted_identity_number, is_protected
from trygg.defectors.models import (
    Agreement,
    AgreementCondition,
    Case,
    CaseAttachment,
    CaseStatusChange,
    CaseTask,
    ConditionFollowUp,
    Consent,
    Disclosure,
    Intervention,
    JournalEntry,
    MappingNeed,
    Person,
    PoliceRiskAnalysis,
)
from trygg.defectors.policies import defectors_policy
from trygg.defectors.retention.services import deletion_deadline, due_on

FORMATS = ("json", "pdf")
PDF_TEMPLATE = "defectors/extract_pdf.html"
# Tagged and archivable, like the fund's decision letters (fonts embedded, no external
# references).
PDF_VARIANT = "pdf/a-2a"


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _moment(value) -> str | None:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else None


def _money(value: Decimal | None) -> str | None:
    return f"{value:.2f}" if value is not None else None


def _label(instance, field: str) -> str:
    """The human label of a choice field ("" when empty)."""
    return str(getattr(instance, f"get_{field}_display")()) if getattr(instance, field) else ""


def _staff_name(user) -> str:
    return user.full_name if user is not None else ""


def _cases_of(person: Person):
    """All the person's cases in the municipality with every part of the file, in a fixed
    number of queries whatever the size of the file."""
    return (
        Case.objects.filter(person=person, municipality_id=person.municipality_id)
        .select_related("unit", "intake", "mapping", "plan")
        .prefetch_related(
            Prefetch("status_changes", queryset=CaseStatusChange.objects.order_by("at", "id")),
            Prefetch("mapping__needs", queryset=MappingNeed.objects.order_by("id")),
            Prefetch(
                "risk_analyses",
                queryset=PoliceRiskAnalysis.objects.select_related("document").order_by(
                    "received_on", "id"
                ),
            ),
            Prefetch("consents", queryset=Consent.objects.order_by("given_on", "id")),
            Prefetch(
                "disclosures",
                queryset=Disclosure.objects.select_related("consent").order_by(
                    "disclosed_on", "id"
                ),
            ),
            Prefetch("agreements", queryset=Agreement.objects.order_by("signed_on", "id")),
            Prefetch(
                "agreements__conditions",
                queryset=AgreementCondition.objects.order_by("id"),
            ),
            Prefetch(
                "agreements__conditions__follow_ups",
                queryset=ConditionFollowUp.objects.order_by("date", "id"),
            ),
            Prefetch("interventions", queryset=Intervention.objects.order_by("start_on", "id")),
            Prefetch(
                "journal",
                queryset=JournalEntry.objects.select_related("author").order_by(
                    "occurred_on", "id"
                ),
            ),
            Prefetch("attachments", queryset=CaseAttachment.objects.order_by("uploaded_at", "id")),
            Prefetch("tasks", queryset=CaseTask.objects.order_by("due_on", "id")),
        )
        .order_by("opened_at", "id")
    )


def _person(person: Person) -> dict:
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "identity_number": formatted_identity_number(person.identity_number),
        "reserve_number": person.reserve_id,
        "contact_details": person.contact,
        "protected_personal_data": _label(person, "protection"),
        "registered": _moment(person.created_at),
    }


def _intake(case: Case) -> dict | None:
    intake = getattr(case, "intake", None)
    if intake is None:
        return None
    return {
        "date": _day(intake.date),
        "referred_by": _label(intake, "source"),
        "network_or_group_type": _label(intake, "group_type"),
        "initial_threat_indication": _label(intake, "threat_indication"),
        "motivation": intake.motivation_notes,
    }


def _mapping(case: Case) -> dict | None:
    mapping = getattr(case, "mapping", None)
    if mapping is None:
        return None
    return {
        "threat_picture_level": _label(mapping, "threat_level"),
        "threat_picture": mapping.threat_notes,
        "completed": _day(mapping.completed_on),
        "needs": [
            {"area": _label(need, "area"), "need": _label(need, "level"), "notes": need.notes}
            for need in mapping.needs.all()
        ],
    }


def _agreement(agreement: Agreement) -> dict:
    return {
        "agreed_on": _day(agreement.signed_on),
        "valid_until": _day(agreement.valid_until),
        "notes": agreement.notes,
        "conditions": [
            {
                "condition": _label(condition, "kind"),
                "description": condition.description,
                "follow_ups": [
                    {"date": _day(f.date), "kept": f.kept, "note": f.note}
                    for f in condition.follow_ups.all()
                ],
            }
            for condition in agreement.conditions.all()
        ],
    }


def _interventions(case: Case) -> tuple[list[dict], dict]:
    rows, decided, actual = [], Decimal(0), Decimal(0)
    for item in case.interventions.all():
        decided += item.decided_cost or 0
        actual += item.actual_cost or 0
        rows.append(
            {
                "type": _label(item, "type"),
                "provider": item.provider,
                "start": _day(item.start_on),
                "end": _day(item.end_on),
                "status": _label(item, "status"),
                "decided_cost_sek": _money(item.decided_cost),
                "actual_cost_sek": _money(item.actual_cost),
                "notes": item.notes,
            }
        )
    return rows, {"decided_cost_sek": _money(decided), "actual_cost_sek": _money(actual)}


def _case(case: Case) -> dict:
    closed = case.closed_at is not None
    interventions, costs = _interventions(case)
    plan = getattr(case, "plan", None)
    return {
        "reference": case.reference,
        "unit": case.unit.name,
        "status": _label(case, "status"),
        "opened": _moment(case.opened_at),
        "closed": _moment(case.closed_at),
        "outcome": _label(case, "outcome"),
        "last_entry": _moment(case.last_entry_at),
        "retention": {
            "to_be_deleted_from": _day(due_on(case)) if closed else None,
            "deleted_at_the_latest": _day(deletion_deadline(case)) if closed else None,
            "legal_hold": case.legal_hold,
        },
        "intake": _intake(case),
        "status_history": [
            {
                "date": _moment(change.at),
                "from": _label(change, "from_status"),
                "to": _label(change, "to_status"),
                "outcome": _label(change, "outcome"),
                "note": change.note,
            }
            for change in case.status_changes.all()
        ],
        "mapping": _mapping(case),
        "police_risk_analyses": [
            {
                "received": _day(analysis.received_on),
                "level_stated_by_the_police": _label(analysis, "level"),
                "police_reference": analysis.police_reference,
                "notes": analysis.notes,
                "document": analysis.document.original_name if analysis.document else None,
            }
            for analysis in case.risk_analyses.all()
        ],
        "consents": [
            {
                "agency": _label(consent, "agency"),
                "organisation": consent.agency_name,
                "what_may_be_shared": consent.scope,
                "given": _day(consent.given_on),
                "valid_until": _day(consent.expires_on),
                "withdrawn": _day(consent.withdrawn_on),
                # A child's consent: the guardians' part (the guardians themselves are third
                # parties and stay out of the extract).
                "guardians": _label(consent, "guardian_basis") if consent.guardian_basis else None,
                "guardians_legal_ground": consent.guardian_ground or None,
            }
            for consent in case.consents.all()
        ],
        "disclosures": [
            {
                "date": _day(disclosure.disclosed_on),
                "agency": _label(disclosure.consent, "agency"),
                "organisation": disclosure.consent.agency_name,
                "what_was_shared": disclosure.summary,
            }
            for disclosure in case.disclosures.all()
        ],
        "agreements": [_agreement(agreement) for agreement in case.agreements.all()],
        "plan": {"goals": plan.goals} if plan is not None else None,
        "interventions": interventions,
        "intervention_costs": costs,
        "journal": [
            {
                "number": entry.pk,
                "date": _day(entry.occurred_on),
                "written_by": _staff_name(entry.author),
                "text": entry.text,
                "signed": _moment(entry.signed_at),
                "corrects": entry.corrects_id,
            }
            for entry in case.journal.all()
        ],
        "documents": [
            {"name": document.original_name, "date": _moment(document.uploaded_at)}
            for document in case.attachments.all()
        ],
        "tasks": [
            {"task": task.title, "due": _day(task.due_on), "done": _moment(task.done_at)}
            for task in case.tasks.all()
        ],
    }


def controller_of(person: Person) -> str:
    """Personuppgiftsansvarig: in a municipality each committee is its own controller, and
    the defector programme's data belongs to the social services committee over the units
    that hold the person's cases ("Socialnämnden, Huddinge kommun")."""
    from trygg.organisations.selectors import social_services_committee_of

    municipality = person.municipality
    units = {case.unit for case in person.cases.select_related("unit")}
    committees = {social_services_committee_of(unit) for unit in units} - {None}
    if not committees:
        return municipality.name
    names = sorted(committee.name for committee in committees)
    return f"{', '.join(names)}, {municipality.name}"


def extract_data(*, person: Person) -> dict:
    """Everything held about ``person`` in the defector programme of their municipality,
    third parties left out. JSON-ready; labels in the active language."""
    return {
        "title": _("Register extract"),
        "legal_basis": _("Right of access by the data subject, GDPR article 15"),
        "controller": controller_of(person),
        "created": _moment(timezone.now()),
        "about_this_extract": [
            _(
                "This extract holds all the information the municipality's defector "
                "programme has registered about you: your details and all your cases."
            ),
            _(
                "Information about other people, such as your relatives and contacts, has "
                "been left out (GDPR article 15.4; Public Access to Information and Secrecy "
                "Act, OSL)."
            ),
            _(
                "Documents are listed by name and date. Ask the case officer if you want a "
                "copy of a document."
            ),
            _(
                "A closed case is deleted %(years)d years after its last entry, unless the "
                "law requires it to be kept."
            )
            % {"years": settings.TRYGG_DEFECTORS_RETENTION_YEARS},
        ],
        "third_party_data_left_out": True,
        "person": _person(person),
        "cases": [_case(case) for case in _cases_of(person)],
    }


def register_extract(*, actor, case: Case, format: str) -> dict:
    """The extract of the person of ``case``, for the case team, audited as
    ``defectors.extract.create`` (format, person id, number of cases). The extract shows
    the person's identity in full, so for a protected identity it is also a
    ``defectors.person.reveal``, as when the team chooses to show it on a page."""
    from trygg.defectors.cases.services import record_case_event

    defectors_policy.require(actor, "extract", case)
    if case.person is None or format not in FORMATS:
        raise ValueError("an extract needs a known person and a known format")
    with translation.override(settings.LANGUAGE_CODE):
        data = extract_data(person=case.person)
    record_case_event(
        actor=actor,
        case=case,
        action="defectors.extract.create",
        format=format,
        person=case.person.pk,
        cases=len(data["cases"]),
    )
    if is_protected(case.person):
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.person.reveal",
            person=case.person.pk,
            via="extract",
        )
    return data


def extract_filename(case: Case, format: str) -> str:
    """The case reference only: a file name is seen in download lists and mail clients."""
    return f"registerutdrag-{case.reference}.{format}"


def extract_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def _refuse_fetch(url: str, *args, **kwargs):
    """The extract needs nothing from outside; never let user text make the renderer fetch."""
    raise ValueError(f"The register extract does not load external resources ({url}).")


def extract_html(data: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(PDF_TEMPLATE, {"extract": data})


def extract_pdf(data: dict) -> bytes:
    # Imported here: WeasyPrint is heavy and only this download needs it.
    from weasyprint import HTML

    return HTML(string=extract_html(data), url_fetcher=_refuse_fetch).write_pdf(
        pdf_variant=PDF_VARIANT
    )
