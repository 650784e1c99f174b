"""The decision letter of a notice (Art. 11(1)-(2), 13(1)-(2), 14): what it says, in the
organizer's language, on the akimat's letterhead, signed by the deciding officer, with a
QR code to the decision's public check page (`/verify/<check_id>`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly import config, i18n
from assembly.emails import appeal_text, format_article, format_instant, format_period
from assembly.errors import NotFound
from assembly.i18n import N_
from assembly.law.ruleset import Appeal
from assembly.letters.pdf import Attachment, Letter, Section, render
from assembly.letters.signature import DecisionSignature, signature_of
from assembly.models import Decision, Notice, User
from assembly.services.law import Law, default_law
from assembly.services.messages import decision_facts, notice_facts

# The letter names the notice by its procedure (a notification, or an application for
# approval: GLOSSARY.md), never one word for both.
TITLE = {
    "notification": N_("Decision on your notification %(reference)s: %(outcome)s"),
    "application": N_("Decision on your application %(reference)s: %(outcome)s"),
}
DECIDED_ON = {
    "notification": N_("On %(date)s the akimat decided on your notification %(reference)s: "
                       "%(outcome)s."),
    "application": N_("On %(date)s the akimat decided on your application %(reference)s: "
                      "%(outcome)s."),
}

# Art. 11(1): a notification left unanswered is deemed accepted; there is no decision, but
# the organizer is told so in a letter all the same (issue 14).
DEEMED_TITLE = N_("Notification %(reference)s: you may hold the assembly")
DEEMED = N_("The akimat did not answer your notification %(reference)s within the review "
            "period, which ended on %(due)s. You may hold the assembly as notified "
            "(%(article)s).")
DEEMED_STATUS = N_("may go ahead: no answer in time")
DEEMED_NOTE = N_(
    "No official signed this letter: the akimat made no decision in time. It states what "
    "the register of notices records.")
NO_DECISION = N_("No decision exists yet on this notice: there is no letter to show.")
NOT_SIGNED = N_(
    "This letter is not certified by an electronic digital signature (EDS). Whether it "
    "is genuine and current is shown on the check page its QR code opens.")
SIGNED = N_(
    "Certified by the EDS of the official: the CMS signature, the official's certificate "
    "and the signed document are attached to this PDF.")
CHECK = N_("Whether this decision is genuine and current: scan the code or open")
OFFICIAL = N_("Official of the akimat")
# What officers read instead when the period in force is not verified in the act.
APPEAL_UNVERIFIED = N_(
    "The complaint period in the rules (%(months)s months, %(article)s) is not verified in "
    "the act: the letter states the appeal route without it.")


class NoDecision(NotFound):
    """The notice has no decision yet: it has no letter (404)."""


def check_url(base_url: str, decision: Decision) -> str:
    """The public check page of a decision (its random id, never the reference)."""
    return f"{base_url.rstrip('/')}/verify/{decision.check_id}"


def letterhead(lang: str) -> tuple[str, ...]:
    """The akimat's letterhead lines in `lang` (ASSEMBLY_LETTERHEAD_*)."""
    head = config.letterhead(lang)
    name = head["name"] or i18n.gettext("Akimat of Almaty", lang)
    return tuple(line for line in (name, head["address"], head["contacts"]) if line)


def signatory(session: Session, decision: Decision, lang: str) -> tuple[str, str]:
    """The deciding officer's name and position (their account), as the letter shows."""
    officer = session.get(User, decision.decided_by) if decision.decided_by else None
    name = (officer.full_name or officer.email) if officer else ""
    position = (officer.position if officer else None) or i18n.gettext(OFFICIAL, lang)
    return name, position


