"""E-mails rendered from templates/email/<name>.txt and .html in the recipient's language.

The `.txt` template also sets the subject (`{% set subject = _(…) %}`); the `.html` one is
autoescaped. Both use gettext from `assembly.i18n` (kk, ru; English is the msgids), and
show instants in the city's local time and dates in the language's long format.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.messages.extract import extract
from jinja2 import (
    ChainableUndefined,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.ext import babel_extract

from assembly import config, i18n, paths
from assembly.i18n import N_
from assembly.notices.findings import Finding

# How restrictions of an approval read (ids from rules: outcomes.approve_restricted).
RESTRICTIONS: dict[str, str] = {
    "no_yurts": N_("without yurts"),
    "no_tents": N_("without tents"),
    "no_structures": N_("without other structures"),
    "no_sound_amplifiers": N_("without sound amplifiers"),
    "no_vehicles": N_("without vehicles"),
}

# How delivery channels read (ids from rules: delivery.channels; Art. 11(2), 13(2)).
CHANNELS: dict[str, str] = {
    "hand": N_("by hand"),
    "registered_mail": N_("by registered mail with acknowledgement of receipt"),
    "eds": N_("as an electronic document signed with a digital signature"),
    "email": N_("by e-mail"),
    "sms": N_("to the mobile number"),
}

# What each outbox template is about, for officers told that a message failed.
MESSAGE_KINDS: dict[str, str] = {
    "notice_registered": N_("registration of the notice"),
    "decision_made": N_("the decision"),
    "deemed_accepted": N_("deemed acceptance"),
    "proposal_lapsed": N_("the unanswered proposal"),
    "new_notice": N_("a new notice"),
    "notice_overdue": N_("an overdue notice"),
    "deemed_acceptance_conflict": N_("a deemed acceptance at a taken place"),
    "sweep_left_behind": N_("an uncompleted deadline move"),
    "deadline_tomorrow": N_("a deadline reminder"),
    "delivery_failed": N_("an undelivered message"),
    "digest": N_("the daily digest"),
    "registration_attempt": N_("a registration with an address that has an account"),
}


@dataclass(frozen=True)
class RenderedEmail:
    """One message as the recipient reads it."""

    subject: str
    text: str
    html: str
    attachments: tuple[tuple[str, bytes], ...] = ()  # (file name, PDF): the decision letter


def email_dir() -> Path:
    """The folder of the e-mail templates."""
    return paths.templates_dir() / "email"


def _instant(value: Any) -> datetime | None:
    if isinstance(value, str) and value:
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if not isinstance(value, datetime):
        return None
    from assembly.services.law import default_law

    return value.astimezone(default_law().calendar.zone)


def format_instant(value: Any, lang: str) -> str:
    """An instant in the city's local time: "18 мая 2021 г., 23:59"."""
    local = _instant(value)
    if local is None:
        return ""
    return f"{format_date(local.date(), format='long', locale=lang)}, {local:%H:%M}"


def format_day(value: Any, lang: str) -> str:
    """A local date (ISO text or date) or the local date of an instant, long format."""
    if isinstance(value, str) and len(value) == 10:
        value = date.fromisoformat(value)
    if not isinstance(value, date) or isinstance(value, datetime):
        local = _instant(value)
        value = local.date() if local else None
    return format_date(value, format="long", locale=lang) if value else ""


def format_period(starts: Any, ends: Any, lang: str) -> str:
    """A local time span: one date and two times when it stays within a day."""
    start, end = _instant(starts), _instant(ends)
    if start is None or end is None:
        return ""
    if start.date() == end.date():
        return f"{format_day(start.date(), lang)}, {start:%H:%M}–{end:%H:%M}"
    return f"{format_instant(start, lang)} – {format_instant(end, lang)}"


_ARTICLE = re.compile(r"Art\. (\d+)((?:, \d+)+)?(?:\((\d+)\))?(?:\((\d+)\))?")


def format_article(text: str, lang: str) -> str:
    """"Art. 14(1)(4)" as lawyers of the language write it (ru: "подп. 4) п. 1 ст. 14")."""

    def one(match: re.Match[str]) -> str:
        article, more, paragraph, item = match.groups()
        if more:  # "Art. 10, 12": several articles
            numbers = article + more
            return {"ru": f"ст. {numbers}", "kk": f"{numbers}-баптар"}.get(lang, match.group(0))
        if lang == "ru":
            parts = [f"подп. {item})" if item else "", f"п. {paragraph}" if paragraph else "",
                     f"ст. {article}"]
            return " ".join(p for p in parts if p)
        if lang == "kk":
            if item:
                return f"{article}-баптың {paragraph}-тармағының {item}) тармақшасы"
            return f"{article}-баптың {paragraph}-тармағы" if paragraph else f"{article}-бап"
        return match.group(0)

    return _ARTICLE.sub(one, text or "")


