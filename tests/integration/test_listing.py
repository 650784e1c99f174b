"""The API's listing of notices: the latest filed first, pages, and a bounded count."""

from __future__ import annotations

import pytest

from assembly.services import listing
from assembly.services.listing import NoticeFilter, list_notices


def slot(hour: int) -> dict[str, str]:
    return {"starts_at": f"2021-05-20T{hour:02d}:00:00+06:00",
            "ends_at": f"2021-05-20T{hour:02d}:50:00+06:00"}


@pytest.fixture
def five(create_notice):
    """Five rallies at one place, filed a minute apart: the last one filed first."""
    made = [create_notice(filed_at=f"2021-05-13T10:0{k}:00+06:00", **slot(9 + k))
            for k in range(5)]
    return [n.reference for n in reversed(made)]


def test_the_listing_is_the_latest_filed_first_with_the_exact_total(session, five):
    found = list_notices(session, NoticeFilter(), page=1, per_page=2)
    assert [n.reference for n in found.notices] == five[:2]
    assert (found.total, found.exact) == (5, True)
    last = list_notices(session, NoticeFilter(), page=3, per_page=2)
    assert [n.reference for n in last.notices] == five[4:]


def test_beyond_the_count_ahead_the_total_is_a_floor_said_so(session, five, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_AHEAD", 1)
    first = list_notices(session, NoticeFilter(), page=1, per_page=2)
    assert (first.total, first.exact) == (3, False)  # at least the page and one more
    assert [n.reference for n in first.notices] == five[:2]
    deep = list_notices(session, NoticeFilter(), page=2, per_page=2)
    assert (deep.total, deep.exact) == (5, False)
    # The last page reaches the end: counted exactly again.
    last = list_notices(session, NoticeFilter(), page=3, per_page=2)
    assert (last.total, last.exact) == (5, True)


def test_a_page_past_the_end_is_empty_and_the_total_exact(session, five):
    found = list_notices(session, NoticeFilter(), page=9, per_page=2)
    assert (found.notices, found.total, found.exact) == ([], 5, True)
