"""The example deployment under deploy/ (README "Production"): systemd units that parse and
run commands that exist, settings that the code reads and the README documents, and an
nginx configuration that is well formed (and passes `nginx -t` where nginx is installed)."""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from assembly.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service")) + sorted(
    (DEPLOY / "systemd").glob("*.timer"))
NGINX = DEPLOY / "nginx" / "assembly.conf"


def _unit(path: Path) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=True, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read_string(path.read_text())
    return parser


def _settings() -> dict[str, str]:
    pairs = {}
    for line in (DEPLOY / "assembly.env").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key] = value
    return pairs


def test_there_are_units_for_the_web_the_scheduler_and_the_backups() -> None:
    names = {path.name for path in UNITS}
    assert {"assembly-web.service", "assembly-scheduler.service", "assembly-backup.service",
            "assembly-backup.timer"} <= names


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_each_systemd_unit_parses_with_its_sections(path: Path) -> None:
    unit = _unit(path)
    assert unit.has_section("Unit") and unit.get("Unit", "Description")
    kind = "Service" if path.suffix == ".service" else "Timer"
    assert unit.has_section(kind)
    if kind == "Timer" or unit.get("Service", "Type") != "oneshot":
        assert unit.get("Install", "WantedBy")


@pytest.mark.parametrize("path", [p for p in UNITS if p.suffix == ".service"],
                         ids=lambda p: p.name)
def test_each_service_runs_an_assembly_command_that_exists_with_the_shared_settings(
        path: Path) -> None:
    service = _unit(path)["Service"]
    assert service["EnvironmentFile"] == "/etc/assembly/assembly.env"
    for key in ("ExecStartPre", "ExecStart"):
        if key not in service:
            continue
        words = shlex.split(service[key])
        if words[0].endswith("/assembly"):
            assert words[1] in COMMANDS, service[key]
    assert service["User"] == "assembly"


def test_the_web_unit_serves_on_the_port_nginx_proxies_to() -> None:
    start = shlex.split(_unit(DEPLOY / "systemd" / "assembly-web.service")["Service"]["ExecStart"])
    port = start[start.index("--port") + 1]
    assert re.findall(r"server [0-9.]+:(\d+)", NGINX.read_text()) == [port, port]


def test_every_setting_of_the_example_is_read_by_the_code_and_documented() -> None:
    code = "\n".join(p.read_text() for p in (ROOT / "assembly").rglob("*.py"))
    readme = (ROOT / "README.md").read_text()
    for key in _settings():
        assert key in readme, f"{key} is not documented in the README"
        assert key in code or key == "PROMETHEUS_MULTIPROC_DIR" and "PROMETHEUS_MULTIPROC_DIR" \
            in code, f"{key} is read by nothing"
    assert _settings()["ASSEMBLY_PROXY_FIX"] == "1"  # exactly one proxy: nginx


def _statements(text: str) -> list[str]:
    """The nginx file's directives and block openings, comments and strings aside; fails on
    an unbalanced brace or a directive without its semicolon."""
    text = re.sub(r"#[^\n]*", "", text)
    text = re.sub(r'"[^"]*"', '"s"', text)
    depth, statements, current = 0, [], ""
    for char in text:
        if char == "{":
            statements.append(current.strip() + " {")
            depth, current = depth + 1, ""
        elif char == "}":
            assert not current.strip(), f"missing ';' before '}}': {current.strip()!r}"
            depth, current = depth - 1, ""
            assert depth >= 0, "a '}' closes nothing"
        elif char == ";":
            statements.append(current.strip() + ";")
            current = ""
        else:
            current += char
    assert depth == 0, "a '{' is never closed"
    assert not current.strip(), f"trailing text without ';': {current.strip()!r}"
    return statements


def test_the_nginx_configuration_is_well_formed_and_forwards_what_proxy_fix_trusts() -> None:
    statements = _statements(NGINX.read_text())
    joined = "\n".join(statements)
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
                   "X-Forwarded-Port", "X-Request-ID"):
        assert f"proxy_set_header {header}" in joined
    assert "listen 443 ssl http2;" in statements
    assert any(s.startswith("ssl_certificate ") for s in statements)
    assert "location = /metrics {" in statements
    assert "proxy_pass http://assembly_nodes;" in statements


@pytest.mark.parametrize("broken", ["server { listen 80 }", "server { listen 80; ",
                                    "listen 80; }"])
def test_the_structural_check_catches_a_broken_file(broken: str) -> None:
    with pytest.raises(AssertionError):
        _statements(broken)


def _nginx() -> str | None:
    return os.environ.get("ASSEMBLY_TEST_NGINX") or shutil.which("nginx")


@pytest.mark.skipif(_nginx() is None, reason="nginx is not installed (apt-get install nginx, "
                    "or ASSEMBLY_TEST_NGINX=/path/to/nginx)")
def test_nginx_itself_accepts_the_configuration(tmp_path: Path) -> None:
    nginx = _nginx()
    assert nginx
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=assembly.test", "-keyout", str(tmp_path / "privkey.pem"),
                    "-out", str(tmp_path / "fullchain.pem")], check=True, capture_output=True)
    site = NGINX.read_text().replace("/etc/ssl/assembly", str(tmp_path))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        "http {\n access_log off;\n"
        + "".join(f" {kind}_temp_path {tmp_path}/{kind};\n"
                  for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f" include {tmp_path}/site.conf;\n}}\n")
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "e.log"),
                             "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
