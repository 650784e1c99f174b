"""Registering a notice received on paper (Art. 12(1)): the draft's fields, when it was
received, whether the organizer signed it, and its scan; services.paper registers it."""

from __future__ import annotations

import base64
from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext, lazy_gettext
from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField
from wtforms.widgets import DateInput, TimeInput

from assembly import clock
from assembly.errors import FieldError, InvalidInput
from assembly.law.workdays import zone
from assembly.services.law import default_law
from assembly.services.paper import register_paper_notice
from assembly.web import database
from assembly.web.access import roles_required
from assembly.web.draft_form import DRAFT_FIELDS, DraftForm, draft_data, merge_errors, parse_date
from assembly.web.forms import apply_errors
from assembly.web.locale import current_language
from assembly.web.officer import ACTORS, bp

MAX_SCAN_BYTES = 20 * 1024 * 1024
PAPER_FIELDS = {**DRAFT_FIELDS, "received_at": "received_on", "scan": "scan",
                "scan.type": "scan", "scan.name": "scan", "scan.content": "scan",
                "signed_by_hand": "signed_by_hand"}


class PaperForm(DraftForm):
    """A notice as received on paper, and the receipt."""

    received_on = StringField(lazy_gettext("Received on"), widget=DateInput())
    received_time = StringField(lazy_gettext("Received at (time)"), widget=TimeInput())
    signed_by_hand = BooleanField(lazy_gettext("Signed by the organizer (or representative)"))
    scan = FileField(lazy_gettext("Scan of the notice (PDF, JPEG or PNG)"))


def _receipt(form: PaperForm, timezone: str) -> tuple[str | None, dict | None,
                                                      list[FieldError]]:
    """The receipt's instant (ISO) and the scan as services.paper reads them."""
    errors: list[FieldError] = []
    received_at = None
    try:
        day = parse_date((form.received_on.data or "").strip())
        at = datetime.strptime((form.received_time.data or "").strip(), "%H:%M").time()
        received_at = datetime.combine(day, at, zone(timezone)).isoformat()
    except ValueError:
        errors.append(FieldError("received_at", "invalid_datetime"))
    upload = request.files.get("scan")
    scan = None
    if upload is None or not upload.filename:
        errors.append(FieldError("scan", "required"))
    else:
        content = upload.read(MAX_SCAN_BYTES + 1)
        if len(content) > MAX_SCAN_BYTES:
            errors.append(FieldError("scan", "invalid"))
        scan = {"name": upload.filename, "type": upload.mimetype,
                "content": base64.b64encode(content).decode()}
    return received_at, scan, errors


@bp.route("/paper", methods=["GET", "POST"])
@roles_required(*ACTORS)
def paper() -> ResponseReturnValue:
    """Register a notice received on paper; it then follows the same workflow."""
    law = default_law()
    form = PaperForm()
    form.set_choices(law.at(law.calendar.local_date(clock.now())), current_language())
    page = {"form": form, "rules": law.at(law.calendar.local_date(clock.now()))}
    if request.method == "GET":
        return render_template("officer/paper.html", **page)
    data, errors = draft_data(form, law.rulebook.timezone)
    received_at, scan, more = _receipt(form, law.rulebook.timezone)
    errors += more
    if not errors:
        try:
            filing = register_paper_notice(database.session(), {
                "draft": data, "received_at": received_at,
                "signed_by_hand": bool(form.signed_by_hand.data), "scan": scan,
            }, officer=current_user.user, now=clock.now(), law=law)
        except InvalidInput as exc:
            database.session().rollback()
            errors = merge_errors(errors, [FieldError(e.field.removeprefix("draft."), e.code,
                                                      e.params) for e in exc.errors])
    if errors:
        apply_errors(form, errors, PAPER_FIELDS)
        return render_template("officer/paper.html", **page), 422
    database.commit()
    reference = filing.notice.reference
    flash(gettext("The paper notice is registered as %(reference)s.", reference=reference),
          "success")
    return redirect(url_for("officer.notice", reference=reference))
