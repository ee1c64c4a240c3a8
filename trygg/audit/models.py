from django.db import models
from django.utils.translation import gettext_lazy as _

from trygg.core.fields import EncryptedTextField

GENESIS_HASH = "0" * 64
# Emergency access (nödåtkomst) in the log: its grant's action, and the payload key that every
# event done under one carries. The log review lists them often; a partial index serves it.
EMERGENCY_ACTION_PREFIX = "defectors.emergency."
EMERGENCY_PAYLOAD_KEY = "emergency"


class AuditEvent(models.Model):
    """One append-only, hash-chained record of something that happened.

    ``hash`` is SHA-256 over the previous event's hash and this event's canonical
    content, so removing, reordering or editing any row breaks the chain from there on.
    Actor and organisation are stored as plain ids (not foreign keys) so the log outlives
    the rows it speaks of. The payload holds ids and codes, never personal data.
    """

    at = models.DateTimeField(_("time"), db_index=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    actor_id = models.BigIntegerField(_("actor"), null=True, blank=True, db_index=True)
    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True)
    # The municipality whose log this event belongs to; log review is scoped by it.
    municipality_id = models.BigIntegerField(
        _("municipality"), null=True, blank=True, db_index=True
    )
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            # The regional log review reads events with no municipality by organisation.
            models.Index(
                fields=["organisation_id"],
                condition=models.Q(municipality_id__isnull=True),
                name="audit_event_regional",
            ),
            # "Emergency access only": the few such events, newest first, without walking
            # back through every other event (the filter is logreview.review.filter_emergency).
            models.Index(
                fields=["municipality_id", "-id"],
                condition=models.Q(action__startswith=EMERGENCY_ACTION_PREFIX)
                | models.Q(payload__has_key=EMERGENCY_PAYLOAD_KEY),
                name="audit_event_emergency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action}"


class AuditEventTarget(models.Model):
    """A further row an event concerns besides its target: each case a list showed.

    An index for the log review, so that "every event about case 17" also finds the list
    pages that showed case 17. It is derived from the payload, which the hash covers, so it
    adds nothing that the chain must protect; it is written with the event, in its
    transaction, and never changed.
    """

    # No database constraint: like the event's own ids, the index never stops or delays a
    # change to the (trigger-guarded) event table, and an FK check would be one more trigger.
    event = models.ForeignKey(
        AuditEvent, on_delete=models.DO_NOTHING, db_constraint=False, related_name="also"
    )
    target_type = models.CharField(_("target type"), max_length=100)
    target_id = models.CharField(_("target id"), max_length=64)

    class Meta:
        verbose_name = _("further target of an audit event")
        verbose_name_plural = _("further targets of audit events")
        indexes = [models.Index(fields=["target_type", "target_id"])]


class ReviewSignoff(models.Model):
    """Logguppföljning: a log reviewer's record that a period of the municipality's log has
    been reviewed, with what they looked at and found (encrypted: findings may name people).

    A regional log (a regional organisation's, with no municipality) is signed off by
    ``organisation_id`` instead; exactly one of the two is set."""

    municipality_id = models.BigIntegerField(
        _("municipality"), null=True, blank=True, db_index=True
    )
    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    reviewer = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewer")
    )
    signed_at = models.DateTimeField(_("signed"))
    findings = EncryptedTextField(_("findings"))
    events_reviewed = models.PositiveIntegerField(_("events in the period"), default=0)

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("log review sign-off")
        verbose_name_plural = _("log review sign-offs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="audit_signoff_period_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(municipality_id__isnull=False, organisation_id__isnull=True)
                    | models.Q(municipality_id__isnull=True, organisation_id__isnull=False)
                ),
                name="audit_signoff_one_log",
            ),
        ]


class AuditCheckpoint(models.Model):
    """The head of the audit chain at one moment, signed with a key that is not in the
    database (``TRYGG_AUDIT_SIGNING_KEY``; see trygg/audit/anchors.py).

    Someone with write access to the database could rebuild the whole chain with fresh
    hashes; ``audit_verify`` would then find it whole. A checkpoint they cannot forge shows
    the rebuild: the event it names no longer has the hash it signed. Checkpoints are also
    exported with every backup, so deleting them from the database does not hide it."""

    event_id = models.BigIntegerField()
    event_hash = models.CharField(max_length=64)
    events = models.PositiveBigIntegerField()
    made_at = models.DateTimeField()
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=128)

    class Meta:
        ordering = ["id"]
        verbose_name = "audit checkpoint"
        verbose_name_plural = "audit checkpoints"


class ReadVolumeDay(models.Model):
    """A past local day whose reads in the defector programme are counted in ``ReadVolume``
    for one log (``log``: "municipality:<id>", or "organisation:<id>" for a regional log).
    The log is append-only and every event is stamped when it is written, so a day that has
    ended keeps its counts: they are counted once, when the unusual-volume table first asks
    for the day, and read from here after that."""

    log = models.CharField(max_length=40)
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["log", "day"], name="audit_readvolumeday_unique")
        ]


class ReadVolume(models.Model):
    """How many reads in the defector programme one user made on one counted day, in one log
    (ids and a number: nothing of what was read)."""

    log = models.CharField(max_length=40)
    day = models.DateField()
    actor_id = models.BigIntegerField()
    reads = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["log", "day", "actor_id"], name="audit_readvolume_unique"
            )
        ]
        indexes = [models.Index(fields=["log", "day", "reads"], name="audit_readvolume_idx")]
