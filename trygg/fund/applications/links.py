"""Links to application pages for long lists.

``{% url %}`` reverses the URL pattern on every call; a list of a hundred decisions spends
more on that than on its query. The lists write ``{{ application_url }}{{ pk }}/`` from the
prefix reversed once (the id is the last part of the pattern ``ansokan/<id>/``; a test
checks that the two agree).
"""

from django.urls import reverse

_PLACEHOLDER = 0


def application_url_prefix() -> str:
    """``/trygghetsfond/ansokan/`` (with the script prefix, when there is one)."""
    url = reverse("fund:application_detail", args=[_PLACEHOLDER])
    return url.removesuffix(f"{_PLACEHOLDER}/")
