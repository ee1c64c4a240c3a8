"""Links to a case's pages for the case list (fifty rows, one or two links each), and to
the journal's entries (fifty cards).

``{% url %}`` reverses the URL pattern on every call, which costs the list more than its
query. The list writes ``{{ link.0 }}{{ case.pk }}{{ link.1 }}`` from the two parts around
the id, reversed once (a test checks that the two agree).
"""

from django.urls import reverse

_PLACEHOLDER = 987654321


def around_id(name: str, *leading) -> tuple[str, str]:
    """The URL of ``name`` before and after the id that is its last argument (``leading``:
    the arguments before it, e.g. the case of a journal entry)."""
    url = reverse(name, args=[*leading, _PLACEHOLDER])
    head, _, tail = url.partition(str(_PLACEHOLDER))
    return head, tail


def case_list_links() -> dict[str, tuple[str, str]]:
    return {
        "detail_url": around_id("defectors:case_detail"),
        "team_url": around_id("defectors:case_team"),
        "reopen_url": around_id("defectors:case_reopen"),
    }
