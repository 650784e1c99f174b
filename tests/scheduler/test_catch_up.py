"""After downtime the scheduler catches up, dating each move by its deadline (Art. 11(1))."""

from __future__ import annotations

import threading

from sqlalchemy import select

from assembly import clock
from assembly.models import Notice, NoticeEvent
from assembly.scheduler import Scheduler
from tests.conftest import at
from tests.mailserver import wait_until
from tests.scheduler.conftest import FAST, in_progress

BACK_UP = at("2021-05-25T10:00:00+06:00")  # the scheduler was down from 17 to 25 May


def run_scheduler_until(app, condition, timeout: float = 20) -> None:
    """Run an in-process scheduler until `condition()` holds, then stop it cleanly."""
    stop = threading.Event()
    scheduler = Scheduler(app, settings=FAST, stop=stop)
    thread = threading.Thread(target=scheduler.run)
    thread.start()
    try:
        wait_until(condition, timeout)
    finally:
        stop.set()
        thread.join(timeout=20)
    assert not thread.is_alive()


def test_a_notification_whose_deadline_passed_during_downtime_is_deemed_accepted_as_of_it(
    session, session_factory, silent_notices, scheduler_app, smtp
):
    [reference] = silent_notices(n=1)

    def told() -> list:
        return [r for r in smtp.messages()
                if r.subject == f"Уведомление {reference}: вы можете провести мирное собрание"]

    with clock.frozen(BACK_UP):
        run_scheduler_until(scheduler_app, lambda: told() and not in_progress(session_factory))

    with session_factory() as check:
        notice = check.scalars(select(Notice).where(Notice.reference == reference)).one()
        moves = [(e.trigger, e.at) for e in check.scalars(
            select(NoticeEvent).where(NoticeEvent.notice_id == notice.id)
            .order_by(NoticeEvent.seq))]
    assert moves == [
        ("file", at("2021-05-13T10:00:00+06:00")),
        ("deem_accept", at("2021-05-18T23:59:59+06:00")),  # its deadline, not 25 May
        ("mark_held", at("2021-05-20T10:00:00+06:00")),  # when it ended
    ]
    [message] = told()
    assert "истёкший 18 мая 2021\u202fг., 23:59" in message.part("plain")  # babel: NNBSP
