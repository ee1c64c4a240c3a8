from datetime import timedelta

from django.db import models

# A token is always "trygg_<prefix>_<secret>"; the prefix finds the row, the secret proves it.
KEY_PREFIX = "trygg"
DEFAULT_LIFETIME = timedelta(days=90)
MAX_LIFETIME_DAYS = 365
# last_used_at is written at most this often, so that reads do not each cost a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)
PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 100


class Scope(models.TextChoices):
    FUND_READ = "fund:read", "fund:read"
    FUND_WRITE = "fund:write", "fund:write"
