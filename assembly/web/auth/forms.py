"""The account forms; the services check them (assembly.services.users)."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, SelectField, StringField
from wtforms.widgets import EmailInput

from assembly.web.locale import LANGUAGE_NAMES


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
