"""File storage in S3-compatible object storage (``TRYGG_FILE_STORAGE=s3``).

For an installation that keeps its files in an object store (a municipality's own MinIO or
Ceph, or a Swedish cloud provider's S3 service) instead of the database: every app node
reads the same bucket. Installed with the ``s3`` extra (``pip install '.[s3]'``, which brings
django-storages and boto3); the settings come from ``TRYGG_S3_*`` (config/settings.py).

The same rules as the database storage: objects are private (no ACL is granted), no URL
serves them (``url()`` refuses, so no pre-signed link can leave Trygg), files leave only
through views that check who asks; a name is never overwritten, a second file with the same
name gets a new one. Case documents are encrypted by Trygg before they get here; the
bucket's server-side encryption (on by default) covers the rest at rest.

Unlike the database, the bucket is not part of a transaction: a file saved by a service
whose transaction then rolls back stays in the bucket without a record pointing at it (as on
a file system). Nothing reads such an object; ``backup`` copies the bucket whole.
"""

from __future__ import annotations

from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage


@deconstructible(path="trygg.core.object_storage.ObjectStorage")
class ObjectStorage(S3Storage):
    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            # Never a public object, never a file replaced by one of the same name.
            "default_acl": None,
            "file_overwrite": False,
        }

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise NotImplementedError("No URL serves Trygg's files; a view checks who asks.")

    def names(self):
        """Every file's name in the bucket under the configured prefix (for backups)."""
        prefix = f"{self.location.strip('/')}/" if self.location.strip("/") else ""
        for item in self.bucket.objects.filter(Prefix=prefix):
            yield item.key[len(prefix) :]
