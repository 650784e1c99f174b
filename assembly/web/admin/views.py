"""The outbox as administrators see it: every message by state, and each one's text.

Without an SMTP server (ASSEMBLY_MAIL_SERVER) the scheduler keeps messages instead of
sending them (issue 5): this is where they are read, to be passed on by other means.
"""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from assembly.emails import MESSAGE_KINDS
from assembly.i18n import N_
from assembly.services.outbox import UNSENT, kept_messages, outbox_counts
from assembly.services.outbox_reads import STATUSES, outbox_message
from assembly.web import database
from assembly.web.access import roles_required
from assembly.web.admin import bp
from assembly.web.parsing import page_number

PAGE_SIZE = 50
# The filters of the list, in the order of the links: what each shows.
FILTERS: dict[str, tuple[str, ...]] = {
    "unsent": UNSENT,
    "pending": ("pending",),
    "sending": ("sending",),
    "failed": ("failed",),
    "sent": ("sent",),
    "all": STATUSES,
}
FILTER_LABELS = {
    "unsent": N_("Not sent"),
    "pending": N_("Waiting"),
    "sending": N_("Being sent"),
    "failed": N_("Failed"),
    "sent": N_("Sent"),
    "all": N_("All"),
}
STATUS_LABELS = {
    "pending": N_("waiting"),
    "sending": N_("being sent"),
    "sent": N_("sent"),
    "failed": N_("failed"),
}


@bp.get("/outbox")
@roles_required("admin")
def outbox() -> ResponseReturnValue:
    """The outbox's messages of a state (`?status=`), newest first, a page at a time."""
    chosen = request.args.get("status") or "unsent"
    if chosen not in FILTERS:
        abort(404)
    page = page_number(request.args.get("page"))
    session = database.session()
    # Administrators read the messages without the organizers' personal data.
    found = kept_messages(session, statuses=FILTERS[chosen], limit=PAGE_SIZE + 1,
                          offset=(page - 1) * PAGE_SIZE, audience="admin")
    by_status = outbox_counts(session)
    counts = {key: sum(by_status.get(s, 0) for s in states) for key, states in FILTERS.items()}
    return render_template(
        "admin/outbox.html", messages=found[:PAGE_SIZE], more=len(found) > PAGE_SIZE,
        page=page, chosen=chosen, filters=FILTER_LABELS, counts=counts,
        statuses=STATUS_LABELS, kinds=MESSAGE_KINDS,
        keeping=not current_app.config.get("MAIL_SERVER"),
    )


@bp.get("/outbox/<int:message_id>")
@roles_required("admin")
def message(message_id: int) -> ResponseReturnValue:
    """One message: its state, its attempts, and its text as the recipient reads it."""
    detail = outbox_message(database.session(), message_id, audience="admin")
    if detail is None:
        abort(404)
    return render_template(
        "admin/message.html", detail=detail, m=detail.message, statuses=STATUS_LABELS,
        kinds=MESSAGE_KINDS, keeping=not current_app.config.get("MAIL_SERVER"),
    )
