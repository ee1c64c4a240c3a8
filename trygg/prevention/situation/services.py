"""Lägesbild: drafted by the prevention coordinator, adopted by a named body on a date, then
frozen. A new version starts from an adopted one and copies its problems. Every write is
audited (ids only)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.audit.services import record
from trygg.core.exceptions import ApplicationError
from trygg.core.files import checked_type, display_name
from trygg.prevention.adoption import adoption
from trygg.prevention.est.identity import IDENTITY_NUMBER
from trygg.prevention.models import Problem, Situation, SituationAttachment, SituationStatus
from trygg.prevention.policies import prevention_policy

TEXTS = ("title", "other_sources", "analysis")


def _no_identity_numbers(**texts: str) -> None:
    """A lägesbild is about places and groups; an identity number never belongs in it."""
    for field, text in texts.items():
        if IDENTITY_NUMBER.search(text or ""):
            raise ApplicationError(
                _(
                    "The text looks like it holds an identity number: a situational picture is "
                    "about places and groups, never about a person."
                ),
                field=field,
            )


def _period(period_from: date, period_to: date) -> None:
    if period_to < period_from:
        raise ApplicationError(_("The period cannot end before it starts."), field="period_to")


def _draft(actor, situation: Situation) -> Situation:
    prevention_policy.require(actor, "manage_indicators", situation)
    locked = Situation.objects.select_for_update().get(pk=situation.pk)
    if locked.status != SituationStatus.DRAFT:
        raise ApplicationError(
            _("An adopted situational picture cannot change. Start a new version from it.")
        )
    return locked


def situation_create(*, actor, indicators, **fields) -> Situation:
    prevention_policy.require(actor, "manage_indicators")
    _period(fields["period_from"], fields["period_to"])
    _no_identity_numbers(**{name: fields.get(name, "") for name in TEXTS})
    with transaction.atomic():
        situation = Situation.objects.create(
            municipality_id=actor.municipality_id, created_by=actor.user, **fields
        )
        situation.indicators.set(indicators)
        record(action="prevention.situation.create", actor=actor, target=situation)
    return situation


def situation_update(*, actor, situation: Situation, indicators, **fields) -> Situation:
    _period(fields["period_from"], fields["period_to"])
    _no_identity_numbers(**{name: fields.get(name, "") for name in TEXTS})
    with transaction.atomic():
        locked = _draft(actor, situation)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        locked.indicators.set(indicators)
        record(action="prevention.situation.update", actor=actor, target=locked)
    return locked


def problem_add(*, actor, situation: Situation, districts, **fields) -> Problem:
    _no_identity_numbers(**{k: fields.get(k, "") for k in ("title", "affected", "why", "sources")})
    with transaction.atomic():
        locked = _draft(actor, situation)
        if any(d.municipality_id != locked.municipality_id for d in districts):
            raise ApplicationError(_("Choose the municipality's own districts."), field="districts")
        priority = locked.problems.count() + 1
        problem = Problem.objects.create(situation=locked, priority=priority, **fields)
        problem.districts.set(districts)
        record(
            action="prevention.problem.add",
            actor=actor,
            target=locked,
            payload={"problem": problem.pk, "priority": priority},
        )
    return problem


def problem_remove(*, actor, situation: Situation, problem: Problem) -> None:
    with transaction.atomic():
        locked = _draft(actor, situation)
        problem.delete()
        for priority, left in enumerate(locked.problems.order_by("priority", "id"), start=1):
            if left.priority != priority:
                Problem.objects.filter(pk=left.pk).update(priority=priority)
        record(
            action="prevention.problem.remove",
            actor=actor,
            target=locked,
            payload={"problem": problem.pk},
        )


def situation_adopt(
    *, actor, situation: Situation, decided_by_body: str, adopted_on: date
) -> Situation:
    """Adopted by a body (the council, a committee) on a day; frozen from now on."""
    decided_by_body, adopted_at = adoption(decided_by_body, adopted_on)
    with transaction.atomic():
        locked = _draft(actor, situation)
        if not locked.problems.exists():
            raise ApplicationError(_("Name at least one problem before adopting."))
        locked.status = SituationStatus.ADOPTED
        locked.decided_by_body = decided_by_body
        locked.adopted_by = actor.user
        locked.adopted_at = adopted_at
        locked.save()
        record(action="prevention.situation.adopt", actor=actor, target=locked)
    return locked


def situation_new_version(*, actor, situation: Situation) -> Situation:
    """A new draft from an adopted version, with its text, indicators and problems."""
    prevention_policy.require(actor, "manage_indicators", situation)
    if situation.status != SituationStatus.ADOPTED:
        raise ApplicationError(_("Only an adopted situational picture gets a new version."))
    with transaction.atomic():
        draft = Situation.objects.create(
            municipality_id=situation.municipality_id,
            title=situation.title,
            period_from=situation.period_from,
            period_to=situation.period_to,
            other_sources=situation.other_sources,
            analysis=situation.analysis,
            version=situation.version + 1,
            previous=situation,
            created_by=actor.user,
        )
        draft.indicators.set(situation.indicators.all())
        for problem in situation.problems.prefetch_related("districts"):
            copy = Problem.objects.create(
                situation=draft,
                priority=problem.priority,
                title=problem.title,
                affected=problem.affected,
                why=problem.why,
                sources=problem.sources,
            )
            copy.districts.set(problem.districts.all())
        _copy_attachments(situation, draft)
        record(
            action="prevention.situation.version",
            actor=actor,
            target=draft,
            payload={"from": situation.pk},
        )
    return draft


# --- Attachments: the other sources as documents -------------------------------------------


def attachment_add(*, actor, situation: Situation, title: str, upload) -> SituationAttachment:
    """Checked like every upload (type by content, size); only while the picture is a draft."""
    title = title.strip()
    if not title:
        raise ApplicationError(_("Say what the document is."), field="title")
    _no_identity_numbers(title=title)
    name = display_name(getattr(upload, "name", ""))
    extension, file_type = checked_type(upload, name)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        locked = _draft(actor, situation)
        attachment = SituationAttachment(
            situation=locked,
            title=title,
            original_name=name,
            content_type=file_type.content_type,
            size=upload.size,
            sha256=digest.hexdigest(),
            uploaded_by=actor.user,
        )
        attachment.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
        try:
            attachment.save()
            record(
                action="prevention.situation.attach",
                actor=actor,
                target=locked,
                payload={"attachment": attachment.pk},
            )
        except BaseException:
            attachment.file.delete(save=False)
            raise
    return attachment


def attachment_remove(*, actor, attachment: SituationAttachment) -> None:
    with transaction.atomic():
        locked = _draft(actor, attachment.situation)
        storage, name = attachment.file.storage, attachment.file.name
        record(
            action="prevention.situation.detach",
            actor=actor,
            target=locked,
            payload={"attachment": attachment.pk},
        )
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


def _copy_attachments(source: Situation, draft: Situation) -> None:
    """A new version gets its own copy of each document, so that removing one from the draft
    never touches the adopted version's."""
    for attachment in source.attachments.all():
        extension = attachment.file.name.rsplit(".", 1)[-1]
        with attachment.file.open("rb") as handle:
            content = ContentFile(handle.read())
        copy = SituationAttachment(
            situation=draft,
            title=attachment.title,
            original_name=attachment.original_name,
            content_type=attachment.content_type,
            size=attachment.size,
            sha256=attachment.sha256,
            uploaded_by=attachment.uploaded_by,
        )
        copy.file.save(f"{uuid.uuid4().hex}.{extension}", content, save=False)
        copy.save()