def _outcome_section(facts: dict[str, Any], decision: dict[str, Any], lang: str) -> Section:
    def _(msgid: str, **params: Any) -> str:
        return i18n.gettext(msgid, lang, **params)

    outcome = decision["outcome"]
    if outcome == "approve" and facts["procedure"] == "application":
        return Section("", (_("Your application is approved: you may hold the assembly as "
                              "applied for."),))
    if outcome == "approve":
        return Section("", (_("The akimat has taken note of your notification: you may hold "
                              "the assembly as notified."),))
    if outcome == "approve_restricted":
        return Section(_("Restrictions"),
                       (_("You may hold the assembly with these restrictions:"),),
                       tuple(_(_restriction(r)) for r in decision["restrictions"]))
    if outcome == "propose_change" and decision["proposal"]:
        proposal = decision["proposal"]
        place = (i18n.localize(proposal["place"], lang) if proposal["place"]
                 else proposal["address"] or _("as notified"))
        lines = [f"{_('Place')}: {place}",
                 f"{_('Time')}: {format_period(proposal['starts_at'], proposal['ends_at'], lang)}"]
        return Section(_("Proposal"), (_("The akimat proposes to hold the assembly at another "
                                         "place or time:"),), tuple(lines))
    grounds = tuple(f"{format_article(g['article'], lang)}: {i18n.localize(g['names'], lang)}"
                    for g in decision["grounds"])
    return Section(_("Grounds for refusal"), (_("The akimat refuses on these grounds:"),),
                   grounds)


def _restriction(restriction: str) -> str:
    from assembly.emails import RESTRICTIONS

    return RESTRICTIONS.get(restriction, restriction)


def build_letter(session: Session, notice: Notice, decision: Decision, lang: str,
                 base_url: str, law: Law | None = None) -> Letter:
    """The letter of one decision on the notice, in `lang`."""
    law = law or default_law()
    lang = i18n.language(lang)
    facts = notice_facts(notice, law)
    said = decision_facts(notice, decision, [], law)

    def _(msgid: str, **params: Any) -> str:
        return i18n.gettext(msgid, lang, **params)

    outcome = i18n.localize(said["outcome_names"], lang)
    sections = [
        Section("", (_("Dear %(name)s,", name=notice.organizer_name),
                     _(DECIDED_ON[notice.procedure], date=format_instant(said["decided_at"], lang),
                       reference=notice.reference, outcome=outcome))),
        _outcome_section(facts, said, lang),
    ]
    if said["reasoning"]:
        sections.append(Section(_("Reasoning"), tuple(said["reasoning"].splitlines())))
    sections.append(_notice_section(notice, facts, lang))
    sections.append(Section(_("How to appeal"), (appeal_text(said["appeal"], lang),)))
    name, position = signatory(session, decision, lang)
    signature = signature_of(decision)
    return Letter(
        lang=lang,
        title=_(TITLE[notice.procedure], reference=notice.reference, outcome=outcome),
        letterhead=letterhead(lang),
        meta=(f"{_('Reference')}: {notice.reference}",
              format_instant(said["decided_at"], lang),
              f"{_('Organizer')}: {notice.organizer_name}",
              notice.organizer_address or ""),
        sections=tuple(sections),
        signatory=tuple(line for line in (position, name) if line),
        signature_note=_(SIGNED) if signature else _(NOT_SIGNED),
        check_url=check_url(base_url, decision),
        check_note=_(CHECK),
        created_at=decision.decided_at,
        attachments=_attachments(notice, signature),
    )


def _notice_section(notice: Notice, facts: dict[str, Any], lang: str) -> Section:
    """What was notified: reference, form, place, time, participants."""
    def _(msgid: str) -> str:
        return i18n.gettext(msgid, lang)

    place = i18n.localize(facts["place"], lang) if facts["place"] else facts["address"] or ""
    return Section(_("Your notice"), items=(
        f"{_('Reference')}: {notice.reference}",
        f"{_('Form')}: {i18n.localize(facts['form'], lang)}",
        f"{_('Place')}: {place}",
        f"{_('Time')}: {format_period(facts['starts_at'], facts['ends_at'], lang)}",
        f"{_('Expected participants')}: {notice.expected_participants}",
    ))


def is_deemed_accepted(notice: Notice) -> bool:
    """A notification left unanswered and deemed accepted by the sweep (Art. 11(1)): no
    decision, but a letter saying so."""
    return notice.decision is None and notice.go_ahead_kind == "deemed_accepted"


