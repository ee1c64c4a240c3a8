"""Links to a case's pages for the case list (fifty rows, one or two links each).

``{% url %}`` reverses the URL pattern on every call, which costs the list more than its
query. The list writes ``{{ link.0 }}{{ case.pk }}{{ link.1 }}`` from the two parts around
the id, reversed once (a test checks that the two agree).
"""

from django.urls import reverse

_PLACEHOLDER = 987654321


def around_id(name: str) -> tuple[str, str]:
    """The URL of ``name`` before and after the case id (its only argument)."""
    head, _, tail = reverse(name, args=[_PLACEHOLDER]).partition(str(_PLACEHOLDER))
    return head, tail


def case_list_links() -> dict[str, tuple[str, str]]:
    return {
        "detail_url": around_id("defectors:case_detail"),
        "team_url": around_id("defectors:case_team"),
        "reopen_url": around_id("defectors:case_reopen"),
    }
