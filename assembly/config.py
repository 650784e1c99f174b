"""Settings from the environment: every ASSEMBLY_* variable is read here (README lists them)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit


class SettingError(ValueError):
    """An ASSEMBLY_* variable that cannot be used; the message names it and what it takes."""


def pinned_now() -> str | None:
    """ASSEMBLY_NOW, the instant that pins the law's clock (demos, benchmarks, tests), or
    None; SettingError when it is not an ISO 8601 instant with its offset."""
    from assembly.clock import parse_instant

    text = (os.environ.get("ASSEMBLY_NOW") or "").strip()
    if not text:
        return None
    try:
        return parse_instant(text).isoformat()
    except ValueError:
        raise SettingError(
            "ASSEMBLY_NOW is not an instant: give an ISO 8601 date and time with its offset "
            "(e.g. 2021-05-20T11:00:00+06:00), or unset it to use the clock") from None


def _whole(name: str, default: int, low: int, high: int, meaning: str) -> int:
    text = (os.environ.get(name) or "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise SettingError(f"{name} must be {meaning} from {low} to {high}, not {text[:20]!r}")
    return int(text)


def instance_path() -> Path:
    """The instance folder (SQLite database, local state): ASSEMBLY_INSTANCE_PATH or ./instance."""
    return Path(os.environ.get("ASSEMBLY_INSTANCE_PATH") or "instance").resolve()


def database_url() -> str:
    """ASSEMBLY_DATABASE_URL, or SQLite in the instance folder."""
    url = os.environ.get("ASSEMBLY_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{instance_path() / 'assembly.db'}"


def replica_database_url() -> str | None:
    """ASSEMBLY_DATABASE_REPLICA_URL: a read replica of the database for the report pages
    (the managers' dashboard and exports, the occupancy, the yearly report); unset: they
    read the database itself."""
    return (os.environ.get("ASSEMBLY_DATABASE_REPLICA_URL") or "").strip() or None


def city() -> str:
    """The city whose rules apply (a folder of rules/): ASSEMBLY_CITY, default almaty."""
    return os.environ.get("ASSEMBLY_CITY", "almaty")


def secret_key() -> str:
    """ASSEMBLY_SECRET_KEY, else a random key kept in the instance folder (made once)."""
    key = os.environ.get("ASSEMBLY_SECRET_KEY")
    if key:
        return key
    path = instance_path() / "secret_key"
    if not path.exists():
        import secrets

        write_once(path, secrets.token_hex(32))
    return path.read_text().strip()


@contextmanager
def private_umask() -> Iterator[None]:
    """Files and folders made meanwhile are readable by their owner only (umask 077): the
    database, its WAL and SHM, the secret and audit keys (issue 11)."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def create_private(path: Path) -> None:
    """Create an empty file readable and writable by its owner only, unless it exists."""
    with private_umask():
        path.parent.mkdir(parents=True, exist_ok=True)
        with suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def write_once(path: Path, text: str) -> None:
    """Make a file readable by its owner only, unless it exists: written whole, then linked
    in place, so that of two processes starting together one file wins and both read it.
    The draft is private from its creation, never readable by others even for a moment."""
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    with private_umask():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def mail_settings() -> dict[str, object]:
    """Flask-Mail settings from ASSEMBLY_MAIL_*; no ASSEMBLY_MAIL_SERVER means: keep, don't send."""
    return {
        "MAIL_SERVER": os.environ.get("ASSEMBLY_MAIL_SERVER") or None,
        "MAIL_PORT": _whole("ASSEMBLY_MAIL_PORT", 25, 1, 65535, "a port"),
        "MAIL_USERNAME": os.environ.get("ASSEMBLY_MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("ASSEMBLY_MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _flag("ASSEMBLY_MAIL_USE_TLS"),
        "MAIL_USE_SSL": _flag("ASSEMBLY_MAIL_USE_SSL"),
        "MAIL_DEFAULT_SENDER": os.environ.get("ASSEMBLY_MAIL_SENDER", "noreply@assembly.almaty.kz"),
        "MAIL_MAX_ATTEMPTS": _whole("ASSEMBLY_MAIL_MAX_ATTEMPTS", 8, 1, 100,
                                    "a number of attempts"),
        "MAIL_TIMEOUT": _seconds("ASSEMBLY_MAIL_TIMEOUT", 30),
        "MAIL_RETRY_SECONDS": _seconds("ASSEMBLY_MAIL_RETRY_SECONDS", 60),
        "MAIL_CLAIM_TIMEOUT": _seconds("ASSEMBLY_MAIL_CLAIM_TIMEOUT", 300),
    }


def _seconds(name: str, default: float, unit: str = "seconds") -> float:
    text = (os.environ.get(name) or "").strip()
    try:
        value = float(text) if text else float(default)
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):
        raise SettingError(f"{name} must be a positive number of {unit}, not {text[:20]!r}")
    return value


def public_url() -> str | None:
    """ASSEMBLY_PUBLIC_URL: the portal's address, for links in e-mails (none: no links)."""
    url = (os.environ.get("ASSEMBLY_PUBLIC_URL") or "").strip().rstrip("/")
    return url or None


def check_base_url() -> str:
    """The address of the public check pages in letters, e-mails and SMS made outside a
    request: ASSEMBLY_PUBLIC_URL, else the address `assembly serve` listens on by default."""
    return public_url() or "http://127.0.0.1:8000"


def scheduler_settings() -> dict[str, float]:
    """How often the scheduler's jobs run and when the officers' digest goes out."""
    hour = _whole("ASSEMBLY_DIGEST_HOUR", 8, 0, 23, "an hour")
    return {
        "sweep_seconds": _seconds("ASSEMBLY_SWEEP_SECONDS", 60),
        "retention_seconds": _seconds("ASSEMBLY_RETENTION_SECONDS", 3600),
        "outbox_seconds": _seconds("ASSEMBLY_OUTBOX_SECONDS", 5),
        "lock_poll_seconds": _seconds("ASSEMBLY_SCHEDULER_POLL_SECONDS", 5),
        "digest_hour": hour,
    }


def web_settings() -> dict[str, object]:
    """The web app's security settings: secure cookies, proxies in front, rate-limit storage,
    the lifetimes of sessions and tokens."""
    proxies = (os.environ.get("ASSEMBLY_PROXY_FIX") or "0").strip().lower()
    count = {"true": 1, "yes": 1, "on": 1, "false": 0, "no": 0, "off": 0}.get(proxies)
    if count is None:
        if not proxies.isdigit():
            raise SettingError("ASSEMBLY_PROXY_FIX is the number of proxies in front (0, 1, 2…)")
        count = int(proxies)
    return {
        # Secure cookies always, or per request when it came over TLS (see assembly.web.security).
        "SESSION_COOKIE_SECURE": _flag("ASSEMBLY_SECURE_COOKIES"),
        "PROXY_FIX": count,
        **limiter_settings(),
        # Portal sessions end after this long without a visit, and this long after signing in.
        "SESSION_IDLE_MINUTES": _seconds("ASSEMBLY_SESSION_IDLE_MINUTES", 60, "minutes"),
        "SESSION_MAX_HOURS": _seconds("ASSEMBLY_SESSION_MAX_HOURS", 12, "hours"),
        # API bearer tokens live this long (hours) unless revoked first.
        "API_TOKEN_HOURS": _seconds("ASSEMBLY_API_TOKEN_HOURS", 12, "hours"),
        # The largest JSON body the API accepts (bytes); larger ones get 413.
        "API_MAX_BODY_BYTES": int(_seconds("ASSEMBLY_API_MAX_BODY_BYTES", 64 * 1024, "bytes")),
        # Where the signing pages reach NCALayer (its fixed local address in production).
        "NCALAYER_URL": (os.environ.get("ASSEMBLY_NCALAYER_URL") or "").strip()
        or "wss://127.0.0.1:13579",
    }


OSM_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"
_TILE_PLACEHOLDERS = re.compile(r"\{([^{}]*)\}")


def tile_source(template: str) -> str:
    """The CSP source (scheme://host[:port]) of a tile URL template such as
    https://{s}.tiles.example.kz/{z}/{x}/{y}.png, or SettingError naming what is wrong."""
    name = "ASSEMBLY_MAP_TILES_URL"
    parts = urlsplit(template)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingError(f"{name} must be an http:// or https:// URL template, "
                           f"not {template[:60]!r}")
    found = _TILE_PLACEHOLDERS.findall(template)
    unknown = sorted(set(found) - {"s", "z", "x", "y", "r"})
    if unknown or not {"z", "x", "y"} <= set(found) or re.search(r"[{}]", _TILE_PLACEHOLDERS.sub(
            "", template)):
        raise SettingError(f"{name} must hold {{z}}, {{x}} and {{y}} (and may hold {{s}} and "
                           f"{{r}}), not {template[:60]!r}")
    host = parts.netloc
    if "@" in host or any(c in host for c in " '\";,"):
        raise SettingError(f"{name} must name a plain host, not {host[:60]!r}")
    if "{" in host:  # {s}.tile.example.kz: any subdomain of the host that follows
        if not host.startswith("{s}.") or "{" in host[4:]:
            raise SettingError(f"{name} may hold {{s}} only as the first part of its host, "
                               f"not {host[:60]!r}")
        host = "*." + host[4:]
    return f"{parts.scheme}://{host}"


def map_settings() -> dict[str, str]:
    """The map's tile layer: ASSEMBLY_MAP_TILES_URL (a Leaflet URL template, default
    OpenStreetMap's standard tiles) and ASSEMBLY_MAP_TILES_ATTRIBUTION (plain text); the
    content security policy lets images come from that host only."""
    url = (os.environ.get("ASSEMBLY_MAP_TILES_URL") or "").strip() or OSM_TILES_URL
    attribution = (os.environ.get("ASSEMBLY_MAP_TILES_ATTRIBUTION") or "").strip()
    tile_source(url)  # refuse a bad template at start, in one line
    return {
        "MAP_TILES_URL": url,
        "MAP_TILES_ATTRIBUTION": attribution or OSM_ATTRIBUTION,
    }


def redis_url() -> str | None:
    """ASSEMBLY_REDIS_URL: the Redis shared by every worker and node for the per-address
    limits (none: each process counts alone)."""
    url = (os.environ.get("ASSEMBLY_REDIS_URL") or "").strip()
    if url and not url.startswith(("redis://", "rediss://", "redis+unix://")):
        raise SettingError("ASSEMBLY_REDIS_URL must be a redis://, rediss:// or redis+unix:// URL")
    return url or None


def limiter_settings() -> dict[str, object]:
    """Flask-Limiter's storage: Redis when ASSEMBLY_REDIS_URL is set, else each process's
    memory. Keys start with ASSEMBLY_REDIS_PREFIX (deployments may share one Redis)."""
    url = redis_url()
    if url is None:
        return {"RATELIMIT_STORAGE_URI": "memory://"}
    prefix = (os.environ.get("ASSEMBLY_REDIS_PREFIX") or "assembly").strip()
    return {
        "RATELIMIT_STORAGE_URI": url,
        # A Redis that stops answering must not hang the sign-in page: counted in each
        # process's memory meanwhile (Flask-Limiter tries Redis again by itself).
        "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": prefix, "socket_connect_timeout": 2,
                                      "socket_timeout": 2},
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    }


