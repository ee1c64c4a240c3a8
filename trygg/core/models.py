from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class StoredFile(models.Model):
    """A file kept in the database by ``trygg.core.storage.DatabaseStorage``.

    Every app node reads the same files without shared disk, a file written inside a
    service's transaction disappears with it when the transaction rolls back (no orphan, no
    half-written file), and a database backup holds the documents too. Case documents are
    encrypted before they get here, like on disk."""

    name = models.CharField(max_length=255, unique=True)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "stored file"
        verbose_name_plural = "stored files"

    def __str__(self) -> str:
        return self.name


class ScheduledRun(models.Model):
    """A daily job queued for a day. The unique constraint lets only the first of several
    nodes' timers queue it, so the job runs once a day however many nodes start it."""

    job = models.CharField(max_length=100)
    day = models.DateField()
    queued_at = models.DateTimeField()
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "scheduled run"
        verbose_name_plural = "scheduled runs"
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="core_scheduledrun_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"
