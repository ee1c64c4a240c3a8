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

A key is the id of the row at the edge, nothing else: sort values such as a user's name or
e-mail address never go into a URL (which browsers, proxies and logs keep). The row's sort
values are read back through the list's own queryset, so an id the reader may not see, or
one that is not a number, is the first page, never an error and never a hint. That costs
one small query on a page reached by a next or previous link. The ordering must end in a
unique field (the id) so that every row has its own place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

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


def _values_of(queryset: QuerySet, key: str, names: list[str]) -> list | None:
    """The sort values of the row with id ``key``, if the list holds it."""
    if not (key.isascii() and key.isdigit()) or len(key) > 18:
        return None
    row = queryset.order_by().filter(pk=int(key)).values_list(*names).first()
    return list(row) if row is not None else None


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
    names = [name.lstrip("-") for name in ordering]
    base = params.copy()
    for name in (AFTER, BEFORE, PAGE):
        base.pop(name, None)
    after = _values_of(queryset, params[AFTER], names) if params.get(AFTER) else None
    before = _values_of(queryset, params[BEFORE], names) if params.get(BEFORE) else None
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
        page.next_query = _query(base, **{AFTER: str(rows[-1].pk)})
        page.last_query = _query(base, **{PAGE: LAST})
    if rows and has_previous:
        page.previous_query = _query(base, **{BEFORE: str(rows[0].pk)})
        page.first_query = base.urlencode()
    return page


def _last(params: QueryDict) -> QueryDict:
    query = params.copy()
    query[PAGE] = LAST
    return query
