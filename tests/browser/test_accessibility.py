"""axe-core on every page each role reaches by following links, on the 2021 demo's data.

One page per address pattern (/notices/12 stands for every notice); the scenarios check
the pages behind forms (wizard steps, errors, decisions) at each of their steps.
"""

from __future__ import annotations

import pytest

from assembly.demo import ACCOUNTS
from tests.browser.axe import report, run_axe
from tests.browser.crawl import crawl
from tests.browser.liveserver import PASSWORD
from tests.browser.portal import sign_in

pytestmark = pytest.mark.browser

ANONYMOUS_SEEDS = ["/", "/sign-in", "/register", "/precheck", "/no-such-page"]
EXPECTED_STATUS = {"/no-such-page": 404}
# Signed in, the public pages only change in the menu, which "/" shows: they are left to
# the anonymous crawl; the admin leaves the officer's and the manager's pages to theirs.
PUBLIC = ("/procedure", "/map", "/occupancy", "/precheck", "/sign-in", "/register")
SKIPPED = {"admin": ("/officer", "/manager")}


def account(demo_server, role: str) -> tuple[str, str, str] | None:  # type: ignore[no-untyped-def]
    """E-mail, password and language of the role's account on the demo (None: anonymous)."""
    if role == "anonymous":
        return None
    if role in ACCOUNTS:
        email, password, _, language = ACCOUNTS[role]
        return email, password, language
    user = demo_server.create_user(role, language="en")
    return user.email, PASSWORD, "en"


@pytest.mark.parametrize("role", ["anonymous", "citizen", "officer", "manager", "admin"])
def test_no_page_a_role_reaches_has_a_serious_or_critical_accessibility_violation(
    demo_server, new_page, clock_at, journey, role
):
    clock_at("2021-06-01T10:00:00+06:00")  # the demo's calendar has events in June 2021
    steps = journey(f"a11y-{role}")
    page = new_page(locale="ru-RU")
    seeds, skip = list(ANONYMOUS_SEEDS), ()
    credentials = account(demo_server, role)
    if credentials is not None:
        email, password, language = credentials
        sign_in(page, demo_server.url, email, password, lang="ru")
        seeds = [page.url.removeprefix(demo_server.url), "/", "/account"]
        skip = PUBLIC + SKIPPED.get(role, ())
    violations, wrong_status, visited = [], [], []
    for visit in crawl(page, demo_server.url, list(dict.fromkeys(seeds)), skip):
        visited.append(visit.path)
        if visit.status != EXPECTED_STATUS.get(visit.path, 200):
            wrong_status.append(f"{visit.path}: HTTP {visit.status}")
        found = run_axe(page, f"{role} {visit.path}")
        if found:
            steps.step(page, "violation", axe=False)
        violations += found
    print(f"\n{role}: {len(visited)} pages: {' '.join(visited)}")
    problems = [f"links the {role} follows lead to errors: {', '.join(wrong_status)}"
                ] if wrong_status else []
    if violations:
        problems.append(report(violations))
    assert not problems, "\n".join(problems)
