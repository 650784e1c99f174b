"""A web worker loads shapely, numpy, fpdf2, pyhanko and geopy only for a request that
needs them (issue 16.2: workers that stay small)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("shapely", "numpy", "fpdf", "pyhanko", "geopy", "aiohttp", "flask_mail", "holidays")


def imported_after(code: str) -> dict[str, bool]:
    """Which heavy modules a fresh interpreter holds after running `code`."""
    done = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\n"
         f"print(' '.join(str(m in sys.modules) for m in {HEAVY!r}))"],
        capture_output=True, text=True, check=True)
    return dict(zip(HEAVY, (word == "True" for word in done.stdout.split()), strict=True))


def test_loading_the_rules_in_force_imports_no_heavy_module():
    found = imported_after(
        "from datetime import date\n"
        "from assembly.services.law import default_law\n"
        "rules = default_law().at(date(2026, 5, 20))\n"
        "assert rules.places and rules.prohibited")

    assert found == dict.fromkeys(HEAVY, False)


def test_importing_the_web_app_and_the_services_imports_no_heavy_module():
    found = imported_after(
        "import assembly.web, assembly.web.api, assembly.services.filing\n"
        "import assembly.services.letters, assembly.services.signatures")

    assert found == dict.fromkeys(HEAVY, False)


def test_a_place_check_of_a_picket_point_imports_no_heavy_module():
    # Containment and distances are read from the GeoJSON (`planar`), issue 16.2.
    found = imported_after(
        "from datetime import date\n"
        "from assembly.notices.geography import nearest_place, place_containing\n"
        "from assembly.services.law import default_law\n"
        "rules = default_law().at(date(2026, 5, 20))\n"
        "place_containing(43.2383, 76.9455, rules.places.values(), tolerance_m=50)\n"
        "nearest_place(43.2383, 76.9455, rules.places.values())")

    assert found == dict.fromkeys(HEAVY, False)


def test_the_commands_shared_helpers_import_no_web_app():
    done = subprocess.run(
        [sys.executable, "-c", "import sys, assembly.cli.common, assembly.cli.web\n"
         "print('assembly.web' in sys.modules)"],
        capture_output=True, text=True, check=True)

    # The scheduler and the benchmarks' bare Flask + ORM app import these: the portal's
    # blueprints, templates and API schemas would weigh on them.
    assert done.stdout.split() == ["False"]


def test_drawing_the_maps_layers_and_rendering_a_letter_apart_import_no_heavy_module(
        tmp_path):
    # The map's buffers and the web's letters are made in child processes (issue 16.2).
    url = f"sqlite:///{tmp_path / 'map.db'}"
    found = imported_after(
        "import os\n"
        f"os.environ['ASSEMBLY_DATABASE_URL'] = {url!r}\n"
        f"os.environ['ASSEMBLY_INSTANCE_PATH'] = {str(tmp_path)!r}\n"
        "from assembly import db, schema\n"
        f"schema.upgrade(db.make_engine({url!r}))\n"
        "from assembly.web import create_app\n"
        "client = create_app().test_client()\n"
        "for on in ('2021-05-20', '2026-05-20'):\n"
        "    layers = client.get('/places.geojson?on=' + on).get_json()['features']\n"
        "    assert any(f['properties']['layer'] == 'buffer' for f in layers), layers\n"
        "from tests.letters.test_rendered_apart import LETTER\n"
        "from assembly.letters.apart import render_apart\n"
        "assert render_apart(LETTER).startswith(b'%PDF-')")

    assert found == dict.fromkeys(HEAVY, False)


def test_a_point_check_near_a_prohibited_object_imports_no_heavy_module():
    found = imported_after(
        "from datetime import date\n"
        "from assembly.notices.place_checks import prohibited_zone_finding\n"
        "from assembly.services.law import default_law\n"
        "rules = default_law().at(date(2026, 5, 20))\n"
        "assert prohibited_zone_finding(rules, 43.2750, 76.9390) is not None")

    assert found == dict.fromkeys(HEAVY, False)


def test_a_point_check_far_from_every_prohibited_object_imports_no_heavy_module():
    found = imported_after(
        "from datetime import date\n"
        "from assembly.notices.place_checks import prohibited_zone_finding\n"
        "from assembly.services.law import default_law\n"
        "rules = default_law().at(date(2026, 5, 20))\n"
        "assert prohibited_zone_finding(rules, 43.30, 76.80) is None")

    assert found == dict.fromkeys(HEAVY, False)
