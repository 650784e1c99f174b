"""Signing in and out, and registering. Wrong passwords are counted in the database per
address (`assembly.web.signin`), and limited per IP address by Flask-Limiter (Redis when
configured); neither sign-in nor registration tells whether an address has an account."""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user
from flask_wtf import FlaskForm

from assembly import clock
from assembly.errors import FieldError, InvalidInput, Throttled
from assembly.services.registration import register_citizen
from assembly.services.users import sign_in as check_sign_in
from assembly.web import database
from assembly.web.access import role_home
from assembly.web.auth import bp
from assembly.web.auth.forms import RegisterForm, SignInForm
from assembly.web.extensions import limiter
from assembly.web.forms import apply_errors
from assembly.web.locale import current_language
from assembly.web.security import safe_next
from assembly.web.signin import (
    begin_session,
    finish_session,
    known_device,
    remember_device,
    throttle_policy,
    timer_now,
    wait_minutes,
)

MAX_NAME = 300
# Attempts per IP address (Flask-Limiter); a successful sign-in (a redirect) is not counted.
# Wrong passwords per account are counted in the database (assembly.web.signin).
LIMITS = {
    "SIGNIN_LIMIT_PER_IP": "30 per 10 minutes",
    "REGISTER_LIMIT_PER_IP": "20 per hour",
}
_REGISTERED_EMAIL = "registered_email"  # kept in the cookie session to fill in sign-in


@bp.record_once
def _default_limits(state) -> None:  # type: ignore[no-untyped-def]
    for key, value in LIMITS.items():
        state.app.config.setdefault(key, value)


def _failed(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code != 302


def _landing() -> str:
    return safe_next(request.args.get("next")) or url_for(role_home(current_user.role))


def _render(template: str, form: FlaskForm, status: int = 200) -> ResponseReturnValue:
    return render_template(template, form=form, next=safe_next(request.args.get("next"))), status


def throttled_message(exc: Throttled) -> str:
    """What a visitor kept waiting reads (the same for any address, known or not)."""
    return gettext(
        "Too many wrong passwords for this address. Try again in %(minutes)s min. A browser "
        "where you have signed in before is not kept waiting.",
        minutes=wait_minutes(exc.retry_after_seconds))


def with_retry_after(page: ResponseReturnValue, exc: Throttled) -> ResponseReturnValue:
    """A page answered with 429 and the Retry-After header."""
    response = make_response(page)
    response.headers["Retry-After"] = str(exc.retry_after_seconds)
    return response


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGNIN_LIMIT_PER_IP"], methods=["POST"],
               deduct_when=_failed)
def sign_in() -> ResponseReturnValue:
    """Sign in with e-mail and password; a failure says only that the pair is wrong."""
    if current_user.is_authenticated:
        return redirect(_landing())
    form = SignInForm()
    if request.method == "GET":
        form.email.data = session.pop(_REGISTERED_EMAIL, None)
        return _render("auth/sign_in.html", form)
    errors = [FieldError(name, "required") for name in ("email", "password")
              if not (form[name].data or "").strip()]
    if errors:
        apply_errors(form, errors)
        return _render("auth/sign_in.html", form, 422)
    email = form.email.data or ""
    try:
        user = check_sign_in(database.session(), email, form.password.data or "",
                             now=timer_now(), policy=throttle_policy(),
                             device_id=known_device(email))
    except Throttled as exc:
        form.form_errors.append(throttled_message(exc))
        return with_retry_after(_render("auth/sign_in.html", form, 429), exc)
    if user is None:
        database.commit()  # the wrong password is counted
        form.form_errors.append(gettext("The e-mail address or the password is not correct."))
        return _render("auth/sign_in.html", form, 401)
    begin_session(user)
    database.commit()
    response = redirect(_landing())
    remember_device(response, user.email)
    return response


def _own_checks(form: RegisterForm) -> list[FieldError]:
    errors = []
    name = (form.full_name.data or "").strip()
    if not name:
        errors.append(FieldError("full_name", "required"))
    elif len(name) > MAX_NAME:
        errors.append(FieldError("full_name", "too_long", {"max": MAX_NAME}))
    password = form.password.data or ""
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
    """A citizen's account (officers, managers and admins are created by an admin). The
    answer is the same whether or not the address has an account (its owner is told by
    e-mail): the new citizen signs in next."""
    if current_user.is_authenticated:
        return redirect(url_for(role_home(current_user.role)))
    form = RegisterForm()
    if request.method == "GET":
        form.language.data = form.language.data or current_language()
        return _render("auth/register.html", form)
    errors = _own_checks(form)
    db = database.session()
    try:
        register_citizen(
            db, form.email.data or "", password=form.password.data or "",
            full_name=_valid_name(form, errors), language=form.language.data or "",
            now=clock.now(), errors=errors,
        )
    except InvalidInput as exc:
        db.rollback()
        apply_errors(form, exc.errors)
        return _render("auth/register.html", form, 422)
    database.commit()
    email = (form.email.data or "").strip()
    if len(email) <= 254:  # a valid one: filled in on the sign-in page
        session[_REGISTERED_EMAIL] = email
    flash(gettext("Thank you: your registration has been received. Sign in with your e-mail "
                  "address and password. If the address already had an account, we have "
                  "written to it."), "success")
    # A new citizen came to file a notice: signed in, they start one (or go on where they
    # were going, e.g. with the answers of a precheck).
    landing = safe_next(request.args.get("next")) or url_for("citizen.start")
    return redirect(url_for("auth.sign_in", next=landing))


@bp.post("/sign-out")
def sign_out() -> ResponseReturnValue:
    """Sign out (POST, with the CSRF token): the session ends on the server too."""
    finish_session(current_user._get_current_object() if current_user.is_authenticated
                   else None)
    database.commit()
    flash(gettext("You have signed out."), "success")
    return redirect(url_for("public.home"))