# The route alone: before the APPC (2021-07-01) no complaint period is sourced in rules/,
# and an unverified one is never stated to a citizen as the law.
APPEAL_ROUTE = N_(
    "How to appeal: you may appeal this decision to a higher body or to the court.")
# APPC Art. 91(3)-(4), 92(1): the complaint, its period, where it is filed; then the court.
APPEAL_WITHIN = {
    "issuing_body": N_(
        "How to appeal: you may file a complaint against this decision with the akimat, which "
        "forwards it to the superior body, within %(months)s months of the day you learned of "
        "this decision (%(article)s); then you may go to the court."),
    "superior_body": N_(
        "How to appeal: you may file a complaint against this decision with the superior body "
        "within %(months)s months of the day you learned of this decision (%(article)s); then "
        "you may go to the court."),
}
APPC = N_("Administrative Procedural and Process-Related Code of the Republic of Kazakhstan, "
          "%(article)s")


def appeal_text(appeal: Mapping[str, Any] | None, lang: str) -> str:
    """The appeal paragraph of a decision: the route, with the complaint period and its
    article when the rule in force on the decision's date gives a verified one
    (`services.messages.appeal_facts`); an unverified value is never shown as the law."""
    if not appeal:
        return i18n.gettext(APPEAL_ROUTE, lang)
    article = i18n.gettext(APPC, lang, article=format_article(appeal["article"], lang))
    return i18n.gettext(APPEAL_WITHIN[appeal["filed_with"]], lang,
                        months=str(appeal["months"]), article=article)


def _finding(value: Mapping[str, Any], lang: str) -> str:
    finding = Finding(
        code=value["code"], article=value.get("article", ""), ground=value.get("ground"),
        severity=value.get("severity", "warning"), params=value.get("params") or {},
    )
    return i18n.finding_message(finding, lang)


@lru_cache(maxsize=12)
def environment(lang: str, strict: bool = False) -> Environment:
    """The Jinja environment of one language (strict: undefined names raise, for tests)."""
    env = Environment(
        loader=FileSystemLoader(str(email_dir())),
        extensions=["jinja2.ext.i18n"],
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined if strict else ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda msgid: i18n.gettext(msgid, lang),
        ngettext=lambda s, p, n: i18n.gettext(s if n == 1 else p, lang),
        newstyle=True,
    )
    env.filters.update(
        instant=lambda v: format_instant(v, lang),
        day=lambda v: format_day(v, lang),
        name=lambda v: i18n.localize(v, lang) if v else "",
        finding=lambda v: _finding(v, lang),
        restriction=lambda v: i18n.gettext(RESTRICTIONS.get(v, v), lang),
        channel=lambda v: i18n.gettext(CHANNELS.get(v, v), lang),
        kind=lambda v: i18n.gettext(MESSAGE_KINDS.get(v, v), lang),
        article=lambda v: format_article(v, lang),
        appeal=lambda v: appeal_text(v or None, lang),
    )
    env.globals.update(lang=lang, period=lambda s, e: format_period(s, e, lang))
    return env


def render(
    template: str, language: str, context: Mapping[str, Any], *, strict: bool = False
) -> RenderedEmail:
    """Render one outbox message: subject and text from `.txt`, the HTML part from `.html`."""
    lang = i18n.language(language)
    env = environment(lang, strict)
    values = {"public_url": config.public_url(), **context}
    module = env.get_template(f"{template}.txt").make_module(values)
    html = env.get_template(f"{template}.html").render(values)
    subject = " ".join(str(getattr(module, "subject", "")).split())
    return RenderedEmail(subject=subject, text=str(module).strip() + "\n", html=html)


def template_names() -> list[str]:
    """Every message template (a `.txt` and `.html` pair; partials start with `_`)."""
    return sorted(p.stem for p in email_dir().glob("*.txt") if not p.name.startswith("_"))


def template_msgids() -> set[str]:
    """Every msgid the e-mail templates use (checked against the kk and ru catalogs)."""
    found: set[str] = set()
    options = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
    for path in sorted(email_dir().glob("*.*")):
        source = BytesIO(path.read_bytes())
        for _, message, _, _ in extract(babel_extract, source, options=options):
            found.update(m for m in (message if isinstance(message, tuple) else (message,)) if m)
    return found
