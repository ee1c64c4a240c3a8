"""File storage in the database (``TRYGG_FILE_STORAGE=database``, the default).

Trygg's files are letters, agreements, attachments and case documents: a few megabytes
each, read seldom and always through a checked view. Keeping them in the database means:

- several app nodes need no shared disk: a file written by one is read by another;
- a file saved inside a service's transaction is rolled back with it, so a failed upload or
  decision leaves no orphan and no half-written file (the disk filling up fails the whole
  transaction, with nothing saved);
- one PostgreSQL backup holds the records and their documents together.

No URL serves this storage (``url()`` refuses): files leave only through views that check
who asks.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils import timezone
from django.utils.deconstruct import deconstructible


@deconstructible(path="trygg.core.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    def _model(self):
        from trygg.core.models import StoredFile

        return StoredFile

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode:
            raise ValueError("A file in the database is written with save().")
        try:
            content = self._model().objects.values_list("content", flat=True).get(name=name)
        except self._model().DoesNotExist:
            raise FileNotFoundError(name) from None
        return ContentFile(bytes(content), name=name)

    def _save(self, name, content):
        data = b"".join(
            chunk.encode() if isinstance(chunk, str) else chunk for chunk in content.chunks()
        )
        self._model().objects.create(
            name=name, content=data, size=len(data), created_at=timezone.now()
        )
        return name

    def delete(self, name):
        self._model().objects.filter(name=name).delete()

    def exists(self, name):
        return self._model().objects.filter(name=name).exists()

    def size(self, name):
        try:
            return self._model().objects.values_list("size", flat=True).get(name=name)
        except self._model().DoesNotExist:
            raise FileNotFoundError(name) from None

    def listdir(self, path):
        prefix = path.strip("/") + "/" if path.strip("/") else ""
        names = self._model().objects.filter(name__startswith=prefix).values_list("name", flat=True)
        # Like a directory: an empty or unknown one lists nothing.
        directories, files = set(), []
        for name in names:
            rest = name[len(prefix) :]
            head, sep, _tail = rest.partition("/")
            if sep:
                directories.add(head)
            else:
                files.append(rest)
        return sorted(directories), sorted(files)

    def get_created_time(self, name):
        try:
            return self._model().objects.values_list("created_at", flat=True).get(name=name)
        except self._model().DoesNotExist:
            raise FileNotFoundError(name) from None

    get_modified_time = get_created_time

    def path(self, name):
        raise NotImplementedError("Files in the database have no path on disk.")

    def url(self, name):
        raise NotImplementedError("No URL serves Trygg's files; a view checks who asks.")
