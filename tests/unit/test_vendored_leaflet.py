"""Leaflet is served by the portal itself (issue 15, point 5: no CDN): its dist, as npm
installs it (package.json pins leaflet), is vendored into assembly/web/static/vendor/leaflet
with its licence, and the wheel ships it (package data of `assembly`)."""

from __future__ import annotations

import json
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDORED = ROOT / "assembly" / "web" / "static" / "vendor" / "leaflet"
NPM = ROOT / "node_modules" / "leaflet"
SHIPPED = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
           "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png")


def vendored_files() -> list[str]:
    return sorted(str(p.relative_to(VENDORED)) for p in VENDORED.rglob("*") if p.is_file())


def test_the_vendored_leaflet_is_its_dist_and_its_licence_and_nothing_else():
    assert vendored_files() == sorted([*SHIPPED, "LICENSE"])


def test_package_json_pins_the_leaflet_that_is_vendored():
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["leaflet"]
    header = (VENDORED / "leaflet.js").read_text(encoding="utf-8")[:200]

    assert pinned == "1.9.4"
    assert f"Leaflet {pinned}" in header


@pytest.mark.parametrize("name", SHIPPED)
def test_each_vendored_file_equals_the_one_npm_installs(name):
    if not NPM.is_dir():
        pytest.skip("node_modules/leaflet is absent: run `npm ci` to compare the vendored "
                    "Leaflet with the pinned package")
    installed = json.loads((NPM / "package.json").read_text())["version"]
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["leaflet"]

    assert installed == pinned
    assert (VENDORED / name).read_bytes() == (NPM / "dist" / name).read_bytes()


def test_the_vendored_licence_is_leaflets():
    if not NPM.is_dir():
        pytest.skip("node_modules/leaflet is absent: run `npm ci` to compare the licence")
    assert (VENDORED / "LICENSE").read_bytes() == (NPM / "LICENSE").read_bytes()


def test_the_wheel_ships_the_vendored_files_as_package_data():
    """Hatch puts every file of the `assembly` package in the wheel except what git
    ignores or the wheel target excludes (.ci/run installs the wheel and reads them)."""
    ignored = subprocess.run(
        ["git", "-C", str(ROOT), "check-ignore", *[str(VENDORED / n) for n in SHIPPED]],
        capture_output=True, text=True, check=False)
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"][
        "targets"]["wheel"]

    assert ignored.stdout == ""
    assert wheel["packages"] == ["assembly"] and "exclude" not in wheel
