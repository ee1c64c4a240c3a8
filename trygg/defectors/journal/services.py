"""Journal (anteckningar): dated entries by their author, locked once signed.

A saved entry is a draft: the whole case team reads it, only its author changes, signs or
deletes it. A signed entry is a record of the case file and is locked for everyone, here
and in the database (a trigger, migration 0003). A mistake in a signed entry is put right
by a correction: a new entry that points at the old one, which stays as it was.

Audit payloads carry ids only, never the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date as Date

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
    Window,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.services import record_refusal
from trygg.core.exceptions import ApplicationError
from trygg.core.sqlite import gate_open
from trygg.defectors.cases.services import record_case_event, require_edit, touch
from trygg.defectors.documents import storage as files
from trygg.defectors.models import Case, CaseAttachment, JournalEntry
from trygg.defectors.policies import defectors_policy

ENTRIES_PER_PAGE = 50


# --- Reads ------------------------------------------------------------------------------


_ATTACHMENTS = Prefetch(
    "attachments",
    queryset=CaseAttachment.objects.select_related("uploaded_by").order_by("uploaded_at", "id"),
    to_attr="attachment_list",
)
_CORRECTIONS = Prefetch(
    "corrections",
    queryset=JournalEntry.objects.defer("text").order_by("created_at", "id"),
    to_attr="correction_list",
)


def _entries(case: Case) -> QuerySet[JournalEntry]:
    """The case's entries, newest first, with their author and the entry they correct.

    Each entry carries ``attachment_list`` and ``correction_list`` (plain lists: prefetching
    into the related managers would build a queryset per entry, fifty a page)."""
    return (
        JournalEntry.objects.filter(case=case)
        .select_related("author", "corrects")
        .defer("corrects__text")
        .prefetch_related(_ATTACHMENTS, _CORRECTIONS)
        .order_by("-occurred_on", "-id")
    )


def journal_list(*, actor, case: Case, page: int | str | None = 1) -> Page:
    """One page (at most 50) of the case's entries, newest first, drafts included.

    The caller has found the case with ``case_find``. One query reads the page, the number
    of entries (a window count, not a query of its own) and whether each entry has
    attachments or corrections; the query for either runs only when an entry of the page
    has one, which most do not. One ``defectors.journal.list`` event records which entries
    were shown.
    """
    # The columns a card shows, of the entry, its author and the entry it corrects.
    listed = (
        _entries(case)
        .prefetch_related(None)
        .only(
            "id",
            "case_id",
            "occurred_on",
            "text",
            "signed_at",
            "author__id",
            "author__full_name",
            "corrects__id",
            "corrects__occurred_on",
        )
        .annotate(
            total=Window(Count("id")),
            has_attachments=Exists(CaseAttachment.objects.filter(journal_entry=OuterRef("pk"))),
            has_corrections=Exists(JournalEntry.objects.filter(corrects=OuterRef("pk"))),
        )
    )
    text = str(page or "")
    number = int(text) if text.isascii() and text.isdigit() and int(text) > 0 else 1
    rows = _page_rows(listed, number)
    if not rows and number > 1:  # past the end: the last page, as Paginator.get_page does
        number = max(1, -(-listed.count() // ENTRIES_PER_PAGE))
        rows = _page_rows(listed, number)
    prefetch_related_objects([e for e in rows if e.has_attachments], _ATTACHMENTS)
    prefetch_related_objects([e for e in rows if e.has_corrections], _CORRECTIONS)
    for entry in rows:
        if not entry.has_attachments:
            entry.attachment_list = []
        if not entry.has_corrections:
            entry.correction_list = []
    paginator = Paginator(listed, ENTRIES_PER_PAGE)
    paginator.count = rows[0].total if rows else 0  # read with the page, not counted again
    shown = Page(rows, number, paginator)
    record_case_event(
        actor=actor,
        case=case,
        action="defectors.journal.list",
        page=shown.number,
        entries=[entry.pk for entry in shown.object_list],
    )
    return shown


def _page_rows(entries: QuerySet[JournalEntry], number: int) -> list[JournalEntry]:
    start = (number - 1) * ENTRIES_PER_PAGE
    return list(entries[start : start + ENTRIES_PER_PAGE])


def journal_entry_find(*, case: Case, entry_id: int) -> JournalEntry:
    """An entry of ``case`` (found by ``case_find``), or 404. Not audited: for writes."""
    entry = _entries(case).filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return entry


def journal_entry_get(*, actor, case: Case, entry_id: int) -> JournalEntry:
    """An entry of ``case``, or 404; the view is audited (``defectors.journal.view``)."""
    entry = journal_entry_find(case=case, entry_id=entry_id)
    record_case_event(actor=actor, case=case, action="defectors.journal.view", entry=entry.pk)
    return entry


def can_change(actor, entry: JournalEntry) -> bool:
    """Whether the actor may change, sign or delete the entry (the case's own edit rule
    is checked separately): their own draft only."""
    return entry.signed_at is None and entry.author_id == actor.user.pk


# --- Writes -----------------------------------------------------------------------------


def _validated(occurred_on: Date | None, text: str) -> str:
    if occurred_on is None:
        raise ApplicationError(_("Enter the date of the entry."), field="occurred_on")
    if occurred_on > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), field="occurred_on")
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Write the entry."), field="text")
    return text


def _require_own_entry(actor, case: Case, entry: JournalEntry, action: str) -> None:
    if entry.case_id != case.pk:
        raise Http404
    if entry.author_id != actor.user.pk:
        record_refusal(actor=actor, policy=defectors_policy, action=action, obj=case)
        raise PermissionDenied(_("Only the author can change a draft."))


def journal_entry_require_signable(*, actor, case: Case, entry: JournalEntry) -> None:
    """Before asking "sign?": only the author signs (refused and audited otherwise)."""
    _require_own_entry(actor, case, entry, "journal_sign")


def _locked_draft(entry: JournalEntry, refusal: str) -> JournalEntry:
    """The entry's row, locked against a concurrent signature; refused once signed."""
    locked = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.signed_at is not None:
        raise ApplicationError(refusal)
    return locked


