from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from trygg.core.forms import ModelChoiceField
from trygg.core.roles import Role
from trygg.organisations.models import Organisation

# No role is preselected: granting a role is always a deliberate choice. A municipality's
# administrator gives its own roles; the hosting administrator is the installation's.
ROLE_CHOICES = [
    ("", _("Choose a role")),
    *((value, label) for value, label in Role.choices if value != Role.DRIFTADMINISTRATOR),
]


# Long enough for any passphrase; a megabyte of "password" is only work for the hasher.
PASSWORD_MAX_LENGTH = 200


class LoginForm(forms.Form):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        max_length=PASSWORD_MAX_LENGTH,
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        help_text=_("The six digits from your authenticator app, or one of your recovery codes."),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, enrolling: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if enrolling:  # no recovery codes yet: they come once the app is set up
            self.fields["code"].help_text = _("The six digits the app shows now.")

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise forms.ValidationError(_("The code consists of digits only."))
        return code


class ReauthForm(forms.Form):
    password = forms.CharField(
        max_length=PASSWORD_MAX_LENGTH,
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        max_length=PASSWORD_MAX_LENGTH,
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        max_length=PASSWORD_MAX_LENGTH,
        label=_("New password"),
        strip=False,
        help_text=_("At least 12 characters; not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        max_length=PASSWORD_MAX_LENGTH,
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_old_password(self):
        if not self.user.check_password(self.cleaned_data["old_password"]):
            raise forms.ValidationError(_("The current password is wrong."))
        return self.cleaned_data["old_password"]

    def clean(self):
        data = super().clean()
        new, again = data.get("new_password"), data.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", _("The two new passwords are not the same."))
        elif new:
            try:
                password_validation.validate_password(new, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password", error)
        return data


class UserCreateForm(forms.Form):
    full_name = forms.CharField(
        label=_("Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    organisation = ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class MembershipForm(forms.Form):
    organisation = ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class MunicipalityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("E.g. Haninge kommun."))
    scb_code = forms.CharField(
        label=_("SCB code"),
        max_length=4,
        help_text=_("The municipality code of Statistics Sweden, four digits, e.g. 0136."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class MunicipalityAdminForm(forms.Form):
    full_name = forms.CharField(
        label=_("Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The invitation to choose a password is sent here."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