def deemed_acceptance_letter(notice: Notice, lang: str, law: Law | None = None) -> Letter:
    """The letter of a notification deemed accepted as of its review deadline (Art. 11(1)):
    no signatory and no check page, since no official decided."""
    law = law or default_law()
    lang = i18n.language(lang)
    facts = notice_facts(notice, law)

    def _(msgid: str, **params: Any) -> str:
        return i18n.gettext(msgid, lang, **params)

    due = format_instant(facts["decision_due"], lang)
    return Letter(
        lang=lang,
        title=_(DEEMED_TITLE, reference=notice.reference),
        letterhead=letterhead(lang),
        meta=(f"{_('Reference')}: {notice.reference}", due,
              f"{_('Organizer')}: {notice.organizer_name}", notice.organizer_address or ""),
        sections=(
            Section("", (_("Dear %(name)s,", name=notice.organizer_name),
                         _(DEEMED, reference=notice.reference, due=due,
                           article=format_article(facts["review_article"], lang)))),
            Section("", (f"{_('Status')}: {_(DEEMED_STATUS)}",)),
            _notice_section(notice, facts, lang),
        ),
        signatory=(),
        signature_note=_(DEEMED_NOTE),
        check_url=None,
        check_note="",
        created_at=notice.decision_due,
    )


def _attachments(notice: Notice, signature: DecisionSignature | None
                 ) -> tuple[Attachment, ...]:
    """The officer's signature beside the letter: the CMS, the document it signs, the
    signer's certificate (none for an unsigned decision)."""
    if signature is None:
        return ()
    stem = f"{notice.reference}-decision"
    return (
        Attachment(f"{stem}.p7s", signature.cms, "CMS (CAdES-BES) detached signature",
                   "application/pkcs7-signature"),
        Attachment(f"{stem}.txt", signature.document,
                   "The signed canonical document of the decision", "text/plain"),
        Attachment(f"{stem}-signer.cer", signature.certificate, "The signer's certificate",
                   "application/pkix-cert"),
    )


def appeal_in_force(decision: Decision, law: Law | None = None) -> Appeal | None:
    """The appeal route in force on the decision's local date (APPC), or None."""
    law = law or default_law()
    return law.at(law.calendar.local_date(decision.decided_at)).appeal


def appeal_advisory(appeal: Appeal | None, lang: str) -> str | None:
    """For officers: why the letter states no period (the one in force is unverified)."""
    if appeal is None or appeal.states_the_law:
        return None
    return i18n.gettext(APPEAL_UNVERIFIED, lang, months=str(appeal.complaint_months),
                        article=format_article(appeal.article, lang))


def latest_decision(notice: Notice) -> Decision:
    """The notice's latest decision; NoDecision when there is none yet."""
    if notice.decision is None:
        raise NoDecision(NO_DECISION)
    return notice.decision


def letter_pdf(session: Session, notice: Notice, lang: str, base_url: str,
               law: Law | None = None, renderer: Callable[[Letter], bytes] = render) -> bytes:
    """The PDF letter of the notice's latest decision, or of its deemed acceptance
    (NoDecision while undecided), made by `renderer` (the web's renders in a child process:
    `letters.apart`)."""
    if is_deemed_accepted(notice):
        return renderer(deemed_acceptance_letter(notice, lang, law))
    return renderer(build_letter(session, notice, latest_decision(notice), lang, base_url,
                                 law))


def letter_of_check(session: Session, check_id: str, lang: str, base_url: str
                    ) -> tuple[str, bytes] | None:
    """(file name, PDF) of the decision `check_id` names, as the decision e-mail attaches
    it (None: no such decision)."""
    decision = session.scalars(
        select(Decision).where(Decision.check_id == check_id)).one_or_none()
    if decision is None:
        return None
    notice = decision.notice
    pdf = render(build_letter(session, notice, decision, lang, base_url))
    return f"{notice.reference}-decision.pdf", pdf
