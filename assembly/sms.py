"""SMS to the organizer's mobile number (Art. 11(2)(5), 13(2)): rendered from
templates/sms/<name>.txt in the recipient's language and sent through an HTTP SMS gateway
(ASSEMBLY_SMS_URL), by the same outbox sender as e-mail (`mail.send_outbox`).

The gateway receives one JSON POST per message, `{"to", "text", "sender", "id"}`, with
`Idempotency-Key: outbox-<id>` (the same on a resend, so a gateway that honours it drops
the duplicate) and `Authorization: Bearer <ASSEMBLY_SMS_TOKEN>` when a token is set. A
2xx answer means accepted; 4xx (but 429) will not change on retry; 5xx, 429 and network
errors are retried with the outbox's backoff.
"""

from __future__ import annotations

import json
import math
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, Environment, FileSystemLoader

from assembly import config, i18n, paths
from assembly.services import sending

# One SMS holds 160 GSM-7 characters, or 70 UCS-2 ones (Cyrillic, Kazakh); a message in
# parts carries 153 or 67 per part (the rest is the concatenation header).
GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVW"
    "XYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
MAX_PARTS = 2


def sms_parts(text: str) -> int:
    """How many SMS parts `text` takes (GSM-7 when it can, else UCS-2)."""
    single, per_part = (160, 153) if set(text) <= GSM7 else (70, 67)
    return 1 if len(text) <= single else math.ceil(len(text) / per_part)


@dataclass(frozen=True)
class RenderedSms:
    """One SMS as the recipient reads it."""

    text: str


def sms_dir() -> Path:
    """The folder of the SMS templates."""
    return paths.templates_dir() / "sms"


@lru_cache(maxsize=6)
def _environment(lang: str) -> Environment:
    env = Environment(loader=FileSystemLoader(str(sms_dir())), extensions=["jinja2.ext.i18n"],
                      undefined=ChainableUndefined, autoescape=False)
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda msgid: i18n.gettext(msgid, lang),
        ngettext=lambda s, p, n: i18n.gettext(s if n == 1 else p, lang), newstyle=True)
    env.filters["name"] = lambda v: i18n.localize(v, lang) if v else ""
    return env


def render_sms(template: str, language: str, context: Mapping[str, Any]) -> RenderedSms:
    """Render one SMS: the template's text on one line, spaces collapsed."""
    lang = i18n.language(language)
    values = {"public_url": config.check_base_url(), **context}
    text = _environment(lang).get_template(f"{template}.txt").render(values)
    return RenderedSms(" ".join(text.split()))


class _GatewayOutgoing:
    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.settings = settings

    def send(self, message: sending.Claimed, sms: RenderedSms) -> None:
        body = json.dumps({"to": message.recipient, "text": sms.text,
                           "sender": self.settings["SMS_SENDER"],
                           "id": f"outbox-{message.id}"}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "Idempotency-Key": f"outbox-{message.id}"}
        if message.possible_duplicate:
            headers["X-Possible-Duplicate"] = "yes"
        if self.settings.get("SMS_TOKEN"):
            headers["Authorization"] = f"Bearer {self.settings['SMS_TOKEN']}"
        request = urllib.request.Request(str(self.settings["SMS_URL"]), data=body,
                                         headers=headers, method="POST")
        # urlopen raises HTTPError on a non-2xx answer: the sender records it on the row.
        with urllib.request.urlopen(request, timeout=float(self.settings["SMS_TIMEOUT"])):
            pass


@dataclass
class HttpSmsTransport:
    """Sends SMS through the HTTP gateway of ASSEMBLY_SMS_*."""

    settings: Mapping[str, Any]

    @contextmanager
    def connect(self) -> Iterator[_GatewayOutgoing]:
        """Nothing to open: each SMS is one HTTP request."""
        yield _GatewayOutgoing(self.settings)


def sms_transport_for(settings: Mapping[str, Any]) -> HttpSmsTransport | None:
    """The SMS gateway, or None when ASSEMBLY_SMS_URL is not set (SMS are kept)."""
    return HttpSmsTransport(settings) if settings.get("SMS_URL") else None
