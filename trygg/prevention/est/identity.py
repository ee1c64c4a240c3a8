"""A place report is about a place, never a person. Free text is refused when it holds an
identity number or what looks like a person's name, with a sentence that says why."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

# 6 or 8 digits of a date, an optional - or +, and four digits: "970412-2382", "199704122382".
IDENTITY_NUMBER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}\s?[-+]?\s?\d{4}(?!\d)")
# Two capitalised words in a row: "Adam Provsson". Place names are allowed (see below).
NAME_LIKE = re.compile(r"\b([A-ZÅÄÖÉ][a-zåäöéü]+)\s+([A-ZÅÄÖÉ][a-zåäöéü]+)\b")


def identity_problem(text: str, place_words: set[str]) -> str | None:
    """Why the text may not be saved, or None. ``place_words`` are the words of the
    municipality's district and place names (casefolded), which may be written."""
    if IDENTITY_NUMBER.search(text):
        return _(
            "The text looks like it holds an identity number. Reports are about places, never "
            "about people: remove it."
        )
    for first, second in NAME_LIKE.findall(text):
        if first.casefold() in place_words or second.casefold() in place_words:
            continue
        return _(
            "“%(words)s” looks like a person's name. Reports are about places, never about "
            "people: describe what happened without names. If it is a place, choose it in the "
            "list of places."
        ) % {"words": f"{first} {second}"}
    return None
