"""Queries that every signed-in request makes, written as SQL once per process (issue 14).

Every signed-in request reads its session, its user (with the authenticator that verified
the session) and the user's memberships. Through the ORM, building those three statements
(the compiler, joins, column lists) costs about 2 ms of a worker on every request, three
times the database's own work. Their shape never changes, so they are written here once per
process, from the models' metadata, and only executed per request.

What the ORM would do with the rows is kept: every column goes through the converters Django
itself applies (the database backend's and the field's own ``from_db_value``), and instances
are built with ``Model.from_db`` from all of the model's concrete columns, so a field added
to a model is read here too and a value reads back as it does through a queryset.
"""

from __future__ import annotations

from django.db import connection


class Columns:
    """All concrete columns of ``model`` under ``alias``, and how a row becomes an instance."""

    def __init__(self, model, alias: str):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.alias = alias
        self.width = len(self.fields)
        self.key_index = self.fields.index(model._meta.pk)
        self._found: list | None = None

    def sql(self) -> str:
        return ", ".join(f"{quote(self.alias)}.{quote(field.column)}" for field in self.fields)

    def _converters(self) -> list:
        """Django's converters per column (the backend's, then the field's ``from_db_value``).
        They depend only on the kind of database and the settings, so they are found once."""
        if self._found is None:
            self._found = []
            for index, field in enumerate(self.fields):
                column = field.get_col(self.alias)
                functions = connection.ops.get_db_converters(column) + column.get_db_converters(
                    connection
                )
                if functions:
                    self._found.append((index, column, functions))
        return self._found

    def build(self, row, start: int = 0):
        """The instance in ``row[start:start + width]``, or None when its key is NULL (an
        outer join that found nothing)."""
        values = list(row[start : start + self.width])
        if values[self.key_index] is None:
            return None
        for index, column, functions in self._converters():
            for convert in functions:
                values[index] = convert(values[index], column, connection)
        return self.model.from_db(connection.alias, None, values)


def fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def quote(name: str) -> str:
    return connection.ops.quote_name(name)
