"""One journal entry as a card, written in one pass (the journal lists fifty a page).

Through the template engine a card's twenty-odd values, tags and filters cost more than
the page's queries; this writes the same markup (classes, headings, links, sentences),
escaped by ``format_html``. The list and the entry's own page both use it.

The context gives ``entry_url`` and ``document_url``: the entry and document pages' URLs
around the id (``trygg.defectors.cases.links.around_id``), and ``user``.
"""

from django import template
from django.template.defaultfilters import filesizeformat, linebreaks_filter
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _link(parts: tuple[str, str], pk: int) -> str:
    return f"{parts[0]}{pk}{parts[1]}"


def _state(entry) -> str:
    if entry.signed_at:
        moment = timezone.localtime(entry.signed_at).strftime("%Y-%m-%d %H:%M")
        state = format_html(
            '<span class="ds-tag" data-color="success">{}</span> {}', gettext("Signed"), moment
        )
    else:
        state = format_html(
            '<span class="ds-tag" data-color="warning">{}</span> {}',
            gettext("Draft"),
            gettext("Not signed yet."),
        )
    if entry.correction_list:
        state += format_html(
            ' <span class="ds-tag" data-color="info">{}</span>', gettext("Corrected")
        )
    return format_html('<p class="ds-paragraph" data-size="sm">{}</p>', state)


def _corrections(entry, entry_url) -> str:
    parts = []
    if entry.corrects_id:
        parts.append(
            format_html(
                '<p class="ds-paragraph" data-size="sm">{} <a class="ds-link" href="{}">{}</a></p>',
                gettext("Corrects the entry from"),
                _link(entry_url, entry.corrects_id),
                entry.corrects.occurred_on.isoformat(),
            )
        )
    for correction in entry.correction_list:
        draft = "" if correction.signed_at else f" ({gettext('draft')})"
        parts.append(
            format_html(
                '<p class="ds-paragraph" data-size="sm">{} <a class="ds-link" href="{}">{}</a>{}'
                "</p>",
                gettext("Corrected by the entry from"),
                _link(entry_url, correction.pk),
                correction.occurred_on.isoformat(),
                draft,
            )
        )
    return mark_safe("\n".join(parts))  # noqa: S308 (each part is escaped by format_html)


def _attachments(entry, document_url) -> str:
    if not entry.attachment_list:
        return ""
    items = format_html_join(
        "\n",
        '<li><a class="ds-link" href="{}" download>{}</a> ({})</li>',
        (
            (_link(document_url, a.pk), a.original_name, filesizeformat(a.size))
            for a in entry.attachment_list
        ),
    )
    return format_html(
        '<p class="ds-paragraph" data-size="sm">{}:</p>\n<ul>\n{}\n</ul>',
        gettext("Attachments"),
        items,
    )


@register.simple_tag(takes_context=True)
def journal_card(context, entry, level: int, link: bool):
    """The card of ``entry`` with a heading of ``level``; ``link`` adds a link to the
    entry's own page (to change or sign one's own draft, else to open it)."""
    occurred = entry.occurred_on.isoformat()
    author = entry.author.full_name
    entry_url = context["entry_url"]
    own_link = ""
    if link:
        user = context.get("user")
        own_draft = not entry.signed_at and entry.author_id == getattr(user, "pk", None)
        own_link = format_html(
            '<p class="ds-paragraph" data-size="sm"><a class="ds-link" href="{}">{}'
            '<span class="ds-sr-only"> {}</span></a></p>',
            _link(entry_url, entry.pk),
            gettext("Change or sign the draft") if own_draft else gettext("Open the entry"),
            gettext("from %(date)s by %(author)s") % {"date": occurred, "author": author},
        )
    return format_html(
        '<article class="ds-card call-card" aria-labelledby="entry-{pk}-heading">\n'
        '<h{level} class="ds-heading" data-size="xs" id="entry-{pk}-heading">'
        "{occurred} · {author}</h{level}>\n{state}\n{corrections}\n"
        '<div class="prose">{text}</div>\n{attachments}\n{own_link}\n</article>',
        pk=entry.pk,
        level=int(level),
        occurred=occurred,
        author=author,
        state=_state(entry),
        corrections=_corrections(entry, entry_url),
        text=linebreaks_filter(entry.text, autoescape=True),
        attachments=_attachments(entry, context["document_url"]),
        own_link=own_link,
    )
