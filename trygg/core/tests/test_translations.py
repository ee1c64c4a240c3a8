"""The Swedish catalogue is complete, keeps every placeholder, and is compiled and loaded.

Swedish is the default language, so an empty or fuzzy entry shows English to users and a
lost placeholder breaks the page at run time. The .po file is read with a small parser
(standard library only) rather than a dependency.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import gettext, ngettext, override

PO_FILE = Path(settings.LOCALE_PATHS[0]) / "sv" / "LC_MESSAGES" / "django.po"

# %(name)s and friends, bare %s / %d, and {{ name }} as blocktranslate may leave them.
PLACEHOLDER = re.compile(r"%%|%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[a-zA-Z]|%[sdif]|\{\{\s*[^}]*?\s*\}\}")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None


def _unquote(text: str, line: int) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"line {line}: expected a quoted string, got {text!r}")
    return re.sub(r"\\(.)", lambda match: ESCAPES.get(match[1], match[0]), text[1:-1])


def _plural_index(keyword: str) -> int:
    """0 for msgstr, n for msgstr[n]."""
    return int(keyword[len("msgstr[") : -1]) if keyword != "msgstr" else 0


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po file, header first; obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    entry: Entry | None = None
    keyword: str | None = None  # the keyword that continuation lines ("...") add to

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            keyword = None
            continue
        if line.startswith('"'):
            if entry is None or keyword in (None, "comment"):
                raise ValueError(f"line {number}: string outside an entry: {raw!r}")
            value = _unquote(line, number)
        else:
            # A comment or msgctxt/msgid after a blank line or a msgstr opens the next entry.
            finished = keyword is None or keyword.startswith("msgstr")
            if entry is None or (finished and not line.startswith(("msgid_plural", "msgstr"))):
                entry = Entry(line=number)
                entries.append(entry)
            if line.startswith("#"):
                if line.startswith("#,"):
                    entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
                keyword = "comment"
                continue
            keyword, _, rest = line.partition(" ")
            if not re.fullmatch(r"msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\]", keyword):
                raise ValueError(f"line {number}: unknown keyword {keyword!r}")
            value = _unquote(rest, number)
            if keyword.startswith("msgstr"):
                entry.msgstr[_plural_index(keyword)] = ""
            else:
                setattr(entry, keyword, "")
        if keyword.startswith("msgstr"):
            entry.msgstr[_plural_index(keyword)] += value
        else:
            setattr(entry, keyword, getattr(entry, keyword) + value)
    return entries


def placeholders(text: str) -> set[str]:
    found = set()
    for match in PLACEHOLDER.findall(text):
        if match == "%%":
            continue
        if match.startswith("{{"):
            match = "{{ " + match[2:-2].strip() + " }}"
        found.add(match)
    return found


def _label(entry: Entry) -> str:
    return f"line {entry.line}: {entry.msgid!r}"


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    assert PO_FILE.exists(), f"{PO_FILE} is missing: run makemessages --locale sv"
    return parse_po(PO_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def messages(catalogue) -> list[Entry]:
    return [entry for entry in catalogue if not entry.is_header]


def test_parser_reads_single_plural_and_multiline_entries():
    text = (
        'msgid ""\nmsgstr ""\n"Language: sv\\n"\n\n'
        '#: a.py\n#, python-format\nmsgid "Hello %(name)s,\\n"\n"\\"there\\""\n'
        'msgstr "Hej %(name)s,\\n"\n"\\"där\\""\n\n'
        'msgid "One"\nmsgid_plural "Many"\nmsgstr[0] "En"\nmsgstr[1] ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Borta"\n'
    )
    header, single, plural = parse_po(text)
    assert header.is_header and header.msgstr == {0: "Language: sv\n"}
    assert single.flags == {"python-format"}
    assert single.msgid == 'Hello %(name)s,\n"there"'
    assert single.msgstr == {0: 'Hej %(name)s,\n"där"'}
    assert (plural.msgid_plural, plural.msgstr) == ("Many", {0: "En", 1: ""})


def test_swedish_catalogue_has_the_ui_messages(messages):
    msgids = {entry.msgid for entry in messages}
    assert len(messages) > 100
    assert {"Log in", "Log out", "Skip to main content", "Two-step verification"} <= msgids


def test_swedish_catalogue_header_declares_swedish_utf8_and_two_plural_forms(catalogue):
    header = catalogue[0]
    assert header.is_header
    assert "fuzzy" not in header.flags
    lines = set(header.msgstr[0].splitlines())
    assert "Language: sv" in lines
    assert "Content-Type: text/plain; charset=UTF-8" in lines
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in lines


def test_every_swedish_translation_is_filled_in(messages):
    missing = []
    for entry in messages:
        forms = 2 if entry.msgid_plural is not None else 1
        if any(not entry.msgstr.get(index, "").strip() for index in range(forms)):
            missing.append(_label(entry))
    assert not missing, "untranslated:\n" + "\n".join(missing)


def test_no_swedish_translation_is_marked_fuzzy(catalogue):
    fuzzy = [_label(entry) for entry in catalogue if "fuzzy" in entry.flags]
    assert not fuzzy, "fuzzy:\n" + "\n".join(fuzzy)


def test_swedish_translations_keep_the_placeholders_of_the_english_text(messages):
    wrong = []
    for entry in messages:
        expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        for index, text in sorted(entry.msgstr.items()):
            if placeholders(text) != expected:
                wrong.append(f"{_label(entry)} msgstr[{index}] has {sorted(placeholders(text))}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_log_in_is_shown_in_swedish_when_swedish_is_active():
    with override("sv"):
        assert gettext("Log in") == "Logga in", "is locale/sv/LC_MESSAGES/django.mo compiled?"
    with override("en"):
        assert gettext("Log in") == "Log in"


def test_recovery_code_count_uses_the_swedish_singular_and_plural():
    singular = "You have %(counter)s unused recovery code."
    plural = "You have %(counter)s unused recovery codes."
    with override("sv"):
        assert ngettext(singular, plural, 1) % {"counter": 1} == "Du har 1 oanvänd reservkod."
        assert ngettext(singular, plural, 3) % {"counter": 3} == "Du har 3 oanvända reservkoder."
