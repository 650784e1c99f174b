"""My account: its details, a new password, and signing out everywhere.

A new password and "sign out everywhere" end every session of the account on the server
and revoke its API tokens (`assembly.services.sessions.end_all_sessions`); after a new
password this browser stays signed in, in a new session.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user, login_required

from assembly.errors import FieldError, InvalidInput, Throttled
from assembly.models import User
from assembly.services.sessions import end_all_sessions, live_session_count
from assembly.services.users import change_password as set_new_password
from assembly.services.users import update_profile
from assembly.web import database
from assembly.web.access import lifetimes
from assembly.web.auth import bp
from assembly.web.auth.forms import ChangePasswordForm, ProfileForm
from assembly.web.auth.views import throttled_message, with_retry_after
from assembly.web.forms import apply_errors
from assembly.web.signin import (
    begin_session,
    finish_session,
    known_device,
    throttle_policy,
    timer_now,
)


def _details(user: User) -> dict[str, str]:
    """The account's details as kept, as the details form holds them."""
    return {"full_name": user.full_name or "", "language": user.language,
            "iin": user.iin or "", "address": user.address or ""}


def _page(form: ChangePasswordForm, status: int = 200,
          profile: ProfileForm | None = None) -> ResponseReturnValue:
    user = current_user.user
    sessions = live_session_count(database.session(), user.id, now=timer_now(),
                                  lifetimes=lifetimes())
    profile = profile or ProfileForm(formdata=None, data=_details(user))
    return render_template("auth/account.html", user=user, form=form, sessions=sessions,
                           profile=profile,
                           idle_minutes=round(lifetimes().idle.total_seconds() / 60),
                           max_hours=round(lifetimes().absolute.total_seconds() / 3600)), status


@bp.get("/account")
@login_required
def account() -> ResponseReturnValue:
    """The signed-in user's account."""
    return _page(ChangePasswordForm())


@bp.post("/account/details")
@login_required
def update_details() -> ResponseReturnValue:
    """Change the name, the language, and the IIN and address kept for filing."""
    user = current_user.user
    profile = ProfileForm(data=_details(user))  # the request's fields over the kept ones
    db = database.session()
    # Only a citizen keeps an IIN and address here: an officer's IIN is the one their
    # decisions' EDS must bear, set by an admin (`assembly users add --iin`), never by them.
    citizen = user.role == "citizen"
    iin = (profile.iin.data or "") if citizen else (user.iin or "")
    address = (profile.address.data or "") if citizen else (user.address or "")
    try:
        update_profile(db, user, full_name=profile.full_name.data or "",
                       language=profile.language.data or "", iin=iin, address=address)
    except InvalidInput as exc:
        db.rollback()
        apply_errors(profile, exc.errors)
        return _page(ChangePasswordForm(formdata=None), 422, profile)
    database.commit()
    flash(gettext("Your details have been saved."), "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/password")
@login_required
def change_password() -> ResponseReturnValue:
    """Change the password (the current one first): every other session and token ends."""
    form = ChangePasswordForm()
    user = current_user.user
    db = database.session()
    try:
        changed = set_new_password(
            db, user, current=form.current_password.data or "",
            new=form.new_password.data or "", confirm=form.new_password_confirm.data or "",
            now=timer_now(), policy=throttle_policy(), device_id=known_device(user.email))
    except InvalidInput as exc:
        db.rollback()
        apply_errors(form, exc.errors)
        return _page(form, 422)
    except Throttled as exc:
        db.rollback()
        form.form_errors.append(throttled_message(exc))
        return with_retry_after(_page(form, 429), exc)
    if not changed:
        database.commit()  # the wrong password is counted, as at sign-in
        apply_errors(form, [FieldError("current_password", "wrong_password")])
        return _page(form, 422)
    begin_session(user)  # every session ended, this one too: this browser gets a new one
    database.commit()
    flash(gettext("Your password has been changed. You were signed out everywhere else, and "
                  "your API tokens were revoked."), "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere() -> ResponseReturnValue:
    """End every session of the account, this one included, and revoke its API tokens."""
    end_all_sessions(database.session(), current_user.id, now=timer_now())
    database.commit()
    finish_session(None)  # this browser's cookie too (its session has just ended)
    flash(gettext("You have signed out on every device, and your API tokens were revoked."),
          "success")
    return redirect(url_for("auth.sign_in"))
