"""The account forms; the services check them (assembly.services.users)."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, SelectField, StringField
from wtforms.widgets import EmailInput

from assembly.i18n import FIELD_ERROR_MESSAGES, N_
from assembly.web.locale import LANGUAGE_NAMES

FIELD_ERROR_MESSAGES.update({
    # What each empty field of the account forms asks for, in its own words (issue 15).
    "email.required": N_("Enter your e-mail address, e.g. name@example.kz."),
    "password.required": N_("Enter your password."),
    "password_confirm.required": N_("Type the password again, the same as above."),
    "full_name.required": N_("Enter the full name: surname, name and patronymic, if any."),
    "current_password.required": N_("Enter your current password."),
    "new_password_confirm.required": N_("Type the new password again, the same as above."),
    "iin.required": N_("Enter the IIN: the 12 digits of the identity document."),
    "current_password.wrong_password": N_("This is not your current password."),
    "new_password.too_short": N_("The password is too short: at least %(min)s characters."),
    "new_password_confirm.mismatch": N_(
        "The two passwords do not match: type the same one twice."),
})


class RegisterForm(FlaskForm):
    """A citizen's account: e-mail, full name, language, password twice."""

    email = StringField(lazy_gettext("E-mail"), widget=EmailInput(),
                        render_kw={"autocomplete": "email", "spellcheck": "false"})
    full_name = StringField(lazy_gettext("Full name"), render_kw={"autocomplete": "name"})
    language = SelectField(
        lazy_gettext("Language of letters and pages"), validate_choice=False,
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
    )
    password = PasswordField(lazy_gettext("Password"),
                             render_kw={"autocomplete": "new-password"})
    password_confirm = PasswordField(lazy_gettext("Password again"),
                                     render_kw={"autocomplete": "new-password"})


class SignInForm(FlaskForm):
    """E-mail and password."""

    email = StringField(lazy_gettext("E-mail"), widget=EmailInput(),
                        render_kw={"autocomplete": "username", "spellcheck": "false"})
    password = PasswordField(lazy_gettext("Password"),
                             render_kw={"autocomplete": "current-password"})


class ChangePasswordForm(FlaskForm):
    """The current password, the new one twice."""

    current_password = PasswordField(lazy_gettext("Current password"),
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(lazy_gettext("New password"),
                                 render_kw={"autocomplete": "new-password"})
    new_password_confirm = PasswordField(lazy_gettext("New password again"),
                                         render_kw={"autocomplete": "new-password"})


class ProfileForm(FlaskForm):
    """The account's details: name, language, and the IIN and address that prefill the
    organizer of a notice."""

    full_name = StringField(lazy_gettext("Full name"), render_kw={"autocomplete": "name"})
    language = SelectField(
        lazy_gettext("Language of letters and pages"), validate_choice=False,
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
    )
    iin = StringField(lazy_gettext("IIN"), render_kw={"inputmode": "numeric",
                                                      "autocomplete": "off"})
    address = StringField(lazy_gettext("Address"),
                          render_kw={"autocomplete": "street-address"})
