"""My drafts: notices started and not yet filed, to continue or delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import current_user

from assembly.i18n import localize
from assembly.models import CitizenDraft
from assembly.services.citizen import delete_draft as forget_draft
from assembly.services.citizen import draft_of, drafts_of
from assembly.services.law import Law, default_law
from assembly.web import database
from assembly.web.access import roles_required
from assembly.web.citizen import bp
from assembly.web.citizen.steps import (
    REVIEW,
    draft_errors,
    event_date,
    problems_by_step,
    rules_for,
)
from assembly.web.locale import current_language

TITLE_LENGTH = 80


@dataclass(frozen=True)
class DraftRow:
    """A draft as the list shows it, and the step to continue it at."""

    id: str
    title: str
    form: str
    event_date: date | None
    updated_at: datetime
    resume_step: str


def resume_step(values: dict[str, Any], law: Law) -> str:
    """The step a draft continues at: the first with a problem left, else the review."""
    problems = problems_by_step(draft_errors(values, law)[1])
    return problems[0].step if problems else REVIEW


def draft_row(draft: CitizenDraft, law: Law, lang: str) -> DraftRow:
    """A draft as the lists show it."""
    values = dict(draft.data)
    purpose = " ".join(str(values.get("purpose") or "").split())
    if len(purpose) > TITLE_LENGTH:
        purpose = purpose[: TITLE_LENGTH - 1] + "…"
    form = rules_for(law, values).forms.get(str(values.get("form") or ""))
    return DraftRow(
        id=draft.id, title=purpose, form=localize(form.names, lang) if form else "",
        event_date=event_date(values), updated_at=draft.updated_at,
        resume_step=resume_step(values, law),
    )


@bp.get("/my/drafts")
@roles_required("citizen")
def drafts() -> ResponseReturnValue:
    """The citizen's drafts, the latest changed first."""
    law = default_law()
    lang = current_language()
    rows = [draft_row(d, law, lang) for d in drafts_of(database.session(), current_user.user)]
    return render_template("citizen/drafts.html", rows=rows)


@bp.post("/my/drafts/<draft_id>/delete")
@roles_required("citizen")
def delete_draft(draft_id: str) -> ResponseReturnValue:
    """Delete one of the citizen's drafts (nothing was filed from it)."""
    db = database.session()
    forget_draft(db, draft_of(db, current_user.user, draft_id))
    database.commit()
    flash(gettext("The draft is deleted."), "success")
    return redirect(url_for("citizen.drafts"))
