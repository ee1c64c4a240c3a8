"""Keyset (seek) pagination for long lists: a page is found from the sort key of the row at
the edge of the page before, not by OFFSET, and nothing counts the whole list.

OFFSET reads and throws away every row before the page, so the last page of twenty thousand
applications costs twenty thousand rows; a seek reads the page's rows from the index and no
more, whichever page it is. The price is that a page has no number: the pager offers the
first, previous, next and last page (``includes/keyset_pagination.html``).

The links carry the key in the query string, next to the list's own filters:

- ``?efter=<key>``: the rows after the row with that key (the next page),
- ``?fore=<key>``: the rows before it (the previous page),
- ``?sida=last``: the last page (the order reversed, the page turned back),
- ``?sida=<n>``: a numbered page, so that links from before keyset paging still work
  (read with OFFSET; the pager's own links never use it).

A key is the row's values of the ordering fields as JSON in URL-safe base64, read back
through the model's fields: a key that does not decode is the first page, never an error.
The ordering must end in a unique field (the id) so that every row has its own key.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import QueryDict

AFTER = "efter"
BEFORE = "fore"
PAGE = "sida"
LAST = "last"


@dataclass
class KeysetPage:
    object_list: list
    has_next: bool = False
    has_previous: bool = False
    # The query strings of the pager's links, the list's other parameters kept.
    next_query: str = ""
    previous_query: str = ""
    first_query: str = ""
    last_query: str = ""

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def _encode(values: list) -> str:
    plain = [v.isoformat() if isinstance(v, datetime.date) else v for v in values]
    text = json.dumps(plain, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(key: str, fields: list) -> list | None:
    try:
        padded = key + "=" * (-len(key) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != len(fields):
        return None
    try:
        return [
            model_field.to_python(value) for model_field, value in zip(fields, values, strict=True)
        ]
    except (ValidationError, TypeError, ValueError):
        return None


def _flip(name: str) -> str:
    return name[1:] if name.startswith("-") else f"-{name}"


def _beyond(ordering: tuple[str, ...], values: list) -> Q:
    """The rows that come after ``values`` in ``ordering``: (a > x) or (a = x and b > y) …,
    with "before" for a descending field. The leading field's bound is repeated on its own
    so the database can read a range of the index instead of testing every row."""
    clauses = []
    for position, name in enumerate(ordering):
        operator = "lt" if name.startswith("-") else "gt"
        clause = Q(**{f"{name.lstrip('-')}__{operator}": values[position]})
        for earlier, value in zip(ordering[:position], values[:position], strict=True):
            clause &= Q(**{earlier.lstrip("-"): value})
        clauses.append(clause)
    first = ordering[0]
    bound = Q(**{f"{first.lstrip('-')}__{'lte' if first.startswith('-') else 'gte'}": values[0]})
    return bound & reduce(or_, clauses)


def _query(base: QueryDict, **extra) -> str:
    query = base.copy()
    for name, value in extra.items():
        query[name] = value
    return query.urlencode()


def keyset_page(
    queryset: QuerySet, *, ordering: tuple[str, ...], size: int, params: QueryDict
) -> KeysetPage:
    """The page of ``queryset`` (ordered by ``ordering``) that ``params`` asks for, at most
    ``size`` rows, in one query (``size + 1`` rows are read to know if there are more)."""
    model = queryset.model
    names = [name.lstrip("-") for name in ordering]
    fields = [model._meta.pk if name == "pk" else model._meta.get_field(name) for name in names]
    base = params.copy()
    for name in (AFTER, BEFORE, PAGE):
        base.pop(name, None)
    after = _decode(params.get(AFTER, ""), fields) if params.get(AFTER) else None
    before = _decode(params.get(BEFORE, ""), fields) if params.get(BEFORE) else None
    requested = params.get(PAGE, "")
    reverse = tuple(_flip(name) for name in ordering)

    if after is not None:
        rows = list(queryset.filter(_beyond(ordering, after)).order_by(*ordering)[: size + 1])
        has_next, has_previous = len(rows) > size, True
        rows = rows[:size]
    elif before is not None:
        rows = list(queryset.filter(_beyond(reverse, before)).order_by(*reverse)[: size + 1])
        has_previous, has_next = len(rows) > size, True
        rows = rows[:size][::-1]
    elif requested == LAST:
        rows = list(queryset.order_by(*reverse)[: size + 1])
        has_previous, has_next = len(rows) > size, False
        rows = rows[:size][::-1]
    elif requested.isascii() and requested.isdigit() and int(requested) > 1:
        start = (int(requested) - 1) * size
        rows = list(queryset.order_by(*ordering)[start : start + size + 1])
        if not rows:  # past the end, as Paginator.get_page answers: the last page
            return keyset_page(queryset, ordering=ordering, size=size, params=_last(params))
        has_next, has_previous = len(rows) > size, True
        rows = rows[:size]
    else:
        rows = list(queryset.order_by(*ordering)[: size + 1])
        has_next, has_previous = len(rows) > size, False
        rows = rows[:size]

    page = KeysetPage(object_list=rows, has_next=has_next, has_previous=has_previous)
    if rows and has_next:
        page.next_query = _query(base, **{AFTER: _encode(_key(rows[-1], names))})
        page.last_query = _query(base, **{PAGE: LAST})
    if rows and has_previous:
        page.previous_query = _query(base, **{BEFORE: _encode(_key(rows[0], names))})
        page.first_query = base.urlencode()
    return page


def _key(row, names: list[str]) -> list:
    return [getattr(row, name) for name in names]


def _last(params: QueryDict) -> QueryDict:
    query = params.copy()
    query[PAGE] = LAST
    return query
