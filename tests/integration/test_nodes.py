"""Several nodes (issue 16.3): two `assembly serve` nodes on different ports, each with an
instance folder of its own, share one PostgreSQL database and one Redis. A session or a
token made on one works on the other, the sign-in limits count over both, one scheduler of
two works (the other takes over when it is killed), and a burst of filings spread over both
nodes stores every notice once with a clean audit chain.

PostgreSQL only (the `engine` fixture's fresh, migrated schema); Redis at
ASSEMBLY_TEST_REDIS_URL (tests/serving.py: skipped without one, failed under CI).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
from sqlalchemy import func, select

from assembly.models import JobRun, Notice
from tests.conftest import dummy_draft
from tests.integration.conftest import create_notice  # noqa: F401
from tests.mailserver import wait_until
from tests.processes import Process, command_env
from tests.scheduler.conftest import FAST_ENV, deem_accept_events, silent_notices  # noqa: F401
from tests.serving import REDIS_URL, Http, redis_key_prefix, serving
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.postgres

FILED = "2021-05-13T10:00:00+06:00"  # the last timely day for the rallies of 20 May
FREE = 5  # wrong passwords per account before a wait (ThrottlePolicy)
PER_IP = 30  # wrong passwords per IP address in the window (SIGNIN_LIMIT_PER_IP)
BURST = 40


@pytest.fixture(scope="module")
def redis_prefix() -> Iterator[str]:
    with redis_key_prefix() as prefix:
        yield prefix


@pytest.fixture(scope="module")
def nodes(engine, tmp_path_factory, redis_prefix: str) -> Iterator[tuple[Http, Http]]:
    """Nodes A and B: `assembly serve --workers 1` each, their own instance folders, one
    secret key, one database, one Redis; the clock fixed at FILED."""
    with ExitStack() as stack:
        bases = []
        for name in ("a", "b"):
            folder = tmp_path_factory.mktemp(f"node-{name}")
            env = command_env(engine, folder, ASSEMBLY_REDIS_URL=REDIS_URL,
                              ASSEMBLY_REDIS_PREFIX=redis_prefix, ASSEMBLY_NOW=FILED,
                              ASSEMBLY_REQUIRE_EDS="0")
            bases.append(stack.enter_context(serving(env, folder / "serve.log", workers=1)))
        yield Http(bases[0]), Http(bases[1])


@pytest.fixture
def no_failures_counted(redis_prefix: str) -> None:
    """The test's address starts with no failed sign-ins counted in Redis."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{redis_prefix}:*"):
        client.delete(key)
    client.close()


def on(node: Http, cookies: dict[str, str] | None = None) -> Http:
    """A new client of `node`, carrying `cookies` (a browser's, copied)."""
    client = Http(node.base)
    client.cookies = dict(cookies or {})
    return client


def token(node: Http, email: str) -> str:
    status, text = node.request("/api/v1/tokens", body={"email": email, "password": PASSWORD})
    assert status == 201, text
    return json.loads(text)["token"]


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


def test_a_portal_session_and_an_api_token_made_on_one_node_work_on_the_other(
    nodes, create_user, session
):
    a, b = nodes
    user = create_user("citizen")
    session.commit()
    browser = on(a)
    assert browser.form("/sign-in", "/sign-in", {"email": user.email, "password": PASSWORD}) == 302
    issued = token(on(a), user.email)

    assert on(b, browser.cookies).request("/account")[0] == 200
    assert on(b).request("/account")[0] == 302  # without the cookie: to the sign-in page
    assert on(b).request("/api/v1/notices", headers=bearer(issued))[0] == 200
    assert on(b).request("/api/v1/notices")[0] == 401


