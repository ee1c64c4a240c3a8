"""Links to application pages for long lists.

``{% url %}`` reverses the URL pattern on every call; a list of a hundred decisions spends
more on that than on its query. The lists write ``{{ application_url }}{{ pk }}/`` from the
prefix reversed once (the id is the last part of the patterns ``ansokan/<id>/`` and
``trygghetsfonden/<id>/``; a test checks that the two agree).
"""

from django.urls import reverse

_PLACEHOLDER = 0


def _prefix(name: str) -> str:
    return reverse(name, args=[_PLACEHOLDER]).removesuffix(f"{_PLACEHOLDER}/")


def application_url_prefix() -> str:
    """``/trygghetsfond/ansokan/`` (with the script prefix, when there is one)."""
    return _prefix("fund:application_detail")


def public_grant_url_prefix() -> str:
    """``/trygghetsfonden/``: a granted measure's public page without its id."""
    return _prefix("fund_public:public_detail")
