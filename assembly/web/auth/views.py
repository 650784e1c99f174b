"""The account pages; sign-in is rate-limited per IP and per e-mail (failed attempts)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm

from assembly import clock
from assembly.errors import FieldError, InvalidInput
from assembly.services.users import add_user, authenticate
from assembly.web import database
from assembly.web.access import Account, role_home
from assembly.web.auth import bp
from assembly.web.auth.forms import RegisterForm, SignInForm
from assembly.web.extensions import limiter
from assembly.web.forms import apply_errors
from assembly.web.locale import current_language
from assembly.web.security import safe_next

MAX_NAME = 300
MAX_PASSWORD = 256
# Failed attempts allowed; a successful sign-in (a redirect) is not counted.
LIMITS = {
    "SIGNIN_LIMIT_PER_IP": "30 per 10 minutes",
    "SIGNIN_LIMIT_PER_EMAIL": "5 per 10 minutes",
    "REGISTER_LIMIT_PER_IP": "20 per hour",
}


@bp.record_once
def _default_limits(state) -> None:  # type: ignore[no-untyped-def]
    for key, value in LIMITS.items():
        state.app.config.setdefault(key, value)


def _email_key() -> str:
    return "email:" + (request.form.get("email") or "").strip().lower()


def _failed(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code != 302


def _landing() -> str:
    return safe_next(request.args.get("next")) or url_for(role_home(current_user.role))


def _render(template: str, form: FlaskForm, status: int = 200) -> ResponseReturnValue:
    return render_template(template, form=form, next=safe_next(request.args.get("next"))), status


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGNIN_LIMIT_PER_IP"], methods=["POST"],
               deduct_when=_failed)
@limiter.limit(lambda: current_app.config["SIGNIN_LIMIT_PER_EMAIL"], methods=["POST"],
               key_func=_email_key, deduct_when=_failed)
def sign_in() -> ResponseReturnValue:
    """Sign in with e-mail and password; a failure says only that the pair is wrong."""
    if current_user.is_authenticated:
        return redirect(_landing())
    form = SignInForm()
    if request.method == "GET":
        return _render("auth/sign_in.html", form)
    errors = [FieldError(name, "required") for name in ("email", "password")
              if not (form[name].data or "").strip()]
    if errors:
        apply_errors(form, errors)
        return _render("auth/sign_in.html", form, 422)
    user = authenticate(database.session(), form.email.data or "", form.password.data or "")
    if user is None:
        form.form_errors.append(gettext("The e-mail address or the password is not correct."))
        return _render("auth/sign_in.html", form, 401)
    session.clear()  # a new session for the signed-in user: nothing carried over
    login_user(Account(user))
    return redirect(_landing())


def _own_checks(form: RegisterForm) -> list[FieldError]:
    errors = []
    name = (form.full_name.data or "").strip()
    if not name:
        errors.append(FieldError("full_name", "required"))
    elif len(name) > MAX_NAME:
        errors.append(FieldError("full_name", "too_long", {"max": MAX_NAME}))
    password = form.password.data or ""
    if len(password) > MAX_PASSWORD:
        errors.append(FieldError("password", "too_long", {"max": MAX_PASSWORD}))
    if not form.password_confirm.data:
        errors.append(FieldError("password_confirm", "required"))
    elif password != form.password_confirm.data:
        errors.append(FieldError("password_confirm", "mismatch"))
    return errors


def _valid_name(form: RegisterForm, errors: list[FieldError]) -> str | None:
    """The full name to store, None when it is not valid (the service stores it as given)."""
    if any(e.field == "full_name" for e in errors):
        return None
    return (form.full_name.data or "").strip() or None


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_LIMIT_PER_IP"], methods=["POST"])
def register() -> ResponseReturnValue:
    """A citizen's account (officers, managers and admins are created by an admin)."""
    if current_user.is_authenticated:
        return redirect(url_for(role_home(current_user.role)))
    form = RegisterForm()
    if request.method == "GET":
        form.language.data = form.language.data or current_language()
        return _render("auth/register.html", form)
    errors = _own_checks(form)
    db = database.session()
    try:
        user = add_user(
            db, form.email.data or "", role="citizen", password=form.password.data or "",
            now=clock.now(), full_name=_valid_name(form, errors),
            language=form.language.data or "",
        )
    except InvalidInput as exc:
        errors += [e for e in exc.errors if e.field not in {o.field for o in errors}]
    if errors:
        db.rollback()
        apply_errors(form, errors)
        return _render("auth/register.html", form, 422)
    database.commit()
    session.clear()
    login_user(Account(user))
    flash(gettext("Your account has been created. You are signed in."), "success")
    return redirect(url_for("auth.account"))


@bp.post("/sign-out")
def sign_out() -> ResponseReturnValue:
    """Sign out (POST, with the CSRF token) and forget the session."""
    logout_user()
    session.clear()
    flash(gettext("You have signed out."), "success")
    return redirect(url_for("public.home"))


@bp.get("/account")
@login_required
def account() -> ResponseReturnValue:
    """The signed-in user's account."""
    return render_template("auth/account.html", user=current_user.user)
