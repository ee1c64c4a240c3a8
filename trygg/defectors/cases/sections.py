"""The frame every case page shares: the sections (the tabs under the case heading, in the
order shown), their context, and the case loaded for a write.

A section whose page does not exist (its URL name does not resolve) is left out, so a
section can be added by adding its URL name here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from trygg.core.access import require
from trygg.defectors.cases import selectors
from trygg.defectors.identity import is_protected
from trygg.defectors.policies import defectors_policy

SECTIONS = [
    ("overview", "defectors:case_detail", _("Overview")),
    ("mapping", "defectors:mapping", _("Mapping")),
    ("consents", "defectors:consents", _("Consents")),
    ("agreement", "defectors:agreements", _("Agreement")),
    ("plan", "defectors:plan", _("Plan and interventions")),
    ("journal", "defectors:journal", _("Journal")),
    ("referrals", "defectors:referrals", _("Referrals")),
    ("documents", "defectors:documents", _("Documents")),
    ("tasks", "defectors:tasks", _("Tasks")),
    ("person", "defectors:person", _("Person and contacts")),
    ("transfer", "defectors:case_transfer", _("Transfer")),
]


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url: str
    current: bool


def case_sections(case, current: str) -> list[Section]:
    sections = []
    for key, name, label in SECTIONS:
        try:
            url = reverse(name, args=[case.pk])
        except NoReverseMatch:
            continue
        sections.append(Section(key=key, label=str(label), url=url, current=key == current))
    return sections


def case_context(case, current: str, **extra) -> dict:
    """What ``defectors/case_base.html`` needs: the case, its person and the section tabs."""
    return {
        "case": case,
        "person": case.person,
        "protected": is_protected(case.person),
        "sections": case_sections(case, current),
        "current_section": current,
        "emergency_access": getattr(case, "emergency_access", None),
        **extra,
    }


def editable_case(request, case_id: int):
    """The case for a write from a page: 404 for anyone who may not open it, 403 (audited)
    when it may not be changed (a closed case). Every section's POST views start here."""
    case = selectors.case_find(actor=request.actor, case_id=case_id)
    require(request, defectors_policy, "edit", case)
    return case
