"""From the precheck to the filing wizard: "File this notice" keeps the answers checked.

The precheck needs no account, so its answers travel in a token (in the URL that signing
in or registering comes back to: the cookie session is renewed at sign-in, so it cannot
hold them). The token is encrypted and authenticated (Fernet, with a key drawn from the
app's secret key): an IIN or a name typed in the check reads nowhere in a URL, a proxy's
log or the browser's history. The signed-in citizen then keeps the answers as a draft of
the wizard's own, continued at the first step with something left to answer, or at the
review.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from typing import TYPE_CHECKING, Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from assembly import clock
from assembly.errors import InvalidInput
from assembly.i18n import field_error_message
from assembly.services.citizen import MAX_VALUE, create_draft
from assembly.services.law import default_law
from assembly.web import database
from assembly.web.access import roles_required
from assembly.web.citizen import bp
from assembly.web.citizen.drafts import resume_step
from assembly.web.citizen.steps import FIELD_NAMES, initial_values
from assembly.web.draft_form import DraftForm, answers_of
from assembly.web.locale import current_language

if TYPE_CHECKING:  # cryptography (~6 MB) loads with the first token, not in every worker
    from cryptography.fernet import Fernet

SALT = "precheck-answers"
MAX_AGE = 7 * 24 * 3600  # seconds: a week to sign in or register and come back


def _fernet() -> Fernet:
    from cryptography.fernet import Fernet

    secret = str(current_app.config["SECRET_KEY"])
    key = hashlib.sha256(f"{SALT}:{secret}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def answers_token(answers: dict[str, Any]) -> str:
    """The answers given (blank ones left out), encrypted: only this portal reads them."""
    kept = {name: value for name, value in answers.items()
            if name in FIELD_NAMES and value not in ("", None, False)}
    packed = zlib.compress(json.dumps(kept, ensure_ascii=False).encode())
    return _fernet().encrypt_at_time(packed, int(clock.now().timestamp())).decode()


def read_answers(token: str) -> dict[str, Any] | None:
    """The answers a token holds; None if it is not one of ours, or too old."""
    from cryptography.fernet import InvalidToken

    try:
        packed = _fernet().decrypt_at_time(token.encode(), MAX_AGE,
                                           int(clock.now().timestamp()))
        answers = json.loads(zlib.decompress(packed))
    except (InvalidToken, zlib.error, ValueError, UnicodeEncodeError):
        return None
    if not isinstance(answers, dict):
        return None
    return {name: value for name, value in answers.items()
            if name in FIELD_NAMES and isinstance(value, str | bool)
            and (not isinstance(value, str) or len(value) <= MAX_VALUE)}


@bp.post("/file/from-check/answers")
def carry_precheck() -> ResponseReturnValue:
    """"File this notice" on the precheck: on to the wizard with the answers (signing in or
    registering first, if need be: they come back with the answers)."""
    token = answers_token(answers_of(DraftForm()))
    return redirect(url_for("citizen.from_precheck", answers=token))


@bp.route("/file/from-check", methods=["GET", "POST"])
@roles_required("citizen")
def from_precheck() -> ResponseReturnValue:
    """The checked answers, ready to continue as a draft; the POST keeps the draft."""
    token = request.values.get("answers", "")
    answers = read_answers(token)
    if answers is None:
        flash(gettext("The answers of the check could not be read any more: please check "
                      "the notice again."), "error")
        return redirect(url_for("public.precheck"))
    if request.method == "GET":
        return render_template("citizen/from_precheck.html", token=token, answers=answers)
    law = default_law()
    user = current_user.user
    values = {**initial_values(user), **answers}  # the account fills what the check left out
    db = database.session()
    try:
        draft = create_draft(db, user, values, names=FIELD_NAMES, now=clock.now())
    except InvalidInput as exc:  # too many drafts
        db.rollback()
        flash(field_error_message(exc.errors[0], current_language()), "error")
        return redirect(url_for("citizen.drafts"))
    database.commit()
    step = resume_step(dict(draft.data), law)
    return redirect(url_for("citizen.step", draft_id=draft.id, step=step))
