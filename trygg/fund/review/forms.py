from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import ModelChoiceField, TextField
from trygg.fund.constants import (
    Recommendation,
)

# Whole kronor; far above any real grant, far below what the database column can hold.
MAX_KR = 10**11


class AssignReviewerForm(forms.Form):
    reviewer = ModelChoiceField(label=_("Reviewer"), queryset=None)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers


class ConflictForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest (jäv) regarding this application?"),
        choices=[
            ("no", _("No, I have no conflict of interest")),
            ("yes", _("Yes, I have a conflict of interest")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = TextField(label=_("If yes: describe it briefly"), required=False, rows=2)


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=[("", _("Choose")), *Recommendation.choices]
    )
    comment = TextField(label=_("Overall comment"), required=False, rows=4)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(criterion)s (weight %(weight)s)")
                % {"criterion": criterion.name, "weight": criterion.weight},
                help_text=criterion.description,
                coerce=int,
                choices=[("", _("Choose a score"))] + [(i, str(i)) for i in range(1, 6)],
            )
            self.fields[f"comment_{criterion.pk}"] = TextField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.name},
                required=False,
                rows=2,
            )

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data.get(f"comment_{c.pk}", ""))
            for c in self.criteria
        }
