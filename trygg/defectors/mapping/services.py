"""Kartläggning and the police's risk analysis: reads and writes.

The mapping is the case officers' structured judgement of needs and threats, one level and
free text per needs area. Every level is chosen by a person; nothing here adds levels up,
weighs them or derives a "risk" from them (EU AI Act art. 5(1)(d)). The police's risk
analysis is only registered as received: Trygg never produces one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.core.exceptions import ApplicationError
from trygg.defectors.cases.services import record_case_event, require_edit, touch
from trygg.defectors.constants import NeedArea, NeedLevel, PoliceRiskLevel, ThreatIndication
from trygg.defectors.documents import storage as files
from trygg.defectors.models import Case, Mapping, MappingNeed, PoliceRiskAnalysis

MAX_REFERENCE_LENGTH = 100


# --- Reads ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NeedRow:
    area: str
    label: str
    level: str
    level_label: str
    notes: str


def mapping_get(*, case: Case) -> Mapping | None:
    """The case's mapping with its needs, or None before the first save."""
    return (
        Mapping.objects.filter(case=case)
        .select_related("updated_by")
        .prefetch_related("needs")
        .first()
    )


def mapping_needs(mapping: Mapping | None) -> list[NeedRow]:
    """One row per needs area, in the fixed order; "not assessed yet" where nothing is saved."""
    saved = {need.area: need for need in mapping.needs.all()} if mapping else {}
    rows = []
    for area in NeedArea:
        need = saved.get(area.value)
        level = need.level if need else NeedLevel.NOT_ASSESSED
        rows.append(
            NeedRow(
                area=area.value,
                label=str(area.label),
                level=level,
                level_label=str(NeedLevel(level).label),
                notes=need.notes if need else "",
            )
        )
    return rows


def risk_analyses(*, case: Case) -> list[PoliceRiskAnalysis]:
    """The police's risk analyses registered in the case, newest first."""
    return list(
        PoliceRiskAnalysis.objects.filter(case=case).select_related("document", "registered_by")
    )


# --- Writes -----------------------------------------------------------------------------


def _not_in_future(day: Date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), field=field)


def _clean_needs(needs: dict) -> dict[str, tuple[str, str]]:
    cleaned = {}
    for area, (level, notes) in needs.items():
        if area not in NeedArea.values:
            raise ApplicationError(_("Unknown needs area."))
        if level not in NeedLevel.values:
            raise ApplicationError(
                _("Choose one of the levels in the list."), field=f"{area}_level"
            )
        cleaned[area] = (level, (notes or "").strip())
    return cleaned


def mapping_save(
    *,
    actor,
    case: Case,
    threat_level: str,
    threat_notes: str,
    completed_on: Date | None,
    needs: dict[str, tuple[str, str]],
) -> Mapping:
    """Save the mapping: the threat picture, the date it was completed and, per needs area,
    the level the case officer chose and their notes.

    The mapping and one row per needs area are created on the first save; an area left out
    of ``needs`` keeps what it had. The audit event names the areas that changed (codes),
    and whether the threat picture or the completion date changed.
    """
    require_edit(actor, case)
    threat_level = threat_level or ""
    if threat_level and threat_level not in ThreatIndication.values:
        raise ApplicationError(_("Choose one of the levels in the list."), field="threat_level")
    _not_in_future(completed_on, "completed_on")
    needs = _clean_needs(needs)
    threat_notes = (threat_notes or "").strip()

    with transaction.atomic():
        # Lock the case first, so two first saves cannot both create the mapping.
        Case.objects.select_for_update().only("pk").get(pk=case.pk)
        mapping = Mapping.objects.filter(case=case).first()
        created = mapping is None
        if created:
            mapping = Mapping(case=case)
        threat_changed = not created and (mapping.threat_level, mapping.threat_notes) != (
            threat_level,
            threat_notes,
        )
        completed_changed = not created and mapping.completed_on != completed_on
        mapping.threat_level = threat_level
        mapping.threat_notes = threat_notes
        mapping.completed_on = completed_on
        mapping.updated_by = actor.user
        mapping.full_clean(exclude=["case"])
        mapping.save()

        existing = {} if created else {need.area: need for need in mapping.needs.all()}
        changed_areas = []
        for area in NeedArea.values:
            need = existing.get(area)
            level, notes = needs.get(
                area,
                (need.level, need.notes) if need else (NeedLevel.NOT_ASSESSED, ""),
            )
            if need is None:
                MappingNeed.objects.create(mapping=mapping, area=area, level=level, notes=notes)
                if (level, notes) != (NeedLevel.NOT_ASSESSED, ""):
                    changed_areas.append(area)
            elif (need.level, need.notes) != (level, notes):
                need.level, need.notes = level, notes
                need.save(update_fields=["level", "notes"])
                changed_areas.append(area)

        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.mapping.update",
            mapping=mapping.pk,
            created=created,
            areas=changed_areas,
            threat=threat_changed or (created and bool(threat_level or threat_notes)),
            completed=completed_changed or (created and completed_on is not None),
        )
    return mapping


def risk_analysis_register(
    *,
    actor,
    case: Case,
    received_on: Date,
    level: str,
    police_reference: str,
    notes: str,
    upload=None,
) -> PoliceRiskAnalysis:
    """Register the police's risk analysis as received, with its document if there is one.

    The document is checked and stored encrypted (``files.store``); a refused file raises
    ``ApplicationError`` with field "file" and nothing is saved.
    """
    require_edit(actor, case)
    if received_on is None:
        raise ApplicationError(_("Enter the date the analysis was received."), field="received_on")
    _not_in_future(received_on, "received_on")
    if level not in PoliceRiskLevel.values:
        raise ApplicationError(_("Choose one of the levels in the list."), field="level")
    police_reference = (police_reference or "").strip()
    if len(police_reference) > MAX_REFERENCE_LENGTH:
        raise ApplicationError(
            _("The reference number can be at most %(max)s characters.")
            % {"max": MAX_REFERENCE_LENGTH},
            field="police_reference",
        )
    document = None
    try:
        with transaction.atomic():
            if upload is not None:
                document = files.store(case=case, upload=upload, user=actor.user)
            analysis = PoliceRiskAnalysis(
                case=case,
                received_on=received_on,
                level=level,
                police_reference=police_reference,
                notes=(notes or "").strip(),
                document=document,
                registered_by=actor.user,
            )
            analysis.full_clean()
            analysis.save()
            touch(case)
            record_case_event(
                actor=actor,
                case=case,
                action="defectors.risk_analysis.create",
                analysis=analysis.pk,
                level=level,
                document=document.pk if document else None,
            )
    except Exception:
        if document is not None:
            # The rows went with the transaction; the encrypted object in storage must too.
            files.delete_stored(document)
        raise
    return analysis