def _signed_refusal() -> str:
    return _("The entry is signed and can no longer be changed. Write a correction instead.")


@contextmanager
def _removed_on_failure() -> Iterator[list[CaseAttachment]]:
    """Stored files of the block's new attachments are removed again if the block fails,
    so a rolled-back write leaves no orphan on the storage."""
    stored: list[CaseAttachment] = []
    try:
        yield stored
    except BaseException:
        for attachment in stored:
            files.delete_stored(attachment)
        raise


def journal_entry_create(
    *, actor, case: Case, occurred_on: Date | None, text: str, upload=None
) -> JournalEntry:
    """Write a new entry as a draft of the actor, with an optional attachment."""
    require_edit(actor, case)
    text = _validated(occurred_on, text)
    with _removed_on_failure() as stored, transaction.atomic():
        entry = JournalEntry.objects.create(
            case=case, author=actor.user, occurred_on=occurred_on, text=text
        )
        attachment = None
        if upload is not None:
            attachment = files.store(case=case, upload=upload, user=actor.user, journal_entry=entry)
            stored.append(attachment)
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.journal.create",
            entry=entry.pk,
            attachment=attachment.pk if attachment else None,
        )
    return entry


def journal_entry_update(
    *, actor, case: Case, entry: JournalEntry, occurred_on: Date | None, text: str, upload=None
) -> JournalEntry:
    """Change the actor's own draft (and add an attachment). A signed entry is refused."""
    require_edit(actor, case)
    _require_own_entry(actor, case, entry, "journal_update")
    text = _validated(occurred_on, text)
    with _removed_on_failure() as stored, transaction.atomic():
        locked = _locked_draft(entry, _signed_refusal())
        locked.occurred_on = occurred_on
        locked.text = text
        locked.save(update_fields=["occurred_on", "text", "updated_at"])
        attachment = None
        if upload is not None:
            attachment = files.store(
                case=case, upload=upload, user=actor.user, journal_entry=locked
            )
            stored.append(attachment)
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.journal.update",
            entry=locked.pk,
            attachment=attachment.pk if attachment else None,
        )
    return locked


def journal_entry_sign(*, actor, case: Case, entry: JournalEntry) -> JournalEntry:
    """Sign the actor's own draft: from now on nobody can change or delete it."""
    require_edit(actor, case)
    _require_own_entry(actor, case, entry, "journal_sign")
    with transaction.atomic():
        locked = _locked_draft(entry, _("The entry is already signed."))
        locked.signed_at = timezone.now()
        locked.save(update_fields=["signed_at", "updated_at"])
        touch(case)
        record_case_event(actor=actor, case=case, action="defectors.journal.sign", entry=locked.pk)
    return locked


def journal_entry_correct(
    *, actor, case: Case, entry: JournalEntry, occurred_on: Date | None, text: str
) -> JournalEntry:
    """Write a correction of a signed entry: a new draft of the actor that points at it.

    Any member of the team may correct any signed entry; the old entry stays as it was.
    """
    require_edit(actor, case)
    # Read again: the caller's object may be older than the signature.
    target = JournalEntry.objects.filter(pk=entry.pk, case=case).only("signed_at").first()
    if target is None:
        raise Http404
    if target.signed_at is None:
        raise ApplicationError(
            _("The entry is not signed yet: its author can change it instead of correcting it.")
        )
    text = _validated(occurred_on, text)
    with transaction.atomic():
        correction = JournalEntry.objects.create(
            case=case, author=actor.user, occurred_on=occurred_on, text=text, corrects=target
        )
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.journal.correct",
            entry=correction.pk,
            corrects=entry.pk,
        )
    return correction


def journal_entry_delete(*, actor, case: Case, entry: JournalEntry) -> None:
    """Delete the actor's own draft and its attachments. A signed entry is refused."""
    require_edit(actor, case)
    _require_own_entry(actor, case, entry, "journal_delete")
    with transaction.atomic():
        locked = _locked_draft(entry, _("The entry is signed and cannot be deleted."))
        attachments = list(locked.attachments.all())
        touch(case)
        record_case_event(
            actor=actor,
            case=case,
            action="defectors.journal.delete",
            entry=locked.pk,
            attachments=[a.pk for a in attachments],
        )
        locked.delete()
        for attachment in attachments:
            # The file goes only once the row is surely gone; a rollback keeps both.
            transaction.on_commit(
                lambda attachment=attachment: files.delete_stored(attachment), robust=True
            )


# --- Retention ------------------------------------------------------------------------


@contextmanager
def retention_delete_allowed() -> Iterator[None]:
    """Let the block delete signed entries: retention deletes whole cases.

    The journal's trigger refuses to delete a signed entry unless the transaction has said
    it deletes for retention: on PostgreSQL by setting ``trygg.retention``, on SQLite by a
    row in the delete gate (``trygg.core.sqlite``). This opens a transaction (or savepoint),
    says so for the block only and unsays it after. Use it only around deleting whole cases.
    """
    if connection.vendor == "sqlite":
        with gate_open("retention"):
            yield
        return
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        _set_retention("on")
        yield
        # On an error the rollback (to the savepoint) undoes the setting by itself.
        _set_retention("off")


def _set_retention(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('trygg.retention', %s, true)", [value])
