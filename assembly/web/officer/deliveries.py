"""Delivery tasks: decisions still to be delivered by registered mail (with the tracking
number), by hand, as an EDS document or by SMS (Art. 11(2), 13(2))."""

from __future__ import annotations

from dataclasses import replace

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from assembly import clock
from assembly.actors import Actor
from assembly.errors import InvalidInput
from assembly.models import Delivery, Notice
from assembly.services import privacy
from assembly.services.deliveries import AUTOMATIC, record_delivery
from assembly.services.law import default_law
from assembly.services.paging import Paged
from assembly.services.registers import DeliveryTask, open_deliveries, open_delivery_counts
from assembly.web import database
from assembly.web.access import roles_required
from assembly.web.forms import apply_errors
from assembly.web.officer import ACTORS, READERS, bp
from assembly.web.officer.common import page_number, today_rules
from assembly.web.officer.forms import DeliveryFilterForm, DeliveryForm


def _tasks() -> tuple[Paged[DeliveryTask], dict]:
    """One page of the open tasks (`?channel=`, `?page=`) as the reader may see them
    (administrators without the organizers), and the page's other values."""
    session = database.session()
    counts = open_delivery_counts(session)
    channels = [c for c in today_rules(default_law(), clock.now()).delivery_channels
                if c not in AUTOMATIC]
    filters = DeliveryFilterForm(request.args)
    filters.set_choices(channels)
    channel = filters.chosen(channels)
    result = open_deliveries(session, channel=channel, page=page_number())
    shown = replace(result, items=privacy.without_personal(current_user.user, result.items))
    query = {"channel": channel} if channel else {}
    return shown, {"filters": filters, "counts": counts, "channels": channels, "query": query}


def _forms(tasks: list[DeliveryTask], failed: DeliveryForm | None = None,
           failed_id: int | None = None) -> dict[int, DeliveryForm]:
    """One form per task, each with its own field ids; the failed one keeps its errors."""
    return {
        task.delivery_id: failed if task.delivery_id == failed_id and failed is not None
        else DeliveryForm(prefix=f"delivery-{task.delivery_id}", formdata=None)
        for task in tasks
    }


@bp.get("/deliveries")
@roles_required(*READERS)
def deliveries() -> ResponseReturnValue:
    """Decisions to deliver by a channel an officer handles, the latest first."""
    result, page = _tasks()
    return render_template("officer/deliveries.html", result=result, forms=_forms(result.items),
                           **page)


@bp.post("/deliveries/<int:delivery_id>")
@roles_required(*ACTORS)
def record(delivery_id: int) -> ResponseReturnValue:
    """Record that a decision went out (registered mail: with its tracking number)."""
    session = database.session()
    delivery = session.get(Delivery, delivery_id)
    if delivery is None or delivery.status == "sent":
        abort(404)
    notice = session.get(Notice, delivery.notice_id)
    form = DeliveryForm(prefix=f"delivery-{delivery_id}")
    try:
        record_delivery(session, notice, channel=delivery.channel,  # type: ignore[arg-type]
                        tracking_number=form.tracking_number.data,
                        actor=Actor.of(current_user.user), now=clock.now())
    except InvalidInput as exc:
        session.rollback()
        apply_errors(form, exc.errors, {"tracking_number": "tracking_number"})
        result, page = _tasks()
        return render_template("officer/deliveries.html", result=result,
                               forms=_forms(result.items, form, delivery_id), **page), 422
    database.commit()
    flash(gettext("Delivery of the decision on %(reference)s recorded.",
                  reference=notice.reference), "success")  # type: ignore[union-attr]
    return redirect(url_for("officer.deliveries"))
