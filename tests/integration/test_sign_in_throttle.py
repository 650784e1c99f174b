"""Wrong passwords counted in the database (per address, or per known device): a few are
free, then each makes the next attempt wait longer, up to a cap; a success or a quiet day
clears the count. The portal and the API share it (tests/web/test_sign_in_limits.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from assembly.errors import Throttled
from assembly.models import SignInThrottle
from assembly.services.throttle import ThrottlePolicy, account_key, device_key
from assembly.services.users import sign_in
from tests.conftest import at

POLICY = ThrottlePolicy()  # 5 free, then 1 min doubling up to 15 min, forgotten after 24 h
T0 = at("2026-03-02T10:00:00+05:00")
PASSWORD = "correct horse battery"


def attempt(session, email, password, now, device_id=None):  # type: ignore[no-untyped-def]
    """One attempt in its own transaction, as a request makes it: the user, None, or the
    wait in seconds when it was not even tried."""
    try:
        user = sign_in(session, email, password, now=now, policy=POLICY, device_id=device_id)
    except Throttled as exc:
        session.rollback()
        return exc.retry_after_seconds
    session.commit()
    return user


def test_the_policy_doubles_the_wait_after_the_free_failures_up_to_the_cap():
    waits = [POLICY.delay(n) for n in range(1, 12)]
    minutes = [None if w is None else w / timedelta(minutes=1) for w in waits]
    assert minutes == [None, None, None, None, 1, 2, 4, 8, 15, 15, 15]


def test_each_wrong_password_after_the_free_ones_makes_the_next_attempt_wait_longer(
    session, citizen
):
    session.commit()
    now = T0
    for _ in range(5):
        assert attempt(session, citizen.email, "wrong password", now) is None
    waits = []
    for _ in range(6):
        wait = attempt(session, citizen.email, "wrong password", now)
        assert isinstance(wait, int)
        waits.append(wait)
        now += timedelta(seconds=wait)  # the moment it may try again: one more wrong one
        assert attempt(session, citizen.email, "wrong password", now) is None
    assert waits == [60, 120, 240, 480, 900, 900]
    # Even the right password waits now; when the wait is over, it signs in and clears.
    assert attempt(session, citizen.email, PASSWORD, now) == 900
    assert attempt(session, citizen.email, PASSWORD, now + timedelta(seconds=900)) == citizen
    assert session.scalars(select(SignInThrottle)).all() == []


def test_a_wait_ends_a_second_early_for_no_one(session, citizen):
    session.commit()
    for _ in range(5):
        attempt(session, citizen.email, "wrong password", T0)
    assert attempt(session, citizen.email, PASSWORD, T0 + timedelta(seconds=59)) == 1


def test_a_quiet_day_forgets_the_wrong_passwords(session, citizen):
    session.commit()
    for _ in range(7):
        attempt(session, citizen.email, "wrong password", T0 + timedelta(minutes=10) * _)
    later = T0 + timedelta(hours=25)
    assert attempt(session, citizen.email, "wrong password", later) is None
    [row] = session.scalars(select(SignInThrottle)).all()
    assert (row.failures, row.blocked_until) == (1, None)


def test_an_unknown_address_is_counted_and_kept_waiting_exactly_as_a_known_one(
    session, citizen
):
    session.commit()
    known = [attempt(session, citizen.email, "wrong password", T0) for _ in range(6)]
    unknown = [attempt(session, "nobody@example.kz", "wrong password", T0) for _ in range(6)]
    assert known == unknown == [None] * 5 + [60]


def test_a_known_device_is_counted_apart_from_the_address(session, citizen):
    session.commit()
    for _ in range(6):
        attempt(session, citizen.email, "wrong password", T0)  # a stranger: now waiting
    assert attempt(session, citizen.email, PASSWORD, T0) == 60
    assert attempt(session, citizen.email, PASSWORD, T0, device_id="owner-laptop") == citizen
    for _ in range(5):  # a known device guessing is limited on its own
        assert attempt(session, citizen.email, "wrong", T0, device_id="owner-laptop") is None
    assert attempt(session, citizen.email, PASSWORD, T0, device_id="owner-laptop") == 60


def test_the_counts_are_kept_under_digests_never_under_an_address(session, citizen):
    session.commit()
    attempt(session, citizen.email.upper(), "wrong password", T0)
    attempt(session, citizen.email, "wrong password", T0, device_id="laptop")
    rows = session.scalars(select(SignInThrottle).order_by(SignInThrottle.failures)).all()
    assert {row.key for row in rows} == {account_key(citizen.email), device_key("laptop")}
    assert all(len(row.key) == 64 and "@" not in row.key for row in rows)


@pytest.mark.parametrize("email", ["", " ", "x" * 300, "a\x00b@example.kz"])
def test_odd_addresses_are_counted_like_any_other(session, email):
    assert attempt(session, email, "wrong password", T0) is None
    assert session.scalars(select(SignInThrottle.failures)).one() == 1
