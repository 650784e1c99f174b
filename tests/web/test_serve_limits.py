"""`assembly serve` with two gunicorn workers: the limits hold across them (wrong passwords
per account in the database, attempts per IP address in Redis), a session ended by one
worker is ended for the other, and a Redis that cannot be used stops the start at once.

Redis: ASSEMBLY_TEST_REDIS_URL (default redis://127.0.0.1:6379/0), each test under a key
prefix of its own. Without a Redis the tests that need one are skipped; with CI set they
fail instead (CI must run them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assembly.cli import main
from tests.processes import command_env
from tests.serving import REDIS_URL, Http, free_port, redis_key_prefix, serving
from tests.web.conftest import PASSWORD

FREE = 5  # wrong passwords per account before a wait (ThrottlePolicy)
PER_IP = 30  # wrong passwords per IP address in the window (SIGNIN_LIMIT_PER_IP)


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own in the test Redis (its keys deleted afterwards)."""
    with redis_key_prefix() as prefix:
        yield prefix


@pytest.fixture
def served(engine, session, tmp_path: Path, redis_prefix: str) -> Iterator[str]:
    """`assembly serve --workers 2` on the test database, counting addresses in Redis."""
    env = command_env(engine, tmp_path, ASSEMBLY_REDIS_URL=REDIS_URL,
                      ASSEMBLY_REDIS_PREFIX=redis_prefix)
    with serving(env, tmp_path / "serve.log") as base:
        yield base


def test_two_workers_let_through_exactly_the_free_wrong_passwords_of_an_account(
    served, create_user, session
):
    user = create_user("officer")
    session.commit()

    def guess(_: int) -> int:
        return Http(served).request("/api/v1/tokens", body={
            "email": user.email, "password": "a wrong password"})[0]

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = Counter(pool.map(guess, range(10)))
    assert statuses == {401: FREE, 429: 10 - FREE}


def test_two_workers_share_the_per_address_limit_in_redis(served, redis_prefix):
    import redis

    statuses = [Http(served).request("/api/v1/tokens", body={
        "email": f"nobody{i}@example.kz", "password": "a wrong password"})[0]
        for i in range(PER_IP + 2)]
    assert statuses == [401] * PER_IP + [429] * 2
    client = redis.Redis.from_url(REDIS_URL)
    assert any(True for _ in client.scan_iter(f"{redis_prefix}:*"))
    client.close()


def test_a_session_signed_out_on_one_worker_is_over_on_every_worker(
    served, create_user, session
):
    user = create_user("citizen")
    session.commit()
    browser = Http(served)
    assert browser.form("/sign-in", "/sign-in",
                        {"email": user.email, "password": PASSWORD}) == 302
    copy = Http(served)
    copy.cookies = dict(browser.cookies)
    assert [copy.request("/account")[0] for _ in range(4)] == [200] * 4
    assert browser.form("/account", "/sign-out", {}) == 302
    assert [copy.request("/account")[0] for _ in range(4)] == [302] * 4


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSEMBLY_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("ASSEMBLY_DATABASE_URL", f"sqlite:///{tmp_path / 'web.db'}")


def test_serve_refuses_a_redis_that_does_not_answer_in_one_line(instance, monkeypatch):
    monkeypatch.setenv("ASSEMBLY_REDIS_URL", "redis://:secret@127.0.0.1:1/0")
    result = CliRunner().invoke(main, ["serve", "--port", str(free_port())])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: the Redis at redis://:***@127.0.0.1:1/0 (ASSEMBLY_REDIS_URL) does not answer: "
        "start it, or unset ASSEMBLY_REDIS_URL to count per process"]


def test_serve_refuses_a_redis_url_without_the_redis_package(instance, monkeypatch):
    import limits.storage
    from limits.errors import ConfigurationError

    def missing(*_: Any, **__: Any) -> None:
        raise ConfigurationError("prerequisite not available")

    monkeypatch.setattr(limits.storage, "storage_from_string", missing)
    monkeypatch.setenv("ASSEMBLY_REDIS_URL", "redis://127.0.0.1:6379/0")
    result = CliRunner().invoke(main, ["serve", "--port", str(free_port())])
    assert result.exit_code == 2
    assert "pip install 'assembly[redis]'" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_serve_refuses_a_redis_url_that_is_not_one(instance, monkeypatch):
    monkeypatch.setenv("ASSEMBLY_REDIS_URL", "127.0.0.1:6379")
    result = CliRunner().invoke(main, ["serve", "--port", str(free_port())])
    assert result.exit_code == 2
    assert "ASSEMBLY_REDIS_URL must be a redis://" in result.output
