"""The attachments section of the application's edit page.

The upload posts to a view of its own and comes back here with a redirect; a refusal
travels as a tagged message and is put next to the field it concerns.
"""

from dataclasses import dataclass

from django import template
from django.contrib.messages import get_messages

from trygg.fund.attachments.forms import OTHER, REFUSAL_TAG, AttachmentForm
from trygg.fund.attachments.services import required_labels
from trygg.fund.models import Application, Attachment

register = template.Library()


@dataclass
class RequiredDocument:
    label: str
    attached: bool


@dataclass
class AttachmentPanel:
    attachments: list[Attachment]
    required: list[RequiredDocument]
    form: AttachmentForm


@register.simple_tag(takes_context=True)
def attachment_panel(context, application: Application) -> AttachmentPanel:
    labels = required_labels(application.call)
    attached = list(application.attachments.all())
    present = {a.label for a in attached}
    missing = [label for label in labels if label not in present]
    form = AttachmentForm(labels=labels, initial={"label": missing[0] if missing else OTHER})
    request = context.get("request")
    if request is not None:
        for message in get_messages(request):
            for name in form.fields:
                if f"{REFUSAL_TAG}{name}" in (message.extra_tags or "").split():
                    # An unbound form has no cleaning to do; the refusal is its only error.
                    form.errors.setdefault(name, form.error_class()).append(message.message)
    return AttachmentPanel(
        attachments=attached,
        required=[RequiredDocument(label, label in present) for label in labels],
        form=form,
    )