def observability_settings() -> dict[str, object]:
    """/metrics and /readyz: the token that opens /metrics (none: /metrics is off, 404), and
    how long since a scheduler job last ran before /readyz says the scheduler is silent."""
    token = (os.environ.get("ASSEMBLY_METRICS_TOKEN") or "").strip()
    if token and len(token) < 16:
        raise ValueError("ASSEMBLY_METRICS_TOKEN must be at least 16 characters")
    return {
        "METRICS_TOKEN": token or None,
        "SCHEDULER_SILENT_SECONDS": _seconds("ASSEMBLY_SCHEDULER_SILENT_SECONDS", 180),
    }


def eds_settings() -> dict[str, object]:
    """The EDS settings: whether a deployment enforces the rules' required signature
    (ASSEMBLY_REQUIRE_EDS, default on; off for training instances and the demo), the trust
    roots (ASSEMBLY_EDS_TRUST_ROOTS: a PEM file or a folder of PEM/DER certificates), CRLs
    (ASSEMBLY_EDS_CRLS, same forms), fetching OCSP and CRLs from the certificates' own
    addresses (ASSEMBLY_EDS_FETCH_REVOCATION), and an NCANode-style verifier for GOST keys
    (ASSEMBLY_EDS_VERIFIER_URL)."""
    def path(name: str) -> Path | None:
        value = (os.environ.get(name) or "").strip()
        return Path(value) if value else None

    return {
        "require": _flag("ASSEMBLY_REQUIRE_EDS", default=True),
        "trust_roots": path("ASSEMBLY_EDS_TRUST_ROOTS"),
        "crls": path("ASSEMBLY_EDS_CRLS"),
        "fetch_revocation": _flag("ASSEMBLY_EDS_FETCH_REVOCATION"),
        "verifier_url": (os.environ.get("ASSEMBLY_EDS_VERIFIER_URL") or "").strip() or None,
    }


