"""`assembly doctor`: what is wrong with this installation, in plain words. Each check
answers (name, ok, what it found); none changes anything."""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from dataclasses import dataclass

from assembly import config, logs


@dataclass(frozen=True)
class Finding:
    """One check's answer: `ok` False means the operator has something to fix."""

    check: str
    ok: bool
    says: str


def check_settings() -> Finding:
    """Every ASSEMBLY_* setting parses."""
    try:
        config.web_settings()
        config.scheduler_settings()
        config.mail_settings()
        config.observability_settings()
        config.map_settings()
        config.pinned_now()
        logs.log_format()
    except ValueError as exc:
        return Finding("settings", False, str(exc))
    return Finding("settings", True, "every ASSEMBLY_* setting reads")


def check_clock() -> Finding:
    """The law's clock is the system's: ASSEMBLY_NOW pins it for demos and tests only."""
    try:
        pinned = config.pinned_now()
    except ValueError as exc:
        return Finding("clock", False, str(exc))
    if pinned is None:
        return Finding("clock", True, "the system clock (no ASSEMBLY_NOW)")
    return Finding("clock", False, f"ASSEMBLY_NOW pins the law's clock at {pinned}: deadlines "
                   "never pass and nothing is deemed accepted; unset it outside demos and tests")


def check_database() -> Finding:
    """The database answers and is at the latest schema."""
    return _schema_finding("database", config.database_url())


def check_replica() -> Finding:
    """The read replica of the report pages, when one is configured, answers at the latest
    schema (ASSEMBLY_DATABASE_REPLICA_URL)."""
    url = config.replica_database_url()
    if url is None:
        return Finding("replica", True, "no ASSEMBLY_DATABASE_REPLICA_URL: the report pages "
                       "read the database itself")
    return _schema_finding("replica", url)


def _schema_finding(check: str, url: str) -> Finding:
    from alembic.script import ScriptDirectory
    from sqlalchemy.exc import SQLAlchemyError

    from assembly import db, schema
    from assembly.web.extensions import without_password

    shown = without_password(url)
    try:
        engine = db.make_engine(url)
    except Exception as exc:  # noqa: BLE001 - a URL SQLAlchemy cannot use, a missing driver
        return Finding(check, False, f"{shown} cannot be used: {exc}")
    try:
        current = schema.current_revision(engine)
    except SQLAlchemyError as exc:
        return Finding(check, False, f"{shown} does not answer: {exc.__class__.__name__}: "
                       f"{str(exc).splitlines()[0]}")
    finally:
        engine.dispose()
    head = ScriptDirectory.from_config(schema.alembic_config(None)).get_current_head()
    if current is None:
        return Finding(check, False, f"{shown} has no schema yet: run `assembly init`"
                       if check == "database" else f"{shown} has no schema: is it a replica "
                       "of the database?")
    if current != head:
        return Finding(check, False,
                       f"{shown} is at {current}, not {head}: run `assembly init` to migrate")
    return Finding(check, True, f"{shown} answers, at the latest schema ({head})")


def check_rules() -> Finding:
    """The rules and the workflow load, every shape valid (the app refuses to start
    otherwise)."""
    from assembly.services.law import default_law

    try:
        default_law().rulebook.check_geometry()
    except Exception as exc:  # noqa: BLE001 - the loader's message names the file and key
        return Finding("rules", False, f"the rules do not load: {exc}")
    return Finding("rules", True, "the rules and the workflow load")


def check_audit_keys() -> Finding:
    """The audit keys file is readable (it seals the audit trail)."""
    from assembly import audit_keys

    path = audit_keys.key_file()
    if not path.exists():
        return Finding("audit keys", True, f"{path} does not exist yet: made on first use")
    try:
        audit_keys.keyring()
    except Exception as exc:  # noqa: BLE001 - unreadable or malformed
        return Finding("audit keys", False, f"{path} cannot be read: {exc}")
    return Finding("audit keys", True, f"{path} reads")


def check_pseudonym_key() -> Finding:
    """The retention job's pseudonym key is readable (ASSEMBLY_PSEUDONYM_KEY_FILE)."""
    from assembly import pseudonyms

    path = pseudonyms.key_file()
    if not path.exists():
        return Finding("pseudonym key", True, f"{path} does not exist yet: made by the first "
                       "retention run (keep it with the audit keys, outside the database)")
    try:
        pseudonyms.read_key(path)
    except pseudonyms.PseudonymKeyError as exc:
        return Finding("pseudonym key", False, f"{exc}: the retention job cannot run")
    return Finding("pseudonym key", True, f"{path} reads")


def check_mail(timeout: float = 5) -> Finding:
    """The SMTP server answers, or messages are knowingly kept (no ASSEMBLY_MAIL_SERVER)."""
    settings = config.mail_settings()
    host, port = settings["MAIL_SERVER"], int(settings["MAIL_PORT"])  # type: ignore[call-overload]
    if not host:
        return Finding("mail", True, "no ASSEMBLY_MAIL_SERVER: messages are kept in the outbox, "
                       "not sent (assembly outbox list)")
    kind = smtplib.SMTP_SSL if settings["MAIL_USE_SSL"] else smtplib.SMTP
    try:
        with kind(str(host), port, timeout=timeout) as smtp:
            smtp.noop()
    except (OSError, smtplib.SMTPException) as exc:
        return Finding("mail", False, f"the SMTP server {host}:{port} does not answer: {exc}")
    return Finding("mail", True, f"the SMTP server {host}:{port} answers")


def check_redis() -> Finding:
    """The Redis of the shared limits answers, when one is configured."""
    try:
        settings = config.limiter_settings()
    except ValueError as exc:
        return Finding("redis", False, str(exc))
    uri = str(settings["RATELIMIT_STORAGE_URI"])
    if uri == "memory://":
        return Finding("redis", True, "no ASSEMBLY_REDIS_URL: each process counts its own "
                       "limits (set one when several workers or nodes serve)")
    from assembly.web.extensions import limiter_storage_problem

    problem = limiter_storage_problem(uri, settings.get("RATELIMIT_STORAGE_OPTIONS"))  # type: ignore[arg-type]
    return Finding("redis", problem is None, problem or "the Redis answers")


CHECKS: tuple[Callable[[], Finding], ...] = (
    check_settings, check_clock, check_database, check_replica, check_rules, check_audit_keys,
    check_pseudonym_key, check_mail, check_redis,
)


def examine() -> list[Finding]:
    """Every check, in order; a check that itself breaks is reported, not raised."""
    found = []
    for check in CHECKS:
        try:
            found.append(check())
        except Exception as exc:  # noqa: BLE001 - the doctor must finish its round
            found.append(Finding(check.__name__.removeprefix("check_"), False, str(exc)))
    return found