def test_the_sign_in_limits_count_wrong_passwords_over_both_nodes(
    nodes, create_user, session, no_failures_counted
):
    a, b = nodes
    user = create_user("officer")
    session.commit()

    per_account = [on((a, b)[i % 2]).request("/api/v1/tokens", body={
        "email": user.email, "password": "a wrong password"})[0] for i in range(FREE + 3)]
    per_address = [on((a, b)[i % 2]).request("/api/v1/tokens", body={
        "email": f"nobody{i}@example.kz", "password": "a wrong password"})[0]
        for i in range(PER_IP - FREE - 3 + 2)]

    assert per_account == [401] * FREE + [429] * 3
    # The address's failures were counted on both nodes, in Redis: the 31st is refused.
    assert per_address == [401] * (PER_IP - FREE - 3) + [429] * 2


def test_one_of_two_schedulers_sweeps_and_the_other_takes_over_when_it_is_killed(
    nodes, engine, session_factory, silent_notices, create_user, tmp_path  # noqa: F811
):
    create_user("officer")
    first_batch = silent_notices(first_hour=9, n=2)
    env = command_env(engine, tmp_path, **FAST_ENV)
    a = Process(["scheduler"], env, tmp_path / "scheduler-a.log")
    b = Process(["scheduler"], env, tmp_path / "scheduler-b.log")
    try:
        wait_until(lambda: "scheduler active" in a.text() + b.text(), 30,
                   lambda: a.text() + b.text())
        active, standby = (a, b) if "scheduler active" in a.text() else (b, a)
        standby.wait_for_output("another scheduler holds")
        wait_until(lambda: set(deem_accept_events(session_factory)) == set(first_batch), 30,
                   active.text)
        wait_until(lambda: runners(session_factory).get("sweep", "").endswith(
            f":{active.pid}"), 30, active.text)
        standby_before = standby.text()

        active.kill()
        second_batch = silent_notices(first_hour=13, n=2)
        standby.wait_for_output("scheduler active")
        wait_until(lambda: runners(session_factory).get("sweep", "").endswith(
            f":{standby.pid}"), 30, standby.text)
        wait_until(lambda: set(deem_accept_events(session_factory))
                   == set(first_batch + second_batch), 30, standby.text)
    finally:
        for process in (a, b):
            process.stop(signal.SIGTERM)

    assert "scheduler active" not in standby_before  # it idled while the other one swept
    assert deem_accept_events(session_factory) == dict.fromkeys(first_batch + second_batch, 1)


def runners(factory) -> dict[str, str]:
    """Each scheduler job's last runner (host:pid)."""
    with factory() as check:
        return dict(check.execute(select(JobRun.name, JobRun.last_runner)).all())


def slot(i: int) -> dict[str, str]:
    """The i-th of 40 half-hour rallies at Sary-Arka: 10 a day over four working days."""
    day, hour = ("20", "21", "24", "25")[i // 10], 9 + i % 10
    return {"starts_at": f"2021-05-{day}T{hour:02d}:00:00+06:00",
            "ends_at": f"2021-05-{day}T{hour:02d}:30:00+06:00"}


def test_a_burst_of_filings_over_both_nodes_stores_each_notice_once_with_a_clean_audit(
    nodes, engine, session_factory, create_user, session, tmp_path, no_failures_counted
):
    a, b = nodes
    citizens = [create_user("citizen") for _ in range(2)]
    session.commit()
    tokens = [token(on(node), user.email) for node, user in zip(nodes, citizens, strict=True)]

    def file(i: int) -> tuple[int, str]:
        status, text = on((a, b)[i % 2]).request(
            "/api/v1/notices", body=dummy_draft(**slot(i)), headers=bearer(tokens[i % 2]))
        return status, text

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(file, range(BURST)))

    assert Counter(status for status, _ in answers) == {201: BURST}, answers[:3]
    references = {json.loads(text)["reference"] for _, text in answers}
    with session_factory() as check:
        stored = check.execute(select(func.count(), func.count(Notice.reference.distinct()))
                               .select_from(Notice)).one()
    assert len(references) == BURST and tuple(stored) == (BURST, BURST)
    verify = subprocess.run(
        [sys.executable, "-c", "from assembly.cli import main; main()", "audit", "verify"],
        env=command_env(engine, tmp_path), capture_output=True, text=True, timeout=60)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert verify.stdout.strip().endswith(", 0 break(s)")