def letterhead(lang: str) -> dict[str, str]:
    """The akimat's letterhead on decision letters: ASSEMBLY_LETTERHEAD_NAME_KK, _RU, _EN
    (the body's name per language; none: the translated "Akimat of Almaty"),
    ASSEMBLY_LETTERHEAD_ADDRESS and ASSEMBLY_LETTERHEAD_CONTACTS (one line each)."""
    return {
        "name": (os.environ.get(f"ASSEMBLY_LETTERHEAD_NAME_{lang.upper()}") or "").strip(),
        "address": (os.environ.get("ASSEMBLY_LETTERHEAD_ADDRESS") or "").strip(),
        "contacts": (os.environ.get("ASSEMBLY_LETTERHEAD_CONTACTS") or "").strip(),
    }


def sms_settings() -> dict[str, object]:
    """The HTTP SMS gateway of the outbox sender (ASSEMBLY_SMS_*): no ASSEMBLY_SMS_URL means
    SMS are kept, not sent, as e-mails are without a mail server."""
    url = (os.environ.get("ASSEMBLY_SMS_URL") or "").strip()
    if url and not url.startswith(("http://", "https://")):
        raise ValueError("ASSEMBLY_SMS_URL must be an http:// or https:// URL")
    return {
        "SMS_URL": url or None,
        "SMS_TOKEN": os.environ.get("ASSEMBLY_SMS_TOKEN") or None,
        "SMS_SENDER": os.environ.get("ASSEMBLY_SMS_SENDER", "AKIMAT"),
        "SMS_TIMEOUT": _seconds("ASSEMBLY_SMS_TIMEOUT", 15),
    }
